package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `import upptime --history-csv FILE` needs no clone and no .upptimerc.yml.
func TestImportUpptimeHistoryCSVAlone(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://s.example.com/\"\n\n[[service]]\nid = \"api\"\nname = \"API\"\n"), 0o644)
	csv := filepath.Join(dir, "export.csv")
	os.WriteFile(csv, []byte("timestamp,site,status,code,response_time_ms\n2026-11-04T10:00:00Z,git-hub,up,200,80\n"), 0o644)
	code, out, errs := runCLI(t, nil, "import", "upptime", "--history-csv", csv, "-c", dir)
	if code != exitOK || !strings.Contains(out, "imported 1 row") || !strings.Contains(out, `id       = "git-hub"`) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/metrics/git-hub/2026-11.csv")); err != nil {
		t.Error(err)
	}
}

// A file the importer cannot read makes the command exit 1; what it could
// read is imported all the same.
func TestImportUnreadableFileExits1(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://s.example.com/\"\n\n[[service]]\nid = \"api\"\nname = \"API\"\n"), 0o644)
	issues := filepath.Join(dir, "cstate")
	os.MkdirAll(issues, 0o755)
	os.WriteFile(filepath.Join(issues, "2026-11-01-api.md"), []byte("---\ntitle: API down\ndate: 2026-11-01T10:00:00Z\nresolved: true\nresolvedWhen: 2026-11-01T11:00:00Z\nseverity: down\n---\nBody.\n"), 0o644)
	os.WriteFile(filepath.Join(issues, "broken.md"), []byte("no front matter\n"), 0o644)
	code, out, errs := runCLI(t, nil, "import", "cstate", issues, "-c", dir)
	if code != exitInputs || !strings.Contains(errs, "1 file could not be read") || !strings.Contains(out, "imported 1 incident") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
}
