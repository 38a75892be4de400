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

// An OpenSLO file of the kind the specification's examples show imports,
// builds, and exports back with the same objectives and windows.
func TestOpenSLOSpecExampleImportsBuildsExports(t *testing.T) {
	dir := t.TempDir()
	yml := filepath.Join(dir, "slo.yaml")
	os.WriteFile(yml, []byte(`apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
  displayName: Searches are fast
spec:
  service: web-shop
  indicator:
    metadata:
      name: search-duration
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: search_p99
  timeWindow:
    - duration: 2w
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Good experience
      op: lt
      value: 500
      target: 0.99
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: uptime
spec:
  service: web-availability
  indicator:
    spec:
      ratioMetric:
        counter: true
        good: {metricSource: {type: Any, spec: {query: ok}}}
        total: {metricSource: {type: Any, spec: {query: all}}}
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar: {startTime: "2022-01-01 12:00:00", timeZone: UTC}
  budgetingMethod: Occurrences
  objectives:
    - displayName: Internal
      target: 0.995
    - displayName: Contract
      targetPercent: 99
`), 0o644)
	site := filepath.Join(dir, "site.toml")
	os.WriteFile(site, []byte("title = \"Shop\"\n"), 0o644)
	code, _, errOut := runCLI(t, nil, "import", "openslo", yml, "-c", site)
	if code != 0 || !strings.Contains(errOut, "slo.yaml:14:11: warning: metric source \"Prometheus\" is not queried") {
		t.Fatalf("import: %d\n%s", code, errOut)
	}
	if code, _, errOut = runCLI(t, nil, "build", "-c", site, "-o", filepath.Join(dir, "public")); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "services", "web-shop", "index.html")); err != nil {
		t.Fatal(err)
	}
	_, out, _ := runCLI(t, nil, "export", "openslo", "-c", site)
	for _, want := range []string{
		"name: web-shop-search-latency", "duration: 2w\n      isRolling: true", "op: lt\n      value: 500\n      target: 0.99\n",
		"name: web-availability-uptime\n", "duration: 1M\n      isRolling: false", "target: 0.995\n",
		"name: web-availability-uptime-2\n", "displayName: Contract\n      target: 0.99\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
}
