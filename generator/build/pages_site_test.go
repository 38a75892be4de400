package build

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/chartscript"
	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/pages"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/testsite"
)

// Every top-level name a full build writes is refused as a page name, so
// a page can never replace part of the site.
func TestReservedPagesCoverTheSite(t *testing.T) {
	dir := t.TempDir()
	if err := example.Write(dir, fixedNow); err != nil {
		t.Fatal(err)
	}
	st, ds := site.Load(filepath.Join(dir, "site.toml"), fixedNow)
	if st == nil || ds.HasErrors() {
		t.Fatal(ds)
	}
	st.ChartScript = &chartscript.Script{Script: []byte("x"), License: []byte("x")}
	files, err := Files(st)
	if err != nil {
		t.Fatal(err)
	}
	published := map[string]bool{}
	for _, p := range st.Pages {
		published[p.Name] = true
	}
	seen := map[string]bool{}
	for p := range files {
		top, _, _ := strings.Cut(p, "/")
		stem := strings.TrimSuffix(top, filepath.Ext(top))
		if !published[top] && !seen[stem] {
			seen[stem] = true
			if !slices.Contains(pages.ReservedPages, stem) {
				t.Errorf("the site writes %s, but a page named %s.md is not refused", top, stem)
			}
		}
	}
	if len(seen) < 8 {
		t.Errorf("only %d top-level names: %v", len(seen), seen)
	}
	// And each reserved name is refused, in any case.
	files2 := map[string]string{}
	for _, name := range pages.ReservedPages {
		files2["content/pages/"+strings.ToUpper(name[:1])+name[1:]+".md"] = "# " + name + "\n"
	}
	c, ds := config.LoadConfig(testsite.WriteIncidentSite(t, files2))
	if got := pages.Load(c, &ds); len(got) != 0 || len(ds) != len(pages.ReservedPages) {
		t.Errorf("pages %v, diagnostics %v", got, ds)
	}
}
