package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

// build --check --report FILE does what check, build and report do, from
// one read: the same annotations as check, the same site as build and
// the same report as report, appended to FILE; and the cache the build
// leaves makes check, report and build give what they give without it.
func TestBuildCheckReportInOneRead(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
title = "One read"
[[service]]
id = "api"
name = "API"
  [[service.slo]]
  id = "up"
  objective = 99
-- content/metrics/api/a.csv --
time,status
2026-11-23T11:00:00Z,up
2026-11-23T11:05:00Z,sideways
2026-11-23T11:10:00Z,down
-- incidents/2026-11-23-outage.md --
+++
title = "Outage"
started = 2026-11-23T11:10:00Z
services = ["api"]
severity = "major"
+++
It broke.
`)
	cfg := filepath.Join(dir, "site.toml")
	now := "2026-11-23T12:00:00Z"
	gh := map[string]string{"GITHUB_ACTIONS": "true"}

	_, checkOut, _ := runCLI(t, gh, "check", "-c", cfg, "--now", now, "--no-cache")
	_, reportOut, _ := runCLI(t, nil, "report", "-c", cfg, "--now", now, "--no-cache")
	plain := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := runCLI(t, nil, "build", "-c", cfg, "--now", now, "-o", plain, "--no-cache"); code != exitOK {
		t.Fatalf("build: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, ".statusgen")); err == nil {
		t.Error("--no-cache wrote a cache")
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	os.WriteFile(summary, []byte("# before\n"), 0o644)
	one := filepath.Join(t.TempDir(), "public")
	code, out, errOut := runCLI(t, gh, "build", "-c", cfg, "--now", now, "-o", one, "--check", "--report", summary)
	if code != exitOK {
		t.Fatalf("build --check --report: exit %d: %s", code, errOut)
	}
	for _, line := range strings.Split(strings.TrimSpace(checkOut), "\n") {
		if strings.HasPrefix(line, "::") && !strings.Contains(out, line) {
			t.Errorf("build --check lacks check's annotation %s\nit printed:\n%s", line, out)
		}
	}
	if !strings.Contains(out, "has no owner") {
		t.Errorf("build --check printed no owner warning:\n%s", out)
	}
	if b, _ := os.ReadFile(summary); string(b) != "# before\n"+reportOut {
		t.Errorf("report file:\n%s\nwant what was there and then:\n%s", b, reportOut)
	}
	compareDirs(t, plain, one)
	if _, err := os.Stat(filepath.Join(dir, ".statusgen", "cache")); err != nil {
		t.Errorf("the build left no cache: %v", err)
	}
	// From the cache, the same again.
	_, checkCached, _ := runCLI(t, gh, "check", "-c", cfg, "--now", now)
	_, reportCached, _ := runCLI(t, nil, "report", "-c", cfg, "--now", now)
	if checkCached != checkOut || reportCached != reportOut {
		t.Errorf("with the cache, check printed\n%s\nreport\n%s\nwithout:\n%s\n%s", checkCached, reportCached, checkOut, reportOut)
	}
	if code, _, _ := runCLI(t, nil, "build", "-c", cfg, "--report-format", "yaml"); code != exitUsage {
		t.Errorf("--report-format yaml: exit %d, want %d", code, exitUsage)
	}
}

func compareDirs(t *testing.T, a, b string) {
	t.Helper()
	fa, fb := testsite.Files(t, a), testsite.Files(t, b)
	for p, v := range fa {
		if fb[p] != v {
			t.Errorf("%s differs", p)
		}
	}
	if len(fa) != len(fb) {
		t.Errorf("%d files, want %d", len(fb), len(fa))
	}
}
