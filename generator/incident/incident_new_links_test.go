package incident

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/sitefs"
	"github.com/statusgen/statusgen/generator/testsite"
)

// WriteNew writes nothing through a folder linked out of the site, nor
// through a link to nowhere; a link to a folder inside the site is
// followed.
func TestWriteNewRefusesAFolderLinkedOut(t *testing.T) {
	for _, c := range []struct {
		name   string
		target string // of incidents/; OUT is the outside folder, SITE the site's
		want   error  // nil: written
	}{
		{"outside folder", "OUT", sitefs.ErrOutsideSite},
		{"outside, relative", "../OUTBASE", sitefs.ErrOutsideSite},
		{"nowhere", "OUT/missing", sitefs.ErrLink},
		{"inside", "SITE/docs/incidents", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			outside := testsite.Write(t, "-- keep.md --\nkeep\n")
			dir := testsite.Write(t, "-- site.toml --\n"+testsite.OneServiceTOML+"-- docs/incidents/old.md --\nold\n")
			target := strings.NewReplacer("OUTBASE", filepath.Base(outside), "OUT", outside, "SITE", dir).Replace(c.target)
			testsite.Symlink(t, target, filepath.Join(dir, "incidents"))
			before := testsite.Files(t, outside)
			err := WriteNew(dir, filepath.Join(dir, "incidents", "2026-11-23-x.md"), []byte("new\n"))
			if c.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if b, _ := os.ReadFile(filepath.Join(dir, "docs", "incidents", "2026-11-23-x.md")); string(b) != "new\n" {
					t.Errorf("not written through the link inside the site: %q", b)
				}
				return
			}
			if !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), "incidents: ") || !strings.Contains(err.Error(), "nothing was written") {
				t.Errorf("err = %v, want one wrapping %v that names incidents and says nothing was written", err, c.want)
			}
			testsite.SameFiles(t, "outside", before, testsite.Files(t, outside))
		})
	}
}
