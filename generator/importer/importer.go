// Package importer brings history in from the systems a site used before
// statusgen: Upptime repositories, cState and Statuspage incidents, dbt and
// Great Expectations results. Each importer turns its source into snapshot
// rows (metrics.AppendMetrics) or incident files (WriteIncidents); both
// skip what an earlier import already wrote and never replace a file, so
// running an import twice adds nothing.
package importer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// Summary is what an import did, for the user: what it imported, what it
// skipped and why, and what it could not map.
type Summary struct {
	Imported []string
	Skipped  []string
	Notes    []string
	// NImported and NSkipped count rows or incidents; a line of Imported
	// or Skipped may stand for many rows.
	NImported, NSkipped int
	// Unit names what is counted: "row" or "incident".
	Unit string
	// Drafts counts the incidents written as drafts, by why: they are
	// checked but not published until someone fixes them.
	Drafts map[string]int
	// Unreadable lists the files the import could not read at all, with
	// why; the command exits 1 when there is any.
	Unreadable []string
}

// draft records that an incident was written as a draft, and why.
func (s *Summary) draft(why string) {
	if s.Drafts == nil {
		s.Drafts = map[string]int{}
	}
	s.Drafts[why]++
}

// unreadable records a file the import could not read, and skips it.
func (s *Summary) unreadable(format string, args ...any) {
	line := fmt.Sprintf(format, lineArgs(args)...)
	s.Unreadable = append(s.Unreadable, line)
	s.Skipped = append(s.Skipped, line)
	s.NSkipped++
}

// Err is the error a command exits 1 with when a file could not be read;
// what could be read was imported all the same (a second run skips it).
func (s *Summary) Err() error {
	if len(s.Unreadable) == 0 {
		return nil
	}
	return fmt.Errorf("%s could not be read (see skipped above); fix or remove %s and run the import again: what was read is imported and will be skipped",
		plural(len(s.Unreadable), "file"), map[bool]string{true: "it", false: "them"}[len(s.Unreadable) == 1])
}

func (s *Summary) imported(n int, format string, args ...any) {
	s.Imported = append(s.Imported, fmt.Sprintf(format, lineArgs(args)...))
	s.NImported += n
}

func (s *Summary) skipped(n int, format string, args ...any) {
	s.Skipped = append(s.Skipped, fmt.Sprintf(format, lineArgs(args)...))
	s.NSkipped += n
}

func (s *Summary) note(format string, args ...any) {
	s.Notes = append(s.Notes, fmt.Sprintf(format, lineArgs(args)...))
}

// Print writes every imported and skipped item, the notes, and the counts.
func (s *Summary) Print(w io.Writer, dryRun bool) {
	verb := "imported"
	if dryRun {
		verb = "would import"
	}
	for _, l := range s.Imported {
		fmt.Fprintf(w, "  %s %s\n", verb, l)
	}
	for _, l := range s.Skipped {
		fmt.Fprintf(w, "  skipped %s\n", l)
	}
	for _, l := range s.Notes {
		fmt.Fprintf(w, "  note: %s\n", l)
	}
	drafts := 0
	for _, why := range sortedKeys(s.Drafts) {
		n := s.Drafts[why]
		drafts += n
		fmt.Fprintf(w, "  draft: %s %s: %s\n", plural(n, "incident"), map[bool]string{true: "was written as a draft", false: "were written as drafts"}[n == 1], why)
	}
	unit := s.Unit
	if unit == "" {
		unit = "item"
	}
	fmt.Fprintf(w, "%s %s, skipped %d", verb, plural(s.NImported, unit), s.NSkipped)
	if drafts > 0 {
		fmt.Fprintf(w, ", %d as draft(s)", drafts)
	}
	if len(s.Notes) > 0 {
		fmt.Fprintf(w, ", %d note(s)", len(s.Notes))
	}
	fmt.Fprintln(w)
	if dryRun {
		fmt.Fprintln(w, "dry run: nothing was written")
	}
}

// Site is where an import writes: the folder of site.toml and, when that
// file exists, its services (to map names to ids).
type Site struct {
	Config *config.Config
}

// OpenSite loads site.toml at path. A missing file is not an error: an
// import can run before the site exists, and then maps no names.
func OpenSite(path string) (*Site, diag.Diagnostics) {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return &Site{Config: &config.Config{File: path, Dir: filepath.Dir(path), Location: time.UTC}}, nil
	}
	cfg, ds := config.LoadConfig(path)
	if ds.HasErrors() {
		return nil, ds
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	return &Site{Config: cfg}, ds
}

// Service finds a service by id or, ignoring case, by name.
func (s *Site) Service(name string) *config.Service {
	name = strings.TrimSpace(name)
	for _, svc := range s.Config.Services {
		if svc.ID == name {
			return svc
		}
	}
	for _, svc := range s.Config.Services {
		if strings.EqualFold(svc.Name, name) || strings.EqualFold(svc.ID, name) {
			return svc
		}
	}
	return nil
}

// MetricsDir is the snapshot folder of a service id.
func (s *Site) MetricsDir(id string) string {
	return filepath.Join(s.Config.Dir, "content", "metrics", id)
}

// IncidentsDir is the folder incident files go to.
func (s *Site) IncidentsDir() string { return filepath.Join(s.Config.Dir, "incidents") }

// rel names a path relative to the site folder, for messages.
func (s *Site) rel(p string) string {
	if r, err := filepath.Rel(s.Config.Dir, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

// appendRows appends rows to a service's snapshots and records the result.
func (s *Site) appendRows(sum *Summary, id string, columns []string, rows []metrics.MetricRow, dryRun bool, w io.Writer) error {
	if len(rows) == 0 {
		return nil
	}
	dir := s.MetricsDir(id)
	files, err := metrics.AppendMetrics(s.Config.Dir, dir, columns, rows, dryRun)
	added, dups, nfiles := 0, 0, 0
	for _, f := range files {
		rel := s.rel(f.Path)
		if f.Added > 0 {
			added += f.Added
			nfiles++
			if dryRun && w != nil {
				n := len(f.Lines)
				show := f.Lines
				if n > 4 {
					show = append(append([]string{}, f.Lines[:2]...), "…", f.Lines[n-1])
				}
				for _, l := range show {
					fmt.Fprintf(w, "    %s: %s\n", rel, l)
				}
			}
		}
		dups += f.Duplicates
	}
	rel := s.rel(dir) + "/"
	if added > 0 {
		sum.imported(added, "%s to %s (%s)", plural(added, "row"), rel, plural(nfiles, "monthly file"))
	}
	if dups > 0 {
		sum.skipped(dups, "%s for %s: a snapshot there already has their time", plural(dups, "row"), rel)
	}
	return err
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// IncidentDoc is an incident file to write.
type IncidentDoc struct {
	// Source identifies the incident in the system it came from, such as
	// "statuspage 1n2vnq4v6mkf"; it is written as a comment in the front
	// matter, and an incident with a Source already in incidents/ is not
	// written again.
	Source    string
	Name      string // preferred file name without .md; default <date>-<slug of title>
	Title     string
	Services  []string // service ids
	Severity  string
	Started   time.Time
	Detected  time.Time
	Contained time.Time
	Resolved  time.Time
	Draft     bool
	// DraftWhy says why an incident is written as a draft, for the
	// summary's count of drafts.
	DraftWhy string
	Updates  []incident.Update
	Comments []string // extra front-matter comments: what could not be mapped
	Body     string
}

var sourceLine = regexp.MustCompile(`^# source: (.+)$`)

// Render writes the incident as statusgen's TOML front matter and body.
func (d *IncidentDoc) Render() []byte {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "# source: %s\n", sourceKey(d.Source))
	for _, c := range d.Comments {
		for _, l := range strings.Split(c, "\n") {
			fmt.Fprintf(&b, "# %s\n", diag.OneLine(l))
		}
	}
	fmt.Fprintf(&b, "title     = %s\n", config.TOMLString(d.Title))
	svc := make([]string, len(d.Services))
	for i, s := range d.Services {
		svc[i] = config.TOMLString(s)
	}
	fmt.Fprintf(&b, "services  = [%s]\n", strings.Join(svc, ", "))
	fmt.Fprintf(&b, "severity  = %s\n", config.TOMLString(d.Severity))
	for _, t := range []struct {
		k string
		v time.Time
	}{{"started  ", d.Started}, {"detected ", d.Detected}, {"contained", d.Contained}, {"resolved ", d.Resolved}} {
		if !t.v.IsZero() {
			fmt.Fprintf(&b, "%s = %s\n", t.k, t.v.UTC().Format(time.RFC3339))
		}
	}
	if d.Draft {
		b.WriteString("draft     = true\n")
	}
	for _, u := range d.Updates {
		fmt.Fprintf(&b, "\n[[updates]]\ntime   = %s\nstatus = %s\ntext   = %s\n", u.Time.UTC().Format(time.RFC3339), config.TOMLString(u.Status), config.TOMLString(u.Text))
	}
	b.WriteString("+++\n")
	body := strings.TrimSpace(d.Body)
	if body != "" {
		b.WriteString("\n" + body + "\n")
	}
	return []byte(b.String())
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify makes a lower-case, dash-separated name of s.
func Slugify(s string) string {
	s = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// knownSources reads the source comments of the incident files already in
// dir, a folder of the site, mapping each source to its file. Like a
// build, it reads nothing through a link out of the site.
func (s *Site) knownSources(dir string) (map[string]string, error) {
	out := map[string]string{}
	entries, err := sitefs.ReadSiteDir(s.Config.Dir, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.rel(dir), err)
	}
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".md" {
			continue
		}
		p := filepath.Join(dir, e.Name())
		f, err := sitefs.OpenSiteFile(s.Config.Dir, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.rel(p), err)
		}
		src, ok := sourceOf(f)
		f.Close()
		if ok {
			out[src] = filepath.Base(p)
		}
	}
	return out, nil
}

// nextLine returns the next line of br, and false at the end of the
// stream. A line longer than br's buffer is read past, as a stream, and
// returned empty: no source comment is that long, and a long line before
// one must not hide it.
func nextLine(br *bufio.Reader) (string, bool) {
	b, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		for err == bufio.ErrBufferFull {
			_, err = br.ReadSlice('\n')
		}
		return "", true
	}
	if len(b) == 0 && err != nil {
		return "", false
	}
	return string(b), true
}

// sourceOf reads the source comment of an incident file's front matter. A
// long line before it does not hide it.
func sourceOf(r io.Reader) (string, bool) {
	br := bufio.NewReader(r)
	for n := 0; n < 40; n++ {
		line, ok := nextLine(br)
		if !ok {
			break
		}
		line = strings.TrimSpace(line)
		if n > 0 && (line == "+++" || line == "---") {
			break
		}
		if m := sourceLine.FindStringSubmatch(line); m != nil {
			return strings.TrimSpace(m[1]), true
		}
	}
	return "", false
}

// WriteIncidents writes each incident into incidents/ as a new file. An
// incident whose Source an existing file already names is skipped; a file
// name already taken gets a -2, -3… suffix; no file is ever replaced.
// Every file is checked with incident.Parse before it is written.
func (s *Site) WriteIncidents(sum *Summary, docs []*IncidentDoc, dryRun bool) error {
	sum.Unit = "incident"
	dir := s.IncidentsDir()
	known, err := s.knownSources(dir)
	if err != nil {
		return err
	}
	// real is incidents/ with every link resolved, inside the site; ""
	// until the first file is written (or in a dry run, when it is missing).
	real, err := sitefs.WritableSiteDir(s.Config.Dir, dir, false)
	if err != nil {
		return err
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].Started.Before(docs[j].Started) })
	taken := map[string]bool{}
	for _, d := range docs {
		if f, ok := known[sourceKey(d.Source)]; ok {
			sum.skipped(1, "%s (%s): already imported as incidents/%s", d.Source, d.Title, f)
			continue
		}
		name := d.Name
		if name == "" {
			name = d.Started.In(s.Config.Location).Format("2006-01-02") + "-" + Slugify(d.Title)
		}
		base := name
		for i := 2; ; i++ {
			var err error = fs.ErrNotExist
			if real != "" {
				_, err = os.Lstat(filepath.Join(real, name+".md"))
			}
			if !taken[name] && errors.Is(err, fs.ErrNotExist) {
				break
			}
			name = fmt.Sprintf("%s-%d", base, i)
		}
		taken[name] = true
		src := d.Render()
		rel := "incidents/" + name + ".md"
		var ds diag.Diagnostics
		if incident.Parse(s.Config, rel, src, &ds) == nil || ds.HasErrors() {
			sum.skipped(1, "%s (%s): the file it would write does not parse: %v", d.Source, d.Title, ds)
			continue
		}
		if !dryRun {
			if real == "" {
				if real, err = sitefs.WritableSiteDir(s.Config.Dir, dir, true); err != nil {
					return err
				}
			}
			if err := metrics.CreateFile(filepath.Join(real, name+".md"), src); err != nil {
				return err
			}
		}
		known[sourceKey(d.Source)] = name + ".md"
		sum.imported(1, "%s as %s (%s, %s)", d.Source, rel, d.Severity, d.Title)
		if d.Draft {
			why := d.DraftWhy
			if why == "" {
				why = "the source marks it as a draft"
			}
			sum.draft(why)
		}
	}
	return nil
}

// Times an import writes lie in 1970..2199; anything else is a typo or a
// placeholder (year 0001, 9999), and is reported instead.
var (
	minTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	endTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// timeInRange says whether t lies in 1970..2199.
func timeInRange(t time.Time) bool { return !t.Before(minTime) && t.Before(endTime) }

// sourceKey is a source as its "# source:" comment is written and read
// back: one line, trimmed.
func sourceKey(s string) string { return strings.TrimSpace(diag.OneLine(s)) }

// lineArgs keeps each line of the summary one line: the strings it is
// made of (names from the source) with their control characters escaped,
// errors with their lines joined.
func lineArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = diag.OneLine(v)
		case error:
			out[i] = errorLine(v)
		default:
			out[i] = a
		}
	}
	return out
}

// errorLine makes one line of an error: its lines (a YAML error or
// Diagnostics have several) joined with "; ", other control characters
// escaped.
func errorLine(err error) string {
	s := err.Error()
	s = continuation.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, ":") {
			return ": "
		}
		return "; "
	})
	return diag.OneLine(s)
}

var continuation = regexp.MustCompile(`:?\r?\n[ \t]*`)
