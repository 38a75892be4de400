package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/sitefs"
)

// Incident imports (cState, Statuspage) write nothing through an
// incidents/ folder linked out of the site, in a dry run or not, and read
// no source comment through a link out of it: the error names incidents/
// and the outside folder is left as it was. A folder linked inside the
// site is followed.
func TestWriteIncidentsThroughNoLinkOutOfTheSite(t *testing.T) {
	const secret = "GITHUB_TOKEN=ghp_leakcanary0123456789"
	doc := func() *IncidentDoc {
		return &IncidentDoc{Source: "statuspage abc", Title: "Outage", Services: []string{"api"}, Severity: "major",
			Started: mustTime("2026-11-03T09:00:00Z"), Resolved: mustTime("2026-11-03T10:00:00Z")}
	}
	for _, c := range []struct {
		name, link, target string // target: OUT is the outside folder, SITE the site's
		want               error  // nil: written
	}{
		{"folder outside", "incidents", "OUT", sitefs.ErrOutsideSite},
		{"folder to nowhere", "incidents", "OUT/missing", sitefs.ErrLink},
		{"file outside", "incidents/old.md", "OUT/old.md", sitefs.ErrOutsideSite},
		{"folder inside", "incidents", "SITE/docs", nil},
	} {
		for _, dryRun := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, dry run %v", c.name, dryRun), func(t *testing.T) {
				outside := t.TempDir()
				// A source comment behind the link would make the import skip.
				if err := os.WriteFile(filepath.Join(outside, "old.md"), []byte("+++\n# source: "+secret+"\n+++\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				s := newSite(t, map[string]string{"docs/keep.md": "keep\n"})
				link := filepath.Join(s.Config.Dir, filepath.FromSlash(c.link))
				os.MkdirAll(filepath.Dir(link), 0o755)
				target := strings.NewReplacer("OUT", outside, "SITE", s.Config.Dir).Replace(c.target)
				if err := os.Symlink(target, link); err != nil {
					t.Fatal(err)
				}
				var sum Summary
				err := s.WriteIncidents(&sum, []*IncidentDoc{doc()}, dryRun)
				if es, _ := os.ReadDir(outside); len(es) != 1 {
					t.Errorf("%d files written into the folder outside the site", len(es)-1)
				}
				if c.want == nil {
					if err != nil || sum.NImported != 1 {
						t.Fatalf("err %v, imported %d", err, sum.NImported)
					}
					if es, _ := os.ReadDir(filepath.Join(s.Config.Dir, "docs")); !dryRun && len(es) != 2 {
						t.Errorf("docs/ holds %d files, want the incident beside keep.md", len(es))
					}
					return
				}
				if !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), c.link+": ") || strings.Contains(err.Error(), secret) {
					t.Errorf("dry run %v: err = %v, want one wrapping %v that names %s", dryRun, err, c.want, c.link)
				}
			})
		}
	}
}
