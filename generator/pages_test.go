package generator

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/chartscript"
	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/testsite"
)

// Two files that give the same page name are an error naming both; the
// first in name order keeps the page, whatever happens to the other.
func TestPageNameCollision(t *testing.T) {
	cfg := testsite.WriteIncidentSite(t, map[string]string{
		"content/pages/About.md": "# About us\n",
		"content/pages/about.md": "# About this site\n",
		"content/pages/sla.MD":   "# SLA\n",
		"content/pages/sla.md":   "# SLA terms\n",
	})
	c, ds := config.LoadConfig(cfg)
	if c == nil {
		t.Fatal(ds)
	}
	pages := LoadPages(c, &ds)
	var got []string
	for _, p := range pages {
		got = append(got, p.Path+"="+p.Title)
	}
	if strings.Join(got, " ") != "content/pages/About.md=About us content/pages/sla.MD=SLA" {
		t.Errorf("pages %q", got)
	}
	want := []string{
		"content/pages/about.md: its page /about/ is also the page of content/pages/About.md (page names are file names in lower case); rename one of the files",
		"content/pages/sla.md: its page /sla/ is also the page of content/pages/sla.MD (page names are file names in lower case); rename one of the files",
	}
	if ds.Error() != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%v\nwant:\n%s", ds.Error(), strings.Join(want, "\n"))
	}
}

// Every top-level name a full build writes is refused as a page name, so
// a page can never replace part of the site.
func TestReservedPagesCoverTheSite(t *testing.T) {
	dir := t.TempDir()
	if err := example.Write(dir, fixedNow); err != nil {
		t.Fatal(err)
	}
	site, ds := Load(filepath.Join(dir, "site.toml"), fixedNow)
	if site == nil || ds.HasErrors() {
		t.Fatal(ds)
	}
	site.ChartScript = &chartscript.Script{Script: []byte("x"), License: []byte("x")}
	files, err := site.Render()
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]bool{}
	for _, p := range site.Pages {
		pages[p.Name] = true
	}
	seen := map[string]bool{}
	for p := range files {
		top, _, _ := strings.Cut(p, "/")
		stem := strings.TrimSuffix(top, filepath.Ext(top))
		if !pages[top] && !seen[stem] {
			seen[stem] = true
			if !slices.Contains(reservedPages, stem) {
				t.Errorf("the site writes %s, but a page named %s.md is not refused", top, stem)
			}
		}
	}
	if len(seen) < 8 {
		t.Errorf("only %d top-level names: %v", len(seen), seen)
	}
	// And each reserved name is refused, in any case.
	files2 := map[string]string{}
	for _, name := range reservedPages {
		files2["content/pages/"+strings.ToUpper(name[:1])+name[1:]+".md"] = "# " + name + "\n"
	}
	c, ds := config.LoadConfig(testsite.WriteIncidentSite(t, files2))
	if got := LoadPages(c, &ds); len(got) != 0 || len(ds) != len(reservedPages) {
		t.Errorf("pages %v, diagnostics %v", got, ds)
	}
}
