package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportSourcesCommandLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://s.example.com/\"\n\n[[service]]\nid = \"api\"\nname = \"API\"\n"), 0o644)
	issues := filepath.Join(dir, "cstate")
	os.MkdirAll(issues, 0o755)
	os.WriteFile(filepath.Join(issues, "2026-11-01-api.md"), []byte("---\ntitle: API down\ndate: 2026-11-01T10:00:00Z\nresolved: true\nresolvedWhen: 2026-11-01T11:00:00Z\nseverity: down\naffected: [API]\n---\nBody.\n"), 0o644)

	code, out, errs := runCLI(t, nil, "import", "cstate", issues, "-c", dir, "--dry-run")
	if code != exitOK || !strings.Contains(out, "would import cstate 2026-11-01-api.md as incidents/2026-11-01-api.md (critical, API down)") ||
		!strings.Contains(out, "dry run: nothing was written") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "incidents")); !os.IsNotExist(err) {
		t.Fatal("dry run wrote incidents/")
	}
	for _, want := range []string{"imported 1 incident, skipped 0", "imported 0 incidents, skipped 1"} {
		code, out, errs = runCLI(t, nil, "import", "cstate", "-c", dir, issues)
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("want %q: exit %d\n%s%s", want, code, out, errs)
		}
	}
	if code, _, errs := runCLI(t, nil, "import", "dbt", "x.json", "-c", dir); code != exitUsage || !strings.Contains(errs, "--service") {
		t.Errorf("dbt without --service: exit %d, %s", code, errs)
	}
	if code, _, errs := runCLI(t, nil, "import", "statuspage", filepath.Join(dir, "nope"), "-c", dir); code != exitInputs || !strings.Contains(errs, "nope") {
		t.Errorf("missing source: exit %d, %s", code, errs)
	}
	if code, _, errs := runCLI(t, nil, "import", "statuspage", "--map", "nonsense", "x"); code != exitUsage || !strings.Contains(errs, "want name=service-id") {
		t.Errorf("bad --map: exit %d, %s", code, errs)
	}
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = 3\n"), 0o644)
	if code, _, errs := runCLI(t, nil, "import", "cstate", issues, "-c", dir); code != exitInputs || !strings.Contains(errs, "nothing was imported") {
		t.Errorf("broken site.toml: exit %d, %s", code, errs)
	}
}
