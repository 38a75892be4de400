// Package testsite writes small sites for tests from a txtar-style
// archive: lines "-- path --" start a file, and everything up to the next
// such line is its content.
//
//	dir := testsite.Write(t, `
//	-- site.toml --
//	title = "T"
//	-- content/metrics/api/a.csv --
//	time,status
//	2026-11-01T00:00:00Z,up
//	`)
package testsite

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Write writes the archive's files into a new temporary folder and
// returns it.
func Write(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	WriteInto(t, dir, archive)
	return dir
}

// WriteInto writes the archive's files into dir.
func WriteInto(t testing.TB, dir, archive string) {
	t.Helper()
	for name, content := range Parse(archive) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Symlink makes link point at target, creating link's folder first.
func Symlink(t testing.TB, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// Parse splits an archive into files. Leading tabs common to every line
// are removed, so archives can be indented in Go source.
func Parse(archive string) map[string]string {
	files := map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name != "" {
			files[name] = b.String()
		}
		b.Reset()
	}
	for _, line := range strings.Split(archive, "\n") {
		l := strings.TrimLeft(line, "\t")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			flush()
			name = strings.TrimSpace(l[3 : len(l)-3])
			continue
		}
		if name != "" {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	flush()
	return files
}

// RepoRoot is the folder of the repository's go.mod, found from the
// working folder of the test up.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the working folder")
		}
		dir = up
	}
}

// RealMarkdown is every Markdown file of ../shared/realdata's postmortems,
// the repository's docs and its sample incidents.
func RealMarkdown(t testing.TB) map[string][]byte {
	t.Helper()
	root := RepoRoot(t)
	dir := filepath.Join(filepath.Dir(root), "shared", "realdata", "postmortems")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the real-data folder is missing (%v); CI provides ../shared/realdata beside the repository", err)
	}
	var paths []string
	for _, pattern := range []string{filepath.Join(dir, "*", "*"), filepath.Join(root, "docs", "*.md"), filepath.Join(root, "README.md"), filepath.Join(root, "incidents", "*.md")} {
		m, _ := filepath.Glob(pattern)
		paths = append(paths, m...)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		if b := filepath.Base(p); b == "LICENSE" || b == "COMMIT" {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = src
	}
	if len(out) < 30 {
		t.Fatalf("only %d Markdown files found", len(out))
	}
	return out
}

// ReadFile is the content of the file at p.
func ReadFile(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Secret stands for what a link out of the site could publish: the
// build's environment, /etc/passwd. Tests put it outside the site and
// check it never comes back.
const Secret = "GITHUB_TOKEN=ghp_leakcanary0123456789"

// Files returns every file under dir with its bytes, for checking that
// nothing there changed.
func Files(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			files[rel] = "-> " + l
		case fi.Mode().IsRegular():
			b, _ := os.ReadFile(p)
			files[rel] = string(b)
		default:
			files[rel] = fi.Mode().String()
		}
		return nil
	})
	return files
}

// SameFiles reports, as what, every file of before that after changed or
// lacks and every file after adds.
func SameFiles(t testing.TB, what string, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; !ok || a != b {
			t.Errorf("%s: %s changed: %q, was %q", what, p, a, b)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s was created", what, p)
		}
	}
}

// SiteFiles writes files (path → content) into a new folder and returns
// the path of its site.toml.
func SiteFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "site.toml")
}

// Time parses an RFC 3339 time or fails the test.
func Time(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// CheckSVG parses an SVG as XML and fails on anything that would load
// from elsewhere.
func CheckSVG(t *testing.T, svg []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	root := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("svg does not parse: %v\n%s", err, svg)
			}
			break
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Space + " " + se.Name.Local
		}
	}
	if root != "http://www.w3.org/2000/svg svg" {
		t.Errorf("root element %q", root)
	}
	for _, bad := range []string{"@import", "@font-face", "http://", "https://", "href="} {
		if bytes.Contains(bytes.ReplaceAll(svg, []byte(`xmlns="http://www.w3.org/2000/svg"`), nil), []byte(bad)) {
			t.Errorf("svg contains %q", bad)
		}
	}
}

// OneServiceTOML is the smallest useful site.toml: one hourly service
// "api" with a status SLO of 99% over a day.
const OneServiceTOML = `title = "T"

[[service]]
id = "api"
name = "API"
interval = "1h"
  [[service.slo]]
  id = "availability"
  indicator = "status"
  objective = 99
  window = "1d"
`
