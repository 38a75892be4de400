package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site.toml")
	write := func(body string) {
		if err := os.WriteFile(site, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("title = \"T\"\n[[service]]\nid = \"api\"\nname = \"API\"\n  [[service.slo]]\n  id = \"inc\"\n  indicator = \"incidents\"\n  objective = 99.9\n")

	code, out, errs := runCLI(t, nil, "report", "-c", site)
	if code != exitOK || !strings.Contains(out, "| API | inc (incidents, 28d) | 100% | 99.9% | 100% (40 min) | ✅ Meeting objective | none |") {
		t.Errorf("report: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, nil, "report", "-c", site, "--format", "json", "--now", "2026-11-01T00:00:00Z")
	if code != exitOK || !strings.Contains(out, `"generated_at": "2026-11-01T00:00:00Z"`) {
		t.Errorf("report --format json: exit %d\n%s", code, out)
	}
	if code, _, _ = runCLI(t, nil, "report", "-c", site, "--format", "html"); code != exitUsage {
		t.Errorf("report --format html: exit %d, want %d", code, exitUsage)
	}
	write("title = \"T\"\nbogus = 1\n")
	code, out, errs = runCLI(t, nil, "report", "-c", site)
	if code != exitInputs || out != "" || !strings.Contains(errs, "site.toml:2") {
		t.Errorf("report on a broken site.toml: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
