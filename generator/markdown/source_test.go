package markdown

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/sitefs"
)

func TestReadSource(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	write := func(p string, n int) {
		if err := os.WriteFile(p, []byte(strings.Repeat("a", n)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "ok.md"), 10)
	write(filepath.Join(root, "big.md"), MaxMarkdownBytes+1)
	write(filepath.Join(outside, "secret.md"), 10)
	if err := os.Symlink("big.md", filepath.Join(root, "link-big.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "out.md")); err != nil {
		t.Fatal(err)
	}

	if src, err := ReadSource(root, filepath.Join(root, "ok.md")); err != nil || len(src) != 10 {
		t.Errorf("ok.md: %d bytes, %v", len(src), err)
	}
	// Over the limit, directly and through a link inside the site: refused
	// from the size, the message says by how much.
	for _, name := range []string{"big.md", "link-big.md"} {
		_, err := ReadSource(root, filepath.Join(root, name))
		var tc *TooComplexError
		if !errors.As(err, &tc) || !strings.Contains(err.Error(), "1,048,577 bytes") {
			t.Errorf("%s: %v, want too large at 1,048,577 bytes", name, err)
		}
	}
	// A link out of the site is not read, and says so.
	_, err := ReadSource(root, filepath.Join(root, "out.md"))
	if !errors.Is(err, sitefs.ErrOutsideSite) || !strings.Contains(err.Error(), "outside the site") {
		t.Errorf("out.md: %v, want a refusal of the link", err)
	}
}
