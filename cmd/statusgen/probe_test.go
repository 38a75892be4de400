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
