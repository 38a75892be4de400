package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// statusgen init, then statusgen build, in an empty folder gives a site;
// a second init refuses and changes nothing.
func TestInitThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	code, out, errOut := runCLI(t, nil, "init", dir)
	if code != 0 || !strings.Contains(out, "wrote "+filepath.Join(dir, "site.toml")) {
		t.Fatalf("init: %d %s %s", code, out, errOut)
	}
	site := filepath.Join(dir, "site.toml")
	wf, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "status.yml"))
	if err != nil || !strings.Contains(string(wf), "uses: statusgen/statusgen@main\n") {
		t.Errorf("the new site's workflow does not use the statusgen Action: %v", err)
	}
	code, _, errOut = runCLI(t, nil, "check", "-c", site, "--strict")
	if code != 0 {
		t.Fatalf("check --strict of the new site: %s", errOut)
	}
	pub := filepath.Join(dir, "public")
	if code, _, errOut = runCLI(t, nil, "build", "-c", site, "-o", pub); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	index, err := os.ReadFile(filepath.Join(pub, "index.html"))
	if err != nil || !strings.Contains(string(index), "My service") || !strings.Contains(string(index), "All systems operational") {
		t.Errorf("index.html: %v\n%.400s", err, index)
	}
	// Nothing to probe.
	if code, _, errOut = runCLI(t, nil, "probe", "-c", site, "--dry-run"); code != 0 || !strings.Contains(errOut, "nothing to do") {
		t.Errorf("probe: %d %s", code, errOut)
	}

	os.WriteFile(site, []byte("title = \"Mine\"\n"), 0o644)
	code, _, errOut = runCLI(t, nil, "init", dir)
	if code != 1 || !strings.Contains(errOut, "site.toml already exists") || !strings.Contains(errOut, "nothing was written") {
		t.Errorf("second init: %d %s", code, errOut)
	}
	if b, _ := os.ReadFile(site); string(b) != "title = \"Mine\"\n" {
		t.Error("a second init changed site.toml")
	}
}

// init refuses a folder that has any of its files, even one, before
// writing the others.
func TestInitWritesNothingWhenOneFileExists(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("mine\n"), 0o644)
	if code, _, _ := runCLI(t, nil, "init", dir); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		t.Error("site.toml was written next to an existing .gitignore")
	}
}
