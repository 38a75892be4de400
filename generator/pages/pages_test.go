package pages

import (
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/config"
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
	pages := Load(c, &ds)
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
