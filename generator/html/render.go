package html

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/pages"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/sitefs"
	"github.com/statusgen/statusgen/templates"
)

// Page is what every template receives: the site, where the page is, and
// the item it is about.
type Page struct {
	Site     *site.Site
	Root     string // relative path from the page to the site root, "" or "../../"
	Path     string // the page's own path in public/, e.g. "services/orders-api/"
	Title    string
	Service  *site.ServiceReport
	Incident *incident.Incident
	Content  *pages.Page         // a page of content/pages/
	Charts   *ServiceCharts      // service pages
	Month    *site.MonthReport   // monthly report pages
	Months   []*site.MonthReport // the reports index
	SLODoc   *site.SLODoc        // SLO document pages
	Label    *site.LabelValue    // label pages
}

// Canonical returns the absolute URL of the page when base_url is set.
func (p *Page) Canonical() string {
	if p.Site.Config.BaseURL == "" {
		return ""
	}
	return p.Site.Config.BaseURL + p.Path
}

// templateSet loads templates from the site's templates/ folder, falling
// back to the embedded defaults file by file.
type templateSet struct {
	root      string // the site folder, which no override may leave
	overrides string // the site's templates folder
	funcs     template.FuncMap
	parsed    map[string]*template.Template // by page template, parsed once per render
}

func (ts *templateSet) read(name string) ([]byte, error) {
	if ts.overrides != "" {
		p := filepath.Join(ts.overrides, name)
		b, err := sitefs.ReadSiteFile(ts.root, p)
		if err == nil {
			return b, nil
		}
		var sf *sitefs.SiteFileError
		if errors.As(err, &sf) {
			return nil, fmt.Errorf("%s: %w", diag.RelPath(ts.root, p), err)
		}
	}
	b, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b, nil
}

// page parses the base layout, the partials and one page template.
func (ts *templateSet) page(name string) (*template.Template, error) {
	if t, ok := ts.parsed[name]; ok {
		return t, nil
	}
	t := template.New("").Funcs(ts.funcs)
	for _, n := range []string{"base.html", "partials.html", "label-partials.html", "maintenance-partials.html", "subscribe.html", "data.html", name} {
		src, err := ts.read(n)
		if err != nil {
			return nil, err
		}
		if _, err := t.New(n).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("template %w", err)
		}
	}
	if ts.parsed == nil {
		ts.parsed = map[string]*template.Template{}
	}
	ts.parsed[name] = t
	return t, nil
}

// Emit receives each file of a build as it is produced: its path in
// public/ and its bytes. It may be called from several goroutines at
// once; a path emitted twice takes the later bytes.
type Emit func(path string, b []byte) error

// output hands the files on as they are produced.
type output Emit

// Render produces the HTML pages of the site and their assets, keyed by
// their paths in public/. Nothing is written; build.Files adds the
// machine outputs and build.Build writes them all atomically.
func Render(s *site.Site) (map[string][]byte, error) {
	files := map[string][]byte{}
	var mu sync.Mutex
	err := RenderTo(s, func(p string, b []byte) error {
		mu.Lock()
		files[p] = b
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// RenderTo is Render handing each file to emit as soon as it is rendered,
// so a build writes pages while others render and never holds the whole
// site in memory.
func RenderTo(s *site.Site, emit Emit) error {
	_, err := renderTo(s, output(emit))
	return err
}

func renderTo(s *site.Site, out output) (output, error) {
	ts := &templateSet{root: s.Config.Dir, overrides: filepath.Join(s.Config.Dir, "templates"), funcs: incidentFuncs(s, funcs(s))}
	maps.Copy(ts.funcs, pageFuncs(s))
	labelFuncs(s, ts.funcs)
	maintenanceFuncs(s, ts.funcs)
	render := func(tmpl, p string, pg *Page) error {
		t, err := ts.page(tmpl)
		if err != nil {
			return err
		}
		pg.Site = s
		if pg.Root == "" {
			pg.Root = site.RootOf(p)
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, "base", pg); err != nil {
			return fmt.Errorf("rendering %s with %s: %w", p, tmpl, err)
		}
		return out(p, buf.Bytes())
	}
	if err := render("index.html", "index.html", &Page{Path: "", Title: s.Config.Title}); err != nil {
		return nil, err
	}
	// Service pages are most of a large site's work: render them one per
	// core. The template is parsed first, so the workers only read it; each
	// page goes to its own path, and the first error in site.toml order wins.
	err := parallel(ts, "service.html", len(s.Services), func(i int) error {
		svc := s.Services[i]
		p := "services/" + svc.ID + "/index.html"
		return render("service.html", p, &Page{Path: path.Dir(p) + "/", Title: svc.Name, Service: svc, Charts: serviceCharts(s, svc, i)})
	})
	if err != nil {
		return nil, err
	}
	if err := renderReports(s, render); err != nil {
		return nil, err
	}
	if err := renderLabels(s, render); err != nil {
		return nil, err
	}
	if err := render("incidents.html", "incidents/index.html", &Page{Path: "incidents/", Title: "Incident history"}); err != nil {
		return nil, err
	}
	if err := render("actions.html", "actions/index.html", &Page{Path: "actions/", Title: "Action items"}); err != nil {
		return nil, err
	}
	// Incident pages, one per core as well: a large archive has
	// thousands.
	err = parallel(ts, "incident.html", len(s.Incidents), func(i int) error {
		in := s.Incidents[i]
		p := "incidents/" + in.Slug + "/index.html"
		return render("incident.html", p, &Page{Path: path.Dir(p) + "/", Title: in.Title, Incident: in})
	})
	if err != nil {
		return nil, err
	}
	for _, cp := range s.Pages {
		p := cp.Name + "/index.html"
		if err := render("page.html", p, &Page{Path: cp.Name + "/", Title: cp.Title, Content: cp}); err != nil {
			return nil, err
		}
	}
	if err := render("404.html", "404.html", &Page{Path: "404.html", Title: "Page not found", Root: absRoot(s)}); err != nil {
		return nil, err
	}
	if err := out.addAssets(ts); err != nil {
		return nil, err
	}
	if cs := s.ChartScript; cs != nil {
		if err := out("assets/echarts.min.js", cs.Script); err != nil {
			return nil, err
		}
		if err := out("assets/echarts-LICENSE.txt", cs.License); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// parallel runs job(0) … job(n−1) one per core, with the template parsed
// first so the workers only read it; the first error in job order wins.
func parallel(ts *templateSet, tmpl string, n int, job func(i int) error) error {
	if _, err := ts.page(tmpl); err != nil {
		return err
	}
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := min(runtime.GOMAXPROCS(0), n); w > 0; w-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				errs[i] = job(i)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// absRoot is the root for pages served at any path (404.html): the path
// of base_url, or "/".
func absRoot(s *site.Site) string {
	u := s.Config.BaseURL
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			return u[j:]
		}
	}
	return "/"
}

// addAssets copies the embedded assets, then the site's own
// templates/assets over them.
func (o output) addAssets(ts *templateSet) error {
	err := fs.WalkDir(templates.FS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		return o(p, b)
	})
	if err != nil {
		return err
	}
	dir := filepath.Join(ts.overrides, "assets")
	real, err := sitefs.SiteDir(ts.root, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", diag.RelPath(ts.root, dir), err)
	}
	// Walk the real folder, so that a linked assets folder inside the
	// site works; each file is still checked on its own.
	return filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(real, p)
		b, err := sitefs.ReadSiteFile(ts.root, p)
		if err != nil {
			return fmt.Errorf("%s: %w", diag.RelPath(ts.root, filepath.Join(dir, rel)), err)
		}
		return o("assets/"+filepath.ToSlash(rel), b)
	})
}

// funcs are the formatting helpers templates may use. They format; they
// do not compute figures.
func funcs(s *site.Site) template.FuncMap {
	loc := s.Config.Location
	return template.FuncMap{
		"pct":       format.Pct,
		"pctOf":     func(v float64) string { return format.Pct(&v) },
		"objective": format.Objective,
		"num":       format.Num,
		"minutes":   format.Minutes,
		"rate":      format.Rate,
		"date":      func(t time.Time) string { return t.In(loc).Format("2 Jan 2006") },
		"month":     func(t time.Time) string { return t.In(loc).Format("January 2006") },
		"datetime":  func(t time.Time) string { return format.DateTime(t, loc) },
		"iso":       func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"duration":  format.Duration,
		"since": func(a, b time.Time) string {
			if a.IsZero() || b.IsZero() {
				return "—"
			}
			return format.Duration(b.Sub(a))
		},
		"statusText":  site.StatusText,
		"stateText":   format.StateText,
		"resolvedAt":  func(in *incident.Incident) time.Time { return in.Resolved },
		"ongoing":     func(in *incident.Incident) bool { return in.Ongoing(s.Now) },
		"upcoming":    func(in *incident.Incident) bool { return in.Started.After(s.Now) },
		"serviceName": func(id string) string { return s.ServiceName(id) },
		"dayClass":    dayClass,
		"bars":        func(r *site.ServiceReport, root string) uptimeBars { return uptimeBars{r, root} },
		"dayTitle":    func(d site.Day) string { return dayTitle(d, loc) },
		"severityText": func(sev string) string {
			if sev == "" {
				return ""
			}
			return strings.ToUpper(sev[:1]) + sev[1:]
		},
		"join":    strings.Join,
		"float":   func(n int) float64 { return float64(n) },
		"seconds": func(n int64) time.Duration { return time.Duration(n) * time.Second },
		"deref":   func(b *bool) bool { return b != nil && *b },
		"add":     func(a, b int) int { return a + b },
	}
}

// uptimeBars is what the uptime-bars partial draws: a service's days, and
// the page's path to the site root for the links to the days' incidents.
type uptimeBars struct {
	*site.ServiceReport
	Root string
}

// dayClass names the colour of an uptime bar.
func dayClass(d site.Day) string {
	if d.Availability == nil {
		return "nodata"
	}
	switch a := *d.Availability; {
	case a >= 0.999:
		return "good"
	case a >= 0.99:
		return "fair"
	case a >= 0.95:
		return "poor"
	}
	return "bad"
}

func dayTitle(d site.Day, loc *time.Location) string {
	date := d.Date.In(loc).Format("Mon 2 Jan 2006")
	if d.Availability == nil {
		return date + ": no data" + dayIncidents(d)
	}
	s := date + ": " + format.Pct(d.Availability) + " available"
	if d.DowntimeMin >= 1 {
		s += ", " + format.Duration(time.Duration(d.DowntimeMin*float64(time.Minute))) + " down"
	}
	return s + dayIncidents(d)
}

// dayIncidentsSep starts the incidents in a day's title; assets/site.js
// cuts the title there, as its box lists them with links.
const dayIncidentsSep = "; incidents: "

func dayIncidents(d site.Day) string {
	if len(d.Incidents) == 0 {
		return ""
	}
	var names []string
	for _, in := range d.Incidents {
		names = append(names, in.Title+" ("+in.Severity+")")
	}
	return dayIncidentsSep + strings.Join(names, ", ")
}
