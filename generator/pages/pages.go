// Package pages reads the Markdown pages of content/pages/.
package pages

import (
	"errors"
	"html/template"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/markdown"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// Page is an extra Markdown page from content/pages/ (about, SLA
// terms), rendered at /<name>/.
type Page struct {
	Name  string // file name without .md; the page is <name>/index.html
	Title string // the first "# " heading, or the name
	Path  string // relative to the site folder
	Body  template.HTML
}

// ReservedPages are top-level names the site itself uses.
var ReservedPages = []string{"services", "incidents", "reports", "api", "badges", "assets", "actions", "feed", "404", "index", "labels", "maintenance"}

// Load reads content/pages/*.md. A page whose name cannot be a URL
// folder, or is taken by the site, is reported and left out.
func Load(cfg *config.Config, ds *diag.Diagnostics) []*Page {
	dir := filepath.Join(cfg.Dir, "content", "pages")
	entries, err := sitefs.ReadSiteDir(cfg.Dir, dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			ds.Errorf(diag.RelPath(cfg.Dir, dir), 0, 0, "%s", sitefs.ReadProblem(err))
		}
		return nil
	}
	var pages []*Page
	taken := map[string]string{} // page name → the file that has it
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".md") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		rel := diag.RelPath(cfg.Dir, path)
		name := strings.ToLower(strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())))
		switch {
		case !config.IDPattern.MatchString(name):
			ds.Errorf(rel, 0, 0, "page name %q cannot be a URL folder; rename the file with lower-case letters, digits and dashes", name)
			continue
		case slices.Contains(ReservedPages, name):
			ds.Errorf(rel, 0, 0, "page name %q is used by the site itself; rename the file", name)
			continue
		case taken[name] != "":
			ds.Errorf(rel, 0, 0, "its page /%s/ is also the page of %s (page names are file names in lower case); rename one of the files", name, taken[name])
			continue
		}
		taken[name] = rel
		src, err := markdown.ReadSource(cfg.Dir, path)
		if err != nil {
			ds.Errorf(rel, 0, 0, "%v", err)
			continue
		}
		body, err := markdown.Render(src)
		if err != nil {
			ds.Errorf(rel, markdown.ErrorLine(err, 1), 0, "%s", markdown.ErrorMessage(err))
			continue
		}
		title := name
		for _, l := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(l, "# ") {
				title = strings.TrimSpace(l[2:])
				break
			}
		}
		pages = append(pages, &Page{Name: name, Title: title, Path: rel, Body: body})
	}
	return pages
}
