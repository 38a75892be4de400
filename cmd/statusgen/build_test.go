package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

const buildSite = `
-- site.toml --
[[service]]
id = "api"
-- content/metrics/api/2026-11.csv --
time,status
2026-11-23T11:00:00Z,up
-- incidents/2026-11-20-outage.md --
+++
title = "Outage"
services = ["api"]
severity = "minor"
started = 2026-11-20T10:00:00Z
resolved = 2026-11-20T11:00:00Z
+++
What happened.
-- .git/HEAD --
ref: refs/heads/main
`

// build -o refuses, with exit 2 and the reason, an output that would
// replace the site's own files; every file stays as it was.
func TestBuildRefusesToReplaceTheSitesFiles(t *testing.T) {
	for _, c := range []struct{ out, why string }{
		{"content", "content/ folder (snapshots and pages)"},
		{"incidents", "incidents/ folder (postmortems)"},
		{"site.toml", "site configuration site.toml"},
		{"", "the site folder or holds it"},
		{".git", ".git folder"},
	} {
		dir := testsite.Write(t, buildSite)
		out := filepath.Join(dir, c.out)
		files := map[string]string{}
		for _, name := range []string{"site.toml", "content/metrics/api/2026-11.csv", "incidents/2026-11-20-outage.md", ".git/HEAD"} {
			b, _ := os.ReadFile(filepath.Join(dir, name))
			files[name] = string(b)
		}
		code, stdout, stderr := runCLI(t, nil, "build", "-c", filepath.Join(dir, "site.toml"), "-o", out)
		if code != exitUsage || !strings.Contains(stderr, "statusgen build: refusing to write the site into "+out+": ") ||
			!strings.Contains(stderr, c.why) {
			t.Errorf("build -o %s: exit %d, want 2 and a message saying %q\n%s%s", c.out, code, c.why, stdout, stderr)
		}
		for name, want := range files {
			if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != want || want == "" {
				t.Errorf("build -o %s changed %s: %v", c.out, name, err)
			}
		}
	}
}

// The next build removes what killed builds left beside the output, and
// nothing else.
func TestBuildRemovesWhatKilledBuildsLeft(t *testing.T) {
	dir := testsite.Write(t, buildSite)
	for _, n := range []string{".public.new-1234", ".public.old-1234", ".public.new-mine", "notes"} {
		os.MkdirAll(filepath.Join(dir, n, "api"), 0o755)
	}
	if code, _, stderr := runCLI(t, nil, "build", "-c", filepath.Join(dir, "site.toml")); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// .statusgen/ is the build cache (docs/performance.md).
	if got := strings.Join(names, " "); got != ".git .public.new-mine .statusgen content incidents notes public site.toml" {
		t.Errorf("the site folder after the build holds %s", got)
	}
}

// demo --overwrite into a folder whose public/ is the user's refuses
// before writing anything, and the folder stays as it was.
func TestDemoKeepsAUsersPublicFolder(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "public"), 0o755)
	os.WriteFile(filepath.Join(dir, "public", "index.html"), []byte("my own page"), 0o644)
	code, _, stderr := runCLI(t, nil, "demo", "--overwrite", "--now", "2026-11-23T12:00:00Z", dir)
	if code != exitUsage || !strings.Contains(stderr, "no statusgen build wrote") {
		t.Errorf("demo --overwrite over a user's public/: exit %d\n%s", code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "public", "index.html")); err != nil || string(b) != "my own page" {
		t.Errorf("the user's public/index.html was lost: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		t.Error("demo wrote the example before refusing")
	}
}
