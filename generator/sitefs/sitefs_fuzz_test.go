package sitefs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSiteFileLinks points a link (and a second link it may go through)
// inside a site at any target text and reads through it. Whatever the
// targets: the secret beside the site (in outside/ and in site-evil/,
// whose name starts like the site's) is never returned; what is returned
// is a file of the site; a refusal for leaving the site names the target.
func FuzzSiteFileLinks(f *testing.F) {
	root := f.TempDir()
	site := filepath.Join(root, "site")
	for name, body := range map[string]string{
		"site/site.toml": "inside", "site/in.md": "inside", "site/sub/deep.md": "inside",
		"outside/secret.md": secret, "site-evil/secret.md": secret, "secret.md": secret,
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	for _, s := range [][2]string{
		{"../in.md", ""}, {"deep.md", ""}, {"m", "../in.md"}, {"m", "../../secret.md"},
		{"../../outside/secret.md", ""}, {"../../site-evil/secret.md", ""}, {"m/secret.md", "../../site-evil"},
		{filepath.Join(root, "secret.md"), ""}, {filepath.Join(site, "in.md"), ""}, {"m", filepath.Join(root, "outside")},
		{"/proc/self/environ", ""}, {"/dev/zero", ""}, {"l", ""}, {"m", "l"}, {"../sub/../../site/in.md", ""},
		{"./m/../../in.md", "."}, {"m/deep.md", "."}, {"m/deep.md", "../sub"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, target, second string) {
		sub := filepath.Join(site, "sub")
		l, m := filepath.Join(sub, "l"), filepath.Join(sub, "m")
		os.Remove(l)
		os.Remove(m)
		defer os.Remove(l)
		defer os.Remove(m)
		if os.Symlink(target, l) != nil {
			return
		}
		if second != "" && os.Symlink(second, m) != nil {
			return
		}
		b, err := ReadSiteFile(site, l)
		if err == nil && string(b) != "inside" {
			t.Fatalf("l → %q, m → %q: read %q", target, second, b)
		}
		var sf *SiteFileError
		if errors.As(err, &sf) && errors.Is(err, ErrOutsideSite) && (sf.Target == "" || !strings.Contains(err.Error(), sf.Target)) {
			t.Fatalf("l → %q, m → %q: refusal %q names no target", target, second, err)
		}
	})
}
