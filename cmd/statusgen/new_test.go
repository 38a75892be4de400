package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/site"
)

const newSiteTOML = `title = "New incident tests"
timezone = "Europe/Berlin"

[[service]]
id = "orders-api"
name = "Orders API"
owner = "Payments"
`

func TestNewIncident(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(cfg, []byte(newSiteTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC on 23 Nov is 00:30 on 24 Nov in Berlin: the file is dated
	// in the site's time zone.
	code, out, errs := runCLI(t, nil, "new", "incident", "-c", cfg, "--service", "Orders API", "--severity", "major", "--now", "2026-11-23T23:30:00Z", "Orders API: can't take orders")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rel := "incidents/2026-11-24-orders-api-cant-take-orders.md"
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if !strings.Contains(out, "created "+path) {
		t.Errorf("stdout %q", out)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`title     = "Orders API: can't take orders"`, `services  = ["orders-api"]`, `severity  = "major"`,
		"started   = 2026-11-24T00:30:00+01:00", `owner     = "Payments"`, "## Root cause", "## Lessons learned"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("scaffold lacks %q:\n%s", want, src)
		}
	}
	// The scaffold is valid: check finds nothing to say about it.
	ds := site.Check(cfg, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	for _, d := range ds {
		if strings.HasPrefix(d.Path, "incidents/") {
			t.Errorf("scaffold diagnostic: %s", d.Error())
		}
	}

	// A second run never overwrites.
	if err := os.WriteFile(path, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, nil, "new", "incident", "-c", cfg, "--now", "2026-11-23T23:30:00Z", "Orders API: can't take orders")
	if code != exitInputs || !strings.Contains(errs, "already exists; nothing was overwritten") {
		t.Errorf("second run: exit %d, %q", code, errs)
	}
	if b, _ := os.ReadFile(path); string(b) != "edited by hand" {
		t.Error("the existing file was changed")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "incidents"))
	if len(entries) != 1 {
		t.Errorf("incidents/ holds %d entries, want only the report (no temporary files)", len(entries))
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--service", "order-api", "X"}, `unknown service "order-api"; did you mean "orders-api"?`},
		{[]string{"--severity", "majr", "X"}, `unknown severity "majr"; use minor, major, critical or maintenance; did you mean "major"?`},
		{[]string{}, "the incident needs a title"},
	} {
		args := append([]string{"new", "incident", "-c", cfg}, tc.args...)
		code, _, errs := runCLI(t, nil, args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
	if code, _, _ := runCLI(t, nil, "new", "postmortem", "-c", cfg, "X"); code != exitUsage {
		t.Errorf("new postmortem: exit %d, want 2", code)
	}
}

func TestNewMaintenanceAndCheckAnnotations(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(cfg, []byte(newSiteTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, nil, "new", "incident", "-c", cfg, "--severity", "maintenance", "--now", "2026-11-23T10:00:00Z", "DB", "upgrade"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	src, err := os.ReadFile(filepath.Join(dir, "incidents", "2026-11-23-db-upgrade.md"))
	if err != nil || !strings.Contains(string(src), "resolved  = 2026-11-23T12:00:00+01:00") || !strings.Contains(string(src), `status = "scheduled"`) {
		t.Fatalf("maintenance scaffold: %v\n%s", err, src)
	}
	// An action without owner or due date, in GitHub annotation format.
	bad := "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-01T10:00:00Z\nresolved = 2026-11-01T11:00:00Z\n\n[[actions]]\ntext = \"Do it\"\n+++\n"
	if err := os.WriteFile(filepath.Join(dir, "incidents", "2026-11-01-x.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, nil, "check", "-c", cfg, "--format", "github", "--now", "2026-11-23T10:00:00Z")
	if code != exitOK {
		t.Errorf("warnings alone: exit %d, want 0", code)
	}
	for _, want := range []string{
		`::warning file=incidents/2026-11-01-x.md,line=7::action item "Do it" has no owner`,
		`::warning file=incidents/2026-11-01-x.md,line=7::action item "Do it" has no due date`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("annotations lack %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCLI(t, nil, "check", "-c", cfg, "--strict", "--now", "2026-11-23T10:00:00Z"); code != exitInputs {
		t.Errorf("check --strict with warnings: exit %d, want 1", code)
	}
}

// `new incident` writes nothing through an incidents/ folder linked out of
// the site: it fails, naming the folder, and the outside folder gets no
// file.
func TestNewIncidentRefusesIncidentsLinkedOut(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(cfg, []byte(newSiteTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "incidents")); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, nil, "new", "incident", "-c", cfg, "--now", "2026-11-23T23:30:00Z", "Orders API down")
	if code != exitInputs || !strings.Contains(errs, "statusgen new: incidents: links outside the site folder (to "+outside+")") ||
		!strings.Contains(errs, "nothing was written") {
		t.Errorf("exit %d, %q; want the link refused", code, errs)
	}
	if es, _ := os.ReadDir(outside); len(es) != 0 {
		t.Errorf("%d files written outside the site", len(es))
	}
}
