package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// statusgen export openslo, then import openslo into a new site, then
// export again: the same YAML. --dry-run writes nothing; an unsupported
// field is a warning with its file and line.
func TestImportExportOpenSLO(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if code, _, errOut := runCLI(t, nil, "demo", "--now", "2026-11-23T12:00:00Z", "--no-build", src); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	yml := filepath.Join(dir, "slos.yaml")
	if code, _, errOut := runCLI(t, nil, "export", "openslo", "-c", filepath.Join(src, "site.toml"), "-o", yml); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	dst := filepath.Join(dir, "dst")
	os.MkdirAll(dst, 0o755)
	site := filepath.Join(dst, "site.toml")
	start := "title = \"Copy\"\ntimezone = \"Europe/Berlin\"\n"
	os.WriteFile(site, []byte(start), 0o644)

	code, out, errOut := runCLI(t, nil, "import", "openslo", yml, "-c", site, "--dry-run")
	if code != 0 || !strings.Contains(out, "+ [[service]]") {
		t.Fatalf("dry run: %d %s %s", code, out, errOut)
	}
	if b, _ := os.ReadFile(site); string(b) != start {
		t.Fatal("--dry-run wrote site.toml")
	}
	if code, out, errOut = runCLI(t, nil, "import", "openslo", yml, "-c", site); code != 0 || !strings.Contains(out, "wrote site.toml (0 warnings)") {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, nil, "check", "-c", site); code != 0 {
		t.Fatalf("check of the imported site: %s", errOut)
	}
	again, _, _ := runCLI(t, nil, "export", "openslo", "-c", site)
	_, first, _ := runCLI(t, nil, "export", "openslo", "-c", filepath.Join(src, "site.toml"))
	_, second, _ := runCLI(t, nil, "export", "openslo", "-c", site)
	if again != 0 || first != second {
		t.Errorf("the round trip changed the YAML:\n%s\n---\n%s", first, second)
	}
	// Importing again adds nothing.
	before, _ := os.ReadFile(site)
	if code, out, _ = runCLI(t, nil, "import", "openslo", yml, "-c", site); code != 0 || !strings.Contains(out, "site.toml unchanged") {
		t.Errorf("second import: %d %s", code, out)
	}
	if after, _ := os.ReadFile(site); string(after) != string(before) {
		t.Error("a second import changed site.toml")
	}

	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  service: api\n  indicator:\n    spec:\n      ratioMetric: {good: {}, total: {}}\n  objectives:\n    - target: 0.99\n      compositeWeight: 2\n"), 0o644)
	_, _, errOut = runCLI(t, nil, "import", "openslo", bad, "-c", site, "--dry-run")
	if !strings.Contains(errOut, "bad.yaml:12:7: warning: objectives[].compositeWeight has no counterpart in statusgen; left out") {
		t.Errorf("stderr: %s", errOut)
	}
}
