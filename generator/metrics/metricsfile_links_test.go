package metrics

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/sitefs"
	"github.com/statusgen/statusgen/generator/testsite"
)

// linkRows are a probe's rows for November 2026.
var linkRows = []MetricRow{row("2026-11-23T12:00:00Z", "status", "up", "latency_ms", "5", "code", "200")}

// An append never reads or writes through a link that leads out of the
// site folder: a month file or a service folder linked outside (a
// committed link to ~/.bashrc or /etc) is refused, in a dry run too, with
// an error that names the path in the site and not a byte of what is
// there; the outside is left byte for byte as it was.
func TestAppendMetricsRefusesLinksOutOfTheSite(t *testing.T) {
	for _, c := range []struct {
		name    string
		link    string // in the site
		target  string // in the outside folder
		outside map[string]string
		want    error
	}{
		// Its first line, secret, would be quoted as a header lacking columns.
		{"month file to a secret", "content/metrics/api/2026-11.csv", "passwd",
			map[string]string{"passwd": testsite.Secret + "\nroot:x:0:0\n"}, sitefs.ErrOutsideSite},
		// A header that fits: the rows would be appended to the outside file.
		{"month file to a snapshot", "content/metrics/api/2026-11.csv", "bashrc.csv",
			map[string]string{"bashrc.csv": "time,status,latency_ms,code\n2026-11-01T00:00:00Z,up,1," + testsite.Secret + "\n"}, sitefs.ErrOutsideSite},
		// Another month's file, read for the times already there.
		{"other csv to a secret", "content/metrics/api/2026-10.csv", "passwd",
			map[string]string{"passwd": testsite.Secret + "\n"}, sitefs.ErrOutsideSite},
		{"month file to nowhere", "content/metrics/api/2026-11.csv", "missing.csv",
			map[string]string{}, sitefs.ErrLink},
		{"service folder", "content/metrics/api", "metrics",
			map[string]string{"metrics/2026-11.csv": "time,status,latency_ms,code\n2026-11-01T00:00:00Z,up,1," + testsite.Secret + "\n",
				"metrics/2026-10.csv": testsite.Secret + "\n"}, sitefs.ErrOutsideSite},
		{"empty service folder", "content/metrics/api", "empty/",
			map[string]string{}, sitefs.ErrOutsideSite},
		// The service folder does not exist yet: it would be created outside.
		{"metrics folder", "content/metrics", "all/",
			map[string]string{}, sitefs.ErrOutsideSite},
		{"journal to a secret", "content/metrics/api/" + appendJournal, "passwd",
			map[string]string{"passwd": "0 1 2026-11.csv\n" + testsite.Secret + "\n"}, nil},
	} {
		for _, dryRun := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/dry-run=%v", c.name, dryRun), func(t *testing.T) {
				root, outside := t.TempDir(), t.TempDir()
				for p, data := range c.outside {
					os.MkdirAll(filepath.Dir(filepath.Join(outside, p)), 0o755)
					if err := os.WriteFile(filepath.Join(outside, p), []byte(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if strings.HasSuffix(c.target, "/") {
					os.MkdirAll(filepath.Join(outside, c.target), 0o755)
				}
				os.WriteFile(filepath.Join(root, "site.toml"), []byte(`title = "T"`+"\n"), 0o644)
				testsite.Symlink(t, filepath.Join(outside, c.target), filepath.Join(root, c.link))
				before := testsite.Files(t, outside)

				dir := filepath.Join(root, "content", "metrics", "api")
				_, err := AppendMetrics(root, dir, ProbeColumns, linkRows, dryRun)
				testsite.SameFiles(t, "outside", before, testsite.Files(t, outside))
				if c.want == nil {
					// Not a journal of ours: nothing is read through it,
					// and the append works.
					if err != nil {
						t.Fatalf("dry run %v: %v", dryRun, err)
					}
					return
				}
				if err == nil {
					t.Fatalf("dry run %v: no error", dryRun)
				}
				msg := err.Error()
				if !errors.Is(err, c.want) || !strings.HasPrefix(msg, c.link+": ") || !strings.Contains(msg, "nothing was written") {
					t.Errorf("dry run %v: error %q, want one wrapping %v that starts with %s: and says nothing was written", dryRun, msg, c.want, c.link)
				}
				t.Log(msg)
				if strings.Contains(strings.ToLower(msg), strings.ToLower(testsite.Secret)) || strings.Contains(msg, "root:x") { // a header is quoted lower-cased
					t.Errorf("dry run %v: the error shows the outside file: %s", dryRun, msg)
				}
			})
		}
	}
}

// A month file that is a link is refused even when it leads to a file in
// the site: statusgen writes only to regular files, never through links
// (a link to another month's file would get rows of the wrong month, read
// twice by build). A service folder linked to a folder in the site is
// followed, as build follows it: the rows land in the real folder.
func TestAppendMetricsLinksInsideTheSite(t *testing.T) {
	root := t.TempDir()
	data := "time,status,latency_ms,code\n2026-11-01T00:00:00Z,up,1,200\n"
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	os.WriteFile(filepath.Join(root, "data", "nov.csv"), []byte(data), 0o644)
	testsite.Symlink(t, "../../../data/nov.csv", filepath.Join(root, "content", "metrics", "api", "2026-11.csv"))
	_, err := AppendMetrics(root, filepath.Join(root, "content", "metrics", "api"), ProbeColumns, linkRows, false)
	if !errors.Is(err, sitefs.ErrLink) || !strings.HasPrefix(err.Error(), "content/metrics/api/2026-11.csv: is a symbolic link;") {
		t.Errorf("error %v, want the link refused", err)
	}
	if got := testsite.ReadFile(t, filepath.Join(root, "data", "nov.csv")); got != data {
		t.Errorf("the link's target changed: %q", got)
	}

	os.MkdirAll(filepath.Join(root, "content", "metrics", "web-v1"), 0o755)
	testsite.Symlink(t, "web-v1", filepath.Join(root, "content", "metrics", "web"))
	files, err := AppendMetrics(root, filepath.Join(root, "content", "metrics", "web"), ProbeColumns, linkRows, false)
	if err != nil || len(files) != 1 || files[0].Path != filepath.Join(root, "content", "metrics", "web", "2026-11.csv") {
		t.Fatalf("append through a folder link inside the site: %+v %v", files, err)
	}
	want := "time,status,latency_ms,code\n2026-11-23T12:00:00Z,up,5,200\n"
	if got := testsite.ReadFile(t, filepath.Join(root, "content", "metrics", "web-v1", "2026-11.csv")); got != want {
		t.Errorf("web-v1/2026-11.csv: %q, want %q", got, want)
	}
	if fi, err := os.Lstat(filepath.Join(root, "content", "metrics", "web")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the folder link was replaced: %v %v", fi, err)
	}
}

// A service folder that is a file is refused, naming it.
func TestAppendMetricsServiceFolderIsAFile(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "metrics"), 0o755)
	os.WriteFile(filepath.Join(root, "content", "metrics", "api"), []byte(testsite.Secret), 0o644)
	_, err := AppendMetrics(root, filepath.Join(root, "content", "metrics", "api"), ProbeColumns, linkRows, false)
	if err == nil || !strings.HasPrefix(err.Error(), "content/metrics/api: is not a folder") || strings.Contains(err.Error(), testsite.Secret) {
		t.Errorf("error %v", err)
	}
}
