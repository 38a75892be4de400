package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProbeCommandAppendsOnce(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	site := fmt.Sprintf(`title = "T"
base_url = "https://status.example.com/"

[[service]]
id = "api"
name = "API"
  [service.probe]
  url = %q

[[service]]
id = "web"
name = "Web"
  [service.probe]
  url = %q

[[service]]
id = "batch"
name = "Batch"
`, srv.URL+"/up", srv.URL+"/down")
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(site), 0o644)

	code, out, errs := runCLI(t, nil, "probe", "-c", dir, "--now", "2026-11-23T12:00:00Z", "--dry-run", "--retry-delay", "0")
	if code != exitOK || !strings.Contains(out, "would append to content/metrics/api/2026-11.csv") || !strings.Contains(out, "dry run") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "content")); !os.IsNotExist(err) {
		t.Fatal("dry run wrote content/")
	}
	for range 2 {
		code, out, errs = runCLI(t, nil, "probe", "-c", dir, "--now", "2026-11-23T12:00:00Z", "--retry-delay", "0")
		if code != exitOK || !strings.Contains(out, "2 services probed at 2026-11-23T12:00:00Z: 1 up, 0 degraded, 1 down") {
			t.Fatalf("exit %d\n%s%s", code, out, errs)
		}
	}
	if !strings.Contains(errs, "already has a row at 2026-11-23T12:00:00Z") {
		t.Errorf("second run at the same time should say it wrote nothing: %s", errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/metrics/web/2026-11.csv"))
	if want := "time,status,latency_ms,code\n2026-11-23T12:00:00Z,down,"; !strings.HasPrefix(string(b), want) || strings.Count(string(b), "\n") != 2 || !strings.HasSuffix(string(b), ",502\n") {
		t.Errorf("web snapshot:\n%s", b)
	}
	if code, _, errs := runCLI(t, nil, "probe", "-c", dir, "--service", "batch"); code != exitUsage || !strings.Contains(errs, "no service \"batch\" with a [service.probe]") {
		t.Errorf("--service batch: exit %d %s", code, errs)
	}
}

// probe never reads or writes through a link out of the site: a month file
// linked to a file outside (a committed link to ~/.bashrc) and a service
// folder linked outside are refused with exit 1, naming the link in the
// site and showing nothing of the outside file, which is left as it was;
// the other services are still probed and written.
func TestProbeRefusesLinksOutOfTheSite(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	const secret = "GITHUB_TOKEN=ghp_leakcanary0123456789"
	dir, outside := t.TempDir(), t.TempDir()
	site := `title = "T"
base_url = "https://status.example.com/"
`
	for _, id := range []string{"api", "web", "ok"} {
		site += fmt.Sprintf("\n[[service]]\nid = %q\nname = %q\n  [service.probe]\n  url = %q\n", id, id, srv.URL)
	}
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(site), 0o644)
	bashrc := filepath.Join(outside, "bashrc")
	webCSV := filepath.Join(outside, "web", "2026-11.csv")
	os.MkdirAll(filepath.Dir(webCSV), 0o755)
	os.MkdirAll(filepath.Join(dir, "content", "metrics", "api"), 0o755)
	outsideFiles := map[string]string{
		bashrc: secret + "\n",
		webCSV: "time,status,latency_ms,code\n2026-11-01T00:00:00Z,up,1," + secret + "\n",
	}
	for p, data := range outsideFiles {
		os.WriteFile(p, []byte(data), 0o644)
	}
	for link, target := range map[string]string{
		"content/metrics/api/2026-11.csv": bashrc,
		"content/metrics/web":             filepath.Dir(webCSV),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}

	for _, dryRun := range []bool{true, false} {
		args := []string{"probe", "-c", dir, "--now", "2026-11-23T12:00:00Z", "--retry-delay", "0"}
		if dryRun {
			args = append(args, "--dry-run")
		}
		code, out, errs := runCLI(t, nil, args...)
		if code != exitInputs || !strings.Contains(out, "3 services probed") {
			t.Errorf("dry run %v: exit %d, want %d\n%s%s", dryRun, code, exitInputs, out, errs)
		}
		for _, want := range []string{
			"statusgen probe: content/metrics/api/2026-11.csv: links outside the site folder",
			"statusgen probe: content/metrics/web: links outside the site folder",
			"nothing was written",
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("dry run %v: stderr lacks %q:\n%s", dryRun, want, errs)
			}
		}
		if strings.Contains(strings.ToLower(out+errs), strings.ToLower(secret)) { // a header is quoted lower-cased
			t.Errorf("dry run %v: the output shows the outside files:\n%s%s", dryRun, out, errs)
		}
		for p, data := range outsideFiles {
			if b, err := os.ReadFile(p); err != nil || string(b) != data {
				t.Errorf("dry run %v: %s changed: %q", dryRun, p, b)
			}
		}
		if ents, _ := os.ReadDir(filepath.Dir(webCSV)); len(ents) != 1 {
			t.Errorf("dry run %v: files were created outside the site: %v", dryRun, ents)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "content/metrics/ok/2026-11.csv")); err != nil || strings.Count(string(b), "\n") != 2 {
		t.Errorf("the service without links was not written: %q %v", b, err)
	}
}

// A check made during planned maintenance, one-off or recurring, is
// recorded as maintenance, which the SLOs leave out; outside the window
// the same failure is down.
func TestProbeRecordsMaintenance(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	dir := t.TempDir()
	site := fmt.Sprintf(`title = "T"
[[service]]
id = "api"
  [service.probe]
  url = %q
[[service]]
id = "web"
  [service.probe]
  url = %q
[[service]]
id = "db"
  [service.probe]
  url = %q

[[maintenance]]
id = "patching"
title = "Weekly patching"
services = ["api"]
start = "2026-11-02T11:00:00Z"   # Mondays 11:00–13:00Z
duration = "2h"
rrule = "FREQ=WEEKLY;BYDAY=MO"
`, srv.URL+"/api", srv.URL+"/web", srv.URL+"/db")
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(site), 0o644)
	os.MkdirAll(filepath.Join(dir, "incidents"), 0o755)
	os.WriteFile(filepath.Join(dir, "incidents", "2026-11-23-web-move.md"), []byte(`+++
title = "Moving the web hosts"
services = ["web"]
severity = "maintenance"
started = 2026-11-23T11:30:00Z
resolved = 2026-11-23T12:30:00Z
+++
`), 0o644)
	read := func(id string) string {
		b, _ := os.ReadFile(filepath.Join(dir, "content/metrics", id, "2026-11.csv"))
		return string(b)
	}
	// 23 Nov 2026 is a Monday: both windows are in progress at 12:00Z.
	code, out, errs := runCLI(t, nil, "probe", "-c", dir, "--now", "2026-11-23T12:00:00Z", "--retry-delay", "0")
	if code != exitOK || !strings.Contains(out, "3 services probed at 2026-11-23T12:00:00Z: 0 up, 0 degraded, 1 down, 2 under maintenance") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(read("api"), "2026-11-23T12:00:00Z,maintenance,") || !strings.Contains(read("web"), "2026-11-23T12:00:00Z,maintenance,") ||
		!strings.Contains(read("db"), "2026-11-23T12:00:00Z,down,") {
		t.Errorf("rows:\napi %s\nweb %s\ndb %s", read("api"), read("web"), read("db"))
	}
	// After both windows the same failure is down.
	runCLI(t, nil, "probe", "-c", dir, "--now", "2026-11-23T13:00:00Z", "--retry-delay", "0")
	if !strings.Contains(read("api"), "2026-11-23T13:00:00Z,down,") || !strings.Contains(read("web"), "2026-11-23T13:00:00Z,down,") {
		t.Errorf("rows after the windows:\napi %s\nweb %s", read("api"), read("web"))
	}
}
