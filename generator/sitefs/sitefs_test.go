package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

// secret stands for what a link out of the site could publish: the
// build's environment, /etc/passwd.
const secret = "GITHUB_TOKEN=ghp_leakcanary0123456789"

func TestOpenSiteFile(t *testing.T) {
	outside := testsite.Write(t, "-- secret.md --\n# "+secret+"\n")
	dir := testsite.Write(t, "-- a.md --\nhello\n-- sub/b.md --\nb\n")
	testsite.Symlink(t, "a.md", filepath.Join(dir, "in.md"))
	testsite.Symlink(t, "sub", filepath.Join(dir, "subl"))
	testsite.Symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(dir, "out.md"))
	testsite.Symlink(t, "../"+filepath.Base(outside)+"/secret.md", filepath.Join(dir, "rel.md"))
	testsite.Symlink(t, "nowhere.md", filepath.Join(dir, "dangling.md"))
	testsite.Symlink(t, "loop.md", filepath.Join(dir, "loop.md"))
	for _, c := range []struct {
		name string
		want error // nil: read
	}{
		{"a.md", nil}, {"in.md", nil}, {"subl/b.md", nil},
		{"out.md", ErrOutsideSite}, {"rel.md", ErrOutsideSite},
		{"sub", ErrNotRegular},
		{"dangling.md", fs.ErrNotExist},
	} {
		b, err := ReadSiteFile(dir, filepath.Join(dir, c.name))
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if strings.Contains(string(b), secret) {
			t.Errorf("%s: the secret was read", c.name)
		}
	}
	if _, err := ReadSiteFile(dir, filepath.Join(dir, "loop.md")); err == nil {
		t.Error("a link loop was read")
	}
	// The site folder given relative to the working folder.
	t.Chdir(dir)
	if _, err := ReadSiteFile(".", "in.md"); err != nil {
		t.Errorf("relative paths: %v", err)
	}
	if _, err := ReadSiteFile(".", "out.md"); !errors.Is(err, ErrOutsideSite) {
		t.Errorf("relative paths, link out: %v", err)
	}
}

// A folder another process creates between the first look and the check
// for a dangling link is that process's new folder, not a link to
// nowhere: two appends to a new service's folder at once both go on (a
// concurrent-append test once failed so under load). A dangling link is
// still refused.
func TestWritableSiteDirRacesWithAnotherCreator(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "content", "metrics", "api")
	afterMiss = func(d string) {
		if d == dir {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { afterMiss = nil }()
	real, err := WritableSiteDir(root, dir, true)
	if err != nil {
		t.Fatalf("the folder made meanwhile is refused: %v", err)
	}
	if want, _ := filepath.EvalSymlinks(dir); real != want {
		t.Errorf("real path %q, want %q", real, want)
	}

	afterMiss = nil
	dangling := filepath.Join(root, "content", "metrics", "gone")
	if err := os.Symlink(filepath.Join(root, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := WritableSiteDir(root, dangling, true); !errors.Is(err, ErrDangling) {
		t.Errorf("a dangling link: %v, want ErrDangling", err)
	}
}
