package incident

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/markdown"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// Load reads every incidents/*.md. A file that cannot be
// published is reported and left out; the caller decides whether that
// fails the run.
func Load(cfg *config.Config, ds *diag.Diagnostics) []*Incident {
	return LoadMemo(cfg, ds, nil)
}

// LoadMemo is Load through a memo of parsed files (nil for none): what
// serve uses to parse only the files an edit changed.
func LoadMemo(cfg *config.Config, ds *diag.Diagnostics, memo *Memo) []*Incident {
	dir := filepath.Join(cfg.Dir, "incidents")
	entries, err := sitefs.ReadSiteDir(cfg.Dir, dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			ds.Errorf(diag.RelPath(cfg.Dir, dir), 0, 0, "%s", sitefs.ReadProblem(err))
		}
		return nil
	}
	var out []*Incident
	slugs := map[string]string{} // slug → file that has it
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || strings.EqualFold(name, "README.md") {
			continue
		}
		path := filepath.Join(dir, name)
		rel := diag.RelPath(cfg.Dir, path)
		if !strings.EqualFold(filepath.Ext(name), ".md") {
			if ext := strings.ToLower(filepath.Ext(name)); ext == "" || ext == ".markdown" || ext == ".txt" || strings.Contains(ext, " ") {
				ds.Warnf(rel, 0, 0, "not read: incident reports are Markdown files ending in .md; rename it to %q", strings.TrimSuffix(name, filepath.Ext(name))+".md")
			}
			continue
		}
		// The page name comes from the file name, so two files can give the
		// same one; numbering the second would move its page whenever a
		// file that sorts before it appeared. Every file claims its name,
		// even one with errors, so which file has the page never depends on
		// whether another one parses.
		slug := Slugify(strings.TrimSuffix(name, filepath.Ext(name)))
		if slug == "" {
			ds.Errorf(rel, 0, 0, "its page name would be empty; rename the file with letters or digits (the page is incidents/<file name>/)")
			continue
		}
		if other, ok := slugs[slug]; ok {
			ds.Errorf(rel, 0, 0, "its page incidents/%s/ is also the page of %s (page names are file names in lower case, other characters as -); rename one of the files", slug, other)
			continue
		}
		slugs[slug] = rel
		src, err := markdown.ReadSource(cfg.Dir, path)
		if err != nil {
			ds.Errorf(rel, 0, 0, "%v", err)
			continue
		}
		if in := memo.parse(cfg, rel, src, ds); in != nil {
			out = append(out, in)
		}
	}
	Sort(out)
	return out
}

// Sort orders incidents newest first, by start then slug.
func Sort(ins []*Incident) {
	sort.SliceStable(ins, func(i, j int) bool {
		if !ins[i].Started.Equal(ins[j].Started) {
			return ins[i].Started.After(ins[j].Started)
		}
		return ins[i].Slug < ins[j].Slug
	})
}

// Keys of SPEC section 5, and the cState keys read for compatibility.
var (
	incidentKeys = []string{"title", "services", "severity", "started", "detected", "contained", "resolved", "owner", "draft", "updates", "actions", "source"}
	cstateKeys   = []string{"date", "resolvedWhen", "affected", "section", "informational", "pin"}
	updateKeys   = []string{"time", "status", "text", "source"}
	actionKeys   = []string{"text", "owner", "due", "issue", "done"}
	// updateStatuses are Statuspage's incident and maintenance statuses.
	updateStatuses = []string{"investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "verifying", "completed"}
	severities     = []string{SeverityMinor, SeverityMajor, SeverityCritical, SeverityMaintenance}
)

// cstateSeverity maps cState's severities onto ours (SPEC section 5).
var cstateSeverity = map[string]string{"down": SeverityCritical, "disrupted": SeverityMajor, "notice": SeverityMinor}

// Parse parses one incident file. It returns nil when the file
// has errors; each is added to ds with the file's own line numbers.
func Parse(cfg *config.Config, rel string, src []byte, ds *diag.Diagnostics) *Incident {
	var local diag.Diagnostics
	defer func() { *ds = append(*ds, local...) }()
	if len(src) > markdown.MaxMarkdownBytes {
		local.Errorf(rel, 0, 0, "%v", markdown.TooLarge(int64(len(src))))
		return nil
	}
	syntax, fm, fmLine, body, bodyLine, closed := splitFrontMatter(src)
	if syntax == "" {
		local.Errorf(rel, 1, 0, "%s", noFrontMatter(body))
		return nil
	}
	if !closed {
		fence := map[string]string{syntaxTOML: "+++", syntaxYAML: "---"}[syntax]
		local.Errorf(rel, 1, 0, "front matter opened with %s is never closed; add a %s line after its last field", fence, fence)
		return nil
	}
	var root *fmTable
	var perr *diag.Diagnostic
	if syntax == syntaxTOML {
		root, perr = parseTOMLFrontMatter(rel, fm, fmLine)
	} else {
		root, perr = parseYAMLFrontMatter(rel, fm, fmLine)
	}
	if perr != nil {
		local = append(local, *perr)
		return nil
	}
	r := &fmReader{cfg: cfg, rel: rel, ds: &local}
	in := r.incident(root)
	in.Slug = Slugify(strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel)))
	in.Path = rel
	in.BodyLine = bodyLine
	html, err := markdown.Render(body)
	if err != nil {
		local.Errorf(rel, markdown.ErrorLine(err, bodyLine), 0, "%s", markdown.ErrorMessage(err))
	}
	in.Body = html
	in.Headings = headings(body)
	if local.HasErrors() {
		return nil
	}
	return in
}

// noFrontMatter explains what a file without front matter needs, with a
// title taken from its first heading when it has one.
func noFrontMatter(body []byte) string {
	title := "What users saw"
	for _, h := range headingLines(body) {
		if h.level == 1 {
			title = h.text
			break
		}
	}
	return fmt.Sprintf("no front matter; start the file with a +++ line, then title = %q, services = [\"service-id\"], "+
		"severity = \"minor|major|critical|maintenance\", started = 2026-11-03T09:12:00Z (and resolved when it ended), then another +++ line; "+
		"a template or notes file is kept out by starting its name with _", title)
}

// fmReader turns a front-matter tree into an Incident, reporting every
// problem at its line.
type fmReader struct {
	cfg *config.Config
	rel string
	ds  *diag.Diagnostics
}

func (r *fmReader) errorf(line int, format string, args ...any) {
	r.ds.Errorf(r.rel, line, 0, format, args...)
}

func (r *fmReader) warnf(line int, format string, args ...any) {
	r.ds.Warnf(r.rel, line, 0, format, args...)
}

// unknownKeys reports keys outside allowed, with the nearest known one.
func (r *fmReader) unknownKeys(t *fmTable, allowed []string, where string) {
	for _, e := range t.Entries {
		if !slices.Contains(allowed, e.Key) {
			r.errorf(e.Line, "unknown key %q%s%s", e.Key, where, config.DidYouMean(e.Key, allowed))
		}
	}
}

// text reads an optional text field.
func (r *fmReader) text(t *fmTable, key string) string {
	e, ok := t.get(key)
	if !ok {
		return ""
	}
	s, err := e.Val.text()
	if err != nil {
		r.errorf(e.Line, "%s: %v", key, err)
	}
	return strings.TrimSpace(s)
}

func (r *fmReader) boolean(t *fmTable, key string) bool {
	e, ok := t.get(key)
	if !ok {
		return false
	}
	b, err := e.Val.boolean()
	if err != nil {
		r.errorf(e.Line, "%s: %v", key, err)
	}
	return b
}

// instant reads an optional time field; ok is false when it is absent or
// unreadable (the latter reported). A date without a time of day is read
// as midnight in the site's time zone, with a warning.
func (r *fmReader) instant(t *fmTable, key string) (time.Time, int, bool) {
	return r.timeField(t, key, false)
}

// day reads an optional date field (an action's due date): a date alone
// is what it wants.
func (r *fmReader) day(t *fmTable, key string) (time.Time, int, bool) {
	return r.timeField(t, key, true)
}

func (r *fmReader) timeField(t *fmTable, key string, isDay bool) (time.Time, int, bool) {
	e, ok := t.get(key)
	if !ok {
		return time.Time{}, 0, false
	}
	tm, warn, dateOnly, err := e.Val.instant(r.cfg.Location)
	if err != nil {
		r.errorf(e.Line, "%s: %v", key, err)
		return time.Time{}, e.Line, false
	}
	if tm.Before(earliestIncidentTime) || !tm.Before(latestIncidentTime) {
		r.errorf(e.Line, "%s: %s is out of range; write a time between 1970 and 2199", key, fmtUTC(tm))
		return time.Time{}, e.Line, false
	}
	if dateOnly && !isDay {
		warn = fmt.Sprintf("a date without a time of day; read as midnight in the site's time zone %s (write the time too, such as %sT09:12:00Z)",
			r.cfg.Location, tm.Format("2006-01-02"))
	}
	if warn != "" {
		r.warnf(e.Line, "%s: %s", key, warn)
	}
	return tm, e.Line, true
}

func (r *fmReader) incident(root *fmTable) *Incident {
	in := &Incident{}
	all := append(append([]string{}, incidentKeys...), cstateKeys...)
	r.unknownKeys(root, all, "")
	for _, k := range cstateKeys {
		if root.has(k) {
			in.CState = true
		}
	}
	if e, ok := root.get("resolved"); ok {
		if _, isBool := e.Val.V.(bool); isBool {
			in.CState = true
		}
	}

	in.Title = r.text(root, "title")
	if in.Title == "" {
		line := root.Line
		if e, ok := root.get("title"); ok {
			line = e.Line
		}
		r.errorf(line, "missing title; add title = \"What users saw\"")
	}
	in.Owner = r.text(root, "owner")
	in.Draft = r.boolean(root, "draft")
	in.Informational = r.boolean(root, "informational")
	r.severity(root, in)
	r.services(root, in)
	r.times(root, in)
	r.updates(root, in)
	r.actions(root, in)
	return in
}

func (r *fmReader) severity(root *fmTable, in *Incident) {
	e, ok := root.get("severity")
	if !ok {
		r.errorf(root.Line, "missing severity; add severity = \"minor\", \"major\", \"critical\" or \"maintenance\"")
		return
	}
	raw, err := e.Val.text()
	if err != nil {
		r.errorf(e.Line, "severity: %v", err)
		return
	}
	sev := strings.ToLower(strings.TrimSpace(raw))
	if mapped, ok := cstateSeverity[sev]; ok {
		sev = mapped
	}
	if !slices.Contains(severities, sev) {
		r.errorf(e.Line, "unknown severity %q; use minor, major, critical or maintenance (cState's down, disrupted and notice are read too)%s",
			raw, config.DidYouMean(sev, append(append([]string{}, severities...), "down", "disrupted", "notice")))
		return
	}
	if in.Informational && sev != SeverityMinor && sev != SeverityMaintenance {
		r.warnf(e.Line, "informational notice with severity %q; published as %s, as written", raw, sev)
	}
	in.Severity = sev
}

// services reads `services` (ids or names; each must exist) and cState's
// `affected` (names; one that matches no service is shown as plain text).
func (r *fmReader) services(root *fmTable, in *Incident) {
	ids := make([]string, len(r.cfg.Services))
	names := make([]string, 0, 2*len(r.cfg.Services))
	for i, s := range r.cfg.Services {
		ids[i] = s.ID
		names = append(names, s.ID, s.Name)
	}
	add := func(id string) {
		if !slices.Contains(in.Services, id) {
			in.Services = append(in.Services, id)
		}
	}
	if e, ok := root.get("services"); ok {
		list, err := e.Val.texts()
		if err != nil {
			r.errorf(e.Line, "services: %v", err)
		}
		for _, name := range list {
			if svc := matchService(r.cfg, name); svc != nil {
				add(svc.ID)
				continue
			}
			r.errorf(e.Line, "unknown service %q%s; services are the ids (or names) of site.toml's [[service]] entries: %s",
				name, config.DidYouMean(name, names), strings.Join(ids, ", "))
		}
	}
	if e, ok := root.get("affected"); ok {
		list, err := e.Val.texts()
		if err != nil {
			r.errorf(e.Line, "affected: %v", err)
		}
		for _, name := range list {
			if svc := matchService(r.cfg, name); svc != nil {
				add(svc.ID)
				continue
			}
			if !slices.Contains(in.Unmatched, name) {
				in.Unmatched = append(in.Unmatched, name)
			}
			r.warnf(e.Line, "affected %q matches no service's name or id%s; it is shown as plain text and counts against no SLO", name, config.DidYouMean(name, names))
		}
	}
}

func (r *fmReader) times(root *fmTable, in *Incident) {
	// started, or cState's date.
	started, sLine, sOK := r.instant(root, "started")
	if root.has("date") {
		d, dLine, dOK := r.instant(root, "date")
		switch {
		case root.has("started"):
			r.errorf(dLine, "both started and date are set; keep started (date is cState's name for it)")
		case dOK:
			started, sLine, sOK = d, dLine, true
		default:
			sLine = dLine
		}
	}
	if !sOK {
		if sLine == 0 {
			r.errorf(root.Line, "missing started; add started = 2026-11-03T09:12:00Z (when impact began)")
		}
		return
	}
	in.Started = started

	// resolved: a time, or cState's true|false with resolvedWhen.
	var resolved time.Time
	rLine := 0
	if e, ok := root.get("resolved"); ok {
		if b, isBool := e.Val.V.(bool); isBool {
			when, wLine, wOK := r.instant(root, "resolvedWhen")
			switch {
			case !b && root.has("resolvedWhen"):
				r.warnf(wLine, "resolvedWhen is ignored while resolved is false; the incident is shown as ongoing")
			case b && wOK:
				resolved, rLine = when, wLine
			case b && !root.has("resolvedWhen"):
				r.warnf(e.Line, "resolved: true without resolvedWhen; its duration is unknown and counted as zero (add resolvedWhen: 2026-11-03T10:30:00Z)")
				resolved, rLine = started, e.Line
			}
		} else if t, line, ok := r.instant(root, "resolved"); ok {
			resolved, rLine = t, line
			if root.has("resolvedWhen") {
				e2, _ := root.get("resolvedWhen")
				r.errorf(e2.Line, "both resolved (a time) and resolvedWhen are set; keep resolved")
			}
		}
	} else if t, line, ok := r.instant(root, "resolvedWhen"); ok {
		resolved, rLine = t, line
	}
	if !resolved.IsZero() {
		if resolved.Before(started) {
			r.errorf(rLine, "resolved %s is before started %s; fix one of them", fmtUTC(resolved), fmtUTC(started))
		} else {
			in.Resolved = resolved
		}
	}
	for _, k := range []struct {
		key string
		dst *time.Time
	}{{"detected", &in.Detected}, {"contained", &in.Contained}} {
		t, line, ok := r.instant(root, k.key)
		if !ok {
			continue
		}
		if t.Before(started) {
			r.errorf(line, "%s %s is before started %s; started is when impact began", k.key, fmtUTC(t), fmtUTC(started))
			continue
		}
		if !in.Resolved.IsZero() && t.After(in.Resolved) {
			r.warnf(line, "%s %s is after resolved %s", k.key, fmtUTC(t), fmtUTC(in.Resolved))
		}
		*k.dst = t
	}
}

func fmtUTC(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (r *fmReader) updates(root *fmTable, in *Incident) {
	e, ok := root.get("updates")
	if !ok {
		return
	}
	tables, err := e.Val.tables()
	if err != nil {
		r.errorf(e.Line, "updates: %v; write [[updates]] tables with time, status and text", err)
		return
	}
	for _, t := range tables {
		r.unknownKeys(t, updateKeys, " in an update")
		u := Update{Line: t.Line, Text: r.text(t, "text")}
		tm, _, ok := r.instant(t, "time")
		if !ok {
			if !t.has("time") {
				r.errorf(t.Line, "update without a time; add time = 2026-11-03T09:25:00Z")
			}
			continue
		}
		u.Time = tm
		st := strings.ToLower(r.text(t, "status"))
		switch {
		case st == "":
			r.errorf(t.Line, "update without a status; add status = \"investigating\", \"identified\", \"monitoring\" or \"resolved\"")
		case !slices.Contains(updateStatuses, st):
			line := t.Line
			if se, ok := t.get("status"); ok {
				line = se.Line
			}
			r.errorf(line, "unknown update status %q; use investigating, identified, monitoring or resolved (maintenance: scheduled, in_progress, verifying, completed)%s", st, config.DidYouMean(st, updateStatuses))
		}
		u.Status = st
		in.Updates = append(in.Updates, u)
	}
	sort.SliceStable(in.Updates, func(i, j int) bool { return in.Updates[i].Time.Before(in.Updates[j].Time) })
}

// issueRE matches "owner/repo#N".
var issueRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#[0-9]+$`)

func (r *fmReader) actions(root *fmTable, in *Incident) {
	e, ok := root.get("actions")
	if !ok {
		return
	}
	tables, err := e.Val.tables()
	if err != nil {
		r.errorf(e.Line, "actions: %v; write [[actions]] tables with text, owner, due, issue and done", err)
		return
	}
	for _, t := range tables {
		r.unknownKeys(t, actionKeys, " in an action")
		a := Action{Line: t.Line, Text: r.text(t, "text"), Owner: r.text(t, "owner"), Issue: r.text(t, "issue"), Done: r.boolean(t, "done")}
		if a.Text == "" {
			r.errorf(t.Line, "action without text; add text = \"What will be done\"")
		}
		if due, _, ok := r.day(t, "due"); ok {
			d := due.In(r.cfg.Location)
			a.Due = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, r.cfg.Location)
		}
		if a.Issue != "" && a.IssueURL() == "" {
			line := t.Line
			if ie, ok := t.get("issue"); ok {
				line = ie.Line
			}
			r.warnf(line, "issue %q is not owner/repo#N or an https:// link; shown as text", a.Issue)
		}
		in.Actions = append(in.Actions, a)
	}
}

// IssueURL links an action's issue: "owner/repo#N" becomes the GitHub
// issue's address; an https:// link is kept; anything else gives "".
func (a Action) IssueURL() string {
	s := strings.TrimSpace(a.Issue)
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
		return s
	}
	if issueRE.MatchString(s) {
		repo, n, _ := strings.Cut(s, "#")
		return "https://github.com/" + repo + "/issues/" + n
	}
	return ""
}

// matchService finds a service by id or, case-insensitively, by name.
func matchService(cfg *config.Config, name string) *config.Service {
	name = strings.TrimSpace(name)
	for _, s := range cfg.Services {
		if s.ID == name {
			return s
		}
	}
	for _, s := range cfg.Services {
		if strings.EqualFold(s.Name, name) || strings.EqualFold(s.ID, name) {
			return s
		}
	}
	return nil
}

type heading struct {
	level int
	text  string
	line  int // 1-based within the body
}

// headingLines lists the ATX headings of a Markdown body, outside fenced
// code blocks.
func headingLines(body []byte) []heading {
	var out []heading
	fence := ""
	for i, l := range strings.Split(string(body), "\n") {
		t := strings.TrimSpace(l)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if !strings.HasPrefix(l, "#") {
			continue
		}
		level := len(l) - len(strings.TrimLeft(l, "#"))
		rest := l[level:]
		if level > 6 || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(rest), "#"))
		if text != "" {
			out = append(out, heading{level: level, text: text, line: i + 1})
		}
	}
	return out
}

// headings lists the text of every heading of a Markdown body.
func headings(body []byte) []string {
	var out []string
	for _, h := range headingLines(body) {
		out = append(out, h.text)
	}
	return out
}

// Slugify makes a page name from a title or file name: lower-case ASCII
// letters, digits and hyphens ("Orders API: 503s" → "orders-api-503s").
// Accented Latin letters lose their accents; other characters become
// hyphens.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if f, ok := foldAccents[c]; ok {
			c = f
		}
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case c == '\'' || c == '’':
			// "can't" → "cant"
		case c == 'ß':
			b.WriteString("ss")
			dash = false
		case unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsSpace(c) || unicode.IsPunct(c) || unicode.IsSymbol(c):
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimRight(b.String(), "-")
}

var foldAccents = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "àáâãäåā", 'c': "çćč", 'e': "èéêëēėę", 'i': "ìíîïī", 'n': "ñń", 'o': "òóôõöøō",
		'u': "ùúûüū", 'y': "ýÿ", 's': "śš", 'z': "źżž", 'l': "ł", 'd': "ď", 'r': "ř", 't': "ť",
	} {
		for _, c := range accented {
			m[c] = base
		}
	}
	return m
}()
