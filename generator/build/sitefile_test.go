package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/testsite"
)

// secret stands for what a link out of the site could publish: the
// build's environment, /etc/passwd.
const secret = "GITHUB_TOKEN=ghp_leakcanary0123456789"

const leakIncident = `+++
title = "%s"
services = ["api"]
severity = "minor"
started = 2026-11-22T13:00:00Z
resolved = 2026-11-22T14:00:00Z
+++
%s
`

// outsideFiles is a folder beside the site holding files that must never
// be read, each carrying the secret where a build would publish or quote
// it.
func outsideFiles(t *testing.T) string {
	t.Helper()
	inc := strings.ReplaceAll(leakIncident, "%s", secret)
	csv := "root:x:0:0:" + secret + "\n2026-11-23T10:00:00Z,up\n"
	return testsite.Write(t, `
-- secret.md --
# `+secret+`

`+secret+`
-- incident.md --
`+inc+`
-- passwd.csv --
`+csv+`
-- style.css --
body{content:"`+secret+`"}
-- base.html --
{{define "base"}}`+secret+`{{end}}
-- site.toml --
title = "`+secret+`"
-- pages/env.md --
# `+secret+`
-- incidents/2026-11-22-leak.md --
`+inc+`
-- metrics/2026-11.csv --
`+csv+`
-- assets/leak.css --
body{content:"`+secret+`"}
`)
}

// buildText builds the site in dir and returns every byte a user could
// see: the diagnostics, the error and every file written.
func buildText(t *testing.T, dir string) (string, diag.Diagnostics, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	_, ds, err := Build(Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: fixedNow})
	var b strings.Builder
	b.WriteString(ds.Error())
	if err != nil {
		b.WriteString("\n" + err.Error())
	}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			b.Write(data)
		}
		return nil
	})
	return b.String(), ds, err
}

// Every reader of the site's inputs refuses a link that leads out of the
// site folder, naming the link, and reads nothing through it; the rest of
// the site is still built.
func TestLinksOutOfTheSiteAreNotRead(t *testing.T) {
	for _, c := range []struct {
		name, link, target string // target relative to the outside folder
		want               string
	}{
		{"page", "content/pages/env.md", "secret.md", "content/pages/env.md: links outside the site folder (to OUT/secret.md)"},
		{"pages folder", "content/pages", "pages", "content/pages: links outside the site folder (to OUT/pages)"},
		{"incident", "incidents/2026-11-22-leak.md", "incident.md", "incidents/2026-11-22-leak.md: links outside the site folder"},
		{"incidents folder", "incidents", "incidents", "incidents: links outside the site folder"},
		{"snapshot", "content/metrics/api/2026-11.csv", "passwd.csv", "content/metrics/api/2026-11.csv: links outside the site folder"},
		{"service's metrics folder", "content/metrics/api", "metrics", "content/metrics/api: links outside the site folder"},
		{"metrics folder", "content/metrics", ".", "content/metrics/api: links outside the site folder"},
		{"template", "templates/base.html", "base.html", "templates/base.html: links outside the site folder"},
		{"templates folder", "templates", ".", "templates/base.html: links outside the site folder"},
		{"asset", "templates/assets/leak.css", "style.css", "templates/assets/leak.css: links outside the site folder"},
		{"assets folder", "templates/assets", "assets", "templates/assets: links outside the site folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			outside := outsideFiles(t)
			dir := testsite.Write(t, "-- site.toml --\n"+testsite.OneServiceTOML)
			if c.name == "metrics folder" {
				// content/metrics → a folder whose api/ holds the secret.
				testsite.Symlink(t, filepath.Join(outside, "metrics"), filepath.Join(outside, "m", "api"))
				outside = filepath.Join(outside, "m")
			}
			testsite.Symlink(t, filepath.Join(outside, c.target), filepath.Join(dir, filepath.FromSlash(c.link)))
			text, ds, err := buildText(t, dir)
			if strings.Contains(text, secret) || strings.Contains(text, "root:x") {
				t.Errorf("the secret behind %s was read:\n%s", c.link, text)
			}
			want := strings.ReplaceAll(c.want, "OUT", outside)
			if !strings.Contains(text, want) {
				t.Errorf("no error %q:\n%s", want, text)
			}
			if err == nil && !ds.HasErrors() {
				t.Error("the link is not reported as an error")
			}
		})
	}
}

// A link written relative to its folder is resolved the same way.
func TestRelativeLinkOutOfTheSiteIsNotRead(t *testing.T) {
	outside := outsideFiles(t)
	dir := testsite.Write(t, "-- site.toml --\n"+testsite.OneServiceTOML)
	link := filepath.Join(dir, "content", "pages", "env.md")
	os.MkdirAll(filepath.Dir(link), 0o755)
	target, err := filepath.Rel(filepath.Dir(link), filepath.Join(outside, "secret.md"))
	if err != nil {
		t.Fatal(err)
	}
	testsite.Symlink(t, target, link)
	text, _, _ := buildText(t, dir)
	if strings.Contains(text, secret) {
		t.Errorf("the secret was read:\n%s", text)
	}
	if !strings.Contains(text, "content/pages/env.md: links outside the site folder") {
		t.Errorf("the link is not reported:\n%s", text)
	}
}

// Links that stay inside the site folder are followed, for every reader;
// the site folder may itself be reached through a link.
func TestLinksInsideTheSiteAreRead(t *testing.T) {
	real := testsite.Write(t, `
-- site.toml --
`+testsite.OneServiceTOML+`
-- shared/about.md --
# About us
-- shared/incident.md --
`+strings.ReplaceAll(leakIncident, "%s", "Shared incident")+`
-- shared/2026-11.csv --
time,status
2026-11-23T10:00:00Z,up
2026-11-23T11:00:00Z,down
-- shared/assets/extra.css --
.shared{}
`)
	for link, target := range map[string]string{
		"content/pages/about.md":          "../../shared/about.md",
		"incidents/2026-11-22-shared.md":  "../shared/incident.md",
		"content/metrics/api/2026-11.csv": "../../../shared/2026-11.csv",
		"templates/assets":                "../shared/assets",
	} {
		testsite.Symlink(t, target, filepath.Join(real, filepath.FromSlash(link)))
	}
	dir := filepath.Join(t.TempDir(), "site")
	testsite.Symlink(t, real, dir)
	out := filepath.Join(t.TempDir(), "public")
	st, ds, err := Build(Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: fixedNow})
	if err != nil || ds.HasErrors() {
		t.Fatalf("build: %v\n%s", err, ds.Error())
	}
	for _, f := range []string{"about/index.html", "incidents/2026-11-22-shared/index.html", "assets/extra.css"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not published: %v", f, err)
		}
	}
	if n := len(st.Services[0].Snapshot.Files); n != 1 {
		t.Errorf("%d snapshot files read, want the linked one", n)
	}
}

// site.toml itself may be a link, to a file inside its folder; a link to
// a site.toml elsewhere is refused, as the site folder is the folder of
// the path given.
func TestSiteTOMLLink(t *testing.T) {
	outside := outsideFiles(t)
	dir := testsite.Write(t, "-- conf/site.toml --\n"+testsite.OneServiceTOML)
	testsite.Symlink(t, "conf/site.toml", filepath.Join(dir, "site.toml"))
	if cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml")); cfg == nil || ds.HasErrors() {
		t.Errorf("a site.toml linked inside the site: %v", ds)
	}

	dir = t.TempDir()
	testsite.Symlink(t, filepath.Join(outside, "site.toml"), filepath.Join(dir, "site.toml"))
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if cfg != nil || strings.Contains(ds.Error(), secret) {
		t.Errorf("a site.toml linked outside was read: %v", ds)
	}
	if want := "site.toml: links outside the site folder (to " + filepath.Join(outside, "site.toml") + ")"; !strings.Contains(ds.Error(), want) {
		t.Errorf("got %v, want %q", ds, want)
	}
}
