package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Severities of SPEC section 5, least to most severe; maintenance is
// planned work, not a failure.
const (
	SeverityMinor       = "minor"
	SeverityMajor       = "major"
	SeverityCritical    = "critical"
	SeverityMaintenance = "maintenance"
)

// Incident is one incident report or postmortem from incidents/.
type Incident struct {
	Slug     string // the file name without .md; the page is incidents/<slug>/
	Path     string // relative to the site folder
	Title    string
	Services []string // ids of the services it affects
	// Unmatched lists affected names that match no service; they are shown
	// as plain text.
	Unmatched []string
	Severity  string
	Started   time.Time
	Detected  time.Time // zero when absent
	Contained time.Time
	Resolved  time.Time // zero while ongoing
	Owner     string
	Draft     bool
	Updates   []Update
	Actions   []Action
	Body      template.HTML
	// Headings are the body's level-2 headings, for the postmortem lint.
	Headings []string
}

// Update is one entry of the public timeline.
type Update struct {
	Time   time.Time
	Status string
	Text   string
}

// Action is an action item from the postmortem's lessons learned.
type Action struct {
	Text  string
	Owner string
	Due   time.Time // a date; zero when absent
	Issue string    // "owner/repo#N"
	Done  bool
}

// Ongoing reports whether the incident has not been resolved by now.
func (in *Incident) Ongoing(now time.Time) bool {
	return !in.Started.After(now) && (in.Resolved.IsZero() || in.Resolved.After(now))
}

// Maintenance reports whether this is planned maintenance.
func (in *Incident) Maintenance() bool { return in.Severity == SeverityMaintenance }

// Affects reports whether the incident affects the service.
func (in *Incident) Affects(id string) bool {
	for _, s := range in.Services {
		if s == id {
			return true
		}
	}
	return false
}

// frontMatter is the TOML front matter as written.
type frontMatter struct {
	Title     string     `toml:"title"`
	Services  []string   `toml:"services"`
	Severity  string     `toml:"severity"`
	Started   fmTime     `toml:"started"`
	Detected  fmTime     `toml:"detected"`
	Contained fmTime     `toml:"contained"`
	Resolved  fmTime     `toml:"resolved"`
	Owner     string     `toml:"owner"`
	Draft     bool       `toml:"draft"`
	Updates   []fmUpdate `toml:"updates"`
	Actions   []fmAction `toml:"actions"`
}

type fmUpdate struct {
	Time   fmTime `toml:"time"`
	Status string `toml:"status"`
	Text   string `toml:"text"`
}

type fmAction struct {
	Text  string `toml:"text"`
	Owner string `toml:"owner"`
	Due   fmTime `toml:"due"`
	Issue string `toml:"issue"`
	Done  bool   `toml:"done"`
}

// fmTime is a front-matter time as written: a TOML datetime (with or
// without zone), a date, or a string in one of the dirty forms real files
// hold ("2026-11-03 09:12", "2026-11-03T9:12:00").
type fmTime struct {
	raw any
	set bool
}

func (t *fmTime) UnmarshalTOML(v any) error {
	t.raw, t.set = v, true
	return nil
}

// resolve turns the written time into an instant. Times without a zone are
// read in loc; warn is set when the form was dirty but readable.
func (t fmTime) resolve(loc *time.Location) (tm time.Time, warn string, err error) {
	switch v := t.raw.(type) {
	case time.Time:
		if name := v.Location().String(); name == "datetime-local" || name == "date-local" {
			tm = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), loc)
			if name == "datetime-local" {
				warn = fmt.Sprintf("no time zone; read in the site's time zone %s (add Z or an offset such as +01:00)", loc)
			}
			return tm, warn, nil
		}
		return v, "", nil
	case string:
		return parseDirtyTime(v, loc)
	}
	return time.Time{}, "", fmt.Errorf("not a time: %v", t.raw)
}

// parseDirtyTime reads the forms real incident files hold.
func parseDirtyTime(s string, loc *time.Location) (time.Time, string, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, "", nil
	}
	var notes []string
	norm := s
	if len(norm) > 10 && norm[10] == ' ' {
		norm = norm[:10] + "T" + norm[11:]
		notes = append(notes, "a space instead of T")
	}
	// Pad a single-digit hour: 2026-11-03T9:12 → 2026-11-03T09:12.
	if len(norm) > 12 && norm[10] == 'T' && norm[12] == ':' {
		norm = norm[:11] + "0" + norm[11:]
		notes = append(notes, "a single-digit hour")
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05 -0700", "2006-01-02T15:04:05 MST"} {
		if t, err := time.Parse(layout, norm); err == nil {
			return t, dirtyNote(notes), nil
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, norm, loc); err == nil {
			if layout != "2006-01-02" {
				notes = append(notes, fmt.Sprintf("no time zone (read in %s)", loc))
			}
			return t, dirtyNote(notes), nil
		}
	}
	return time.Time{}, "", fmt.Errorf("cannot read %q as a time; write RFC 3339 such as 2026-11-03T09:12:00Z", s)
}

func dirtyNote(notes []string) string {
	if len(notes) == 0 {
		return ""
	}
	return "time written with " + strings.Join(notes, ", ") + "; prefer RFC 3339 such as 2026-11-03T09:12:00Z"
}

// LoadIncidents reads every incidents/*.md. A file that cannot be
// published is reported and left out; the caller decides whether that
// fails the run.
func LoadIncidents(cfg *Config, ds *Diagnostics) []*Incident {
	dir := filepath.Join(cfg.Dir, "incidents")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []*Incident
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(name), ".md") || strings.HasPrefix(name, "_") || strings.EqualFold(name, "README.md") {
			continue
		}
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		rel := relPath(cfg.Dir, path)
		if err != nil {
			ds.Errorf(rel, 0, 0, "cannot read: %v", err)
			continue
		}
		if in := ParseIncident(cfg, rel, src, ds); in != nil {
			out = append(out, in)
		}
	}
	SortIncidents(out)
	return out
}

// SortIncidents orders incidents newest first, by start then slug.
func SortIncidents(ins []*Incident) {
	sort.SliceStable(ins, func(i, j int) bool {
		if !ins[i].Started.Equal(ins[j].Started) {
			return ins[i].Started.After(ins[j].Started)
		}
		return ins[i].Slug < ins[j].Slug
	})
}

var incidentKeys = map[string][]string{
	"":        {"title", "services", "severity", "started", "detected", "contained", "resolved", "owner", "draft"},
	"updates": {"time", "status", "text"},
	"actions": {"text", "owner", "due", "issue", "done"},
}

// ParseIncident parses one incident file. It returns nil when the file
// has errors; each is added to ds with the file's own line numbers.
func ParseIncident(cfg *Config, rel string, src []byte, ds *Diagnostics) *Incident {
	var local Diagnostics
	fm, body, fmLine, ok := splitFrontMatter(src)
	if !ok {
		local.Errorf(rel, 1, 0, "no front matter; start the file with a +++ line, TOML fields (title, services, severity, started), and another +++ line")
		*ds = append(*ds, local...)
		return nil
	}
	var m frontMatter
	if _, err := toml.Decode(fm, &m); err != nil {
		if pe, ok := err.(toml.ParseError); ok {
			local.Errorf(rel, pe.Position.Line+fmLine-1, pe.Position.Col, "front matter: %s", pe.Message)
		} else {
			local.Errorf(rel, fmLine, 0, "front matter: %v", err)
		}
		*ds = append(*ds, local...)
		return nil
	}
	ix := indexTOML(fm, fmLine)
	for _, k := range ix.keys {
		kind := stripIndices(k.Table)
		allowed, known := incidentKeys[kind]
		if !known {
			continue
		}
		if !contains(allowed, k.Key) {
			local.Errorf(rel, k.Line, 0, "unknown key %q%s", k.Key, didYouMean(k.Key, allowed))
		}
	}
	errAt := func(table, key, format string, args ...any) {
		local.Errorf(rel, ix.line(table, key), 0, format, args...)
	}
	in := &Incident{
		Slug: strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel)),
		Path: rel, Title: strings.TrimSpace(m.Title), Severity: strings.ToLower(strings.TrimSpace(m.Severity)),
		Owner: m.Owner, Draft: m.Draft,
	}
	if in.Title == "" {
		errAt("", "title", "missing title; add title = \"What users saw\"")
	}
	switch in.Severity {
	case SeverityMinor, SeverityMajor, SeverityCritical, SeverityMaintenance:
	case "":
		errAt("", "severity", "missing severity; use minor, major, critical or maintenance")
	default:
		errAt("", "severity", "unknown severity %q; use minor, major, critical or maintenance%s", m.Severity,
			didYouMean(in.Severity, []string{"minor", "major", "critical", "maintenance"}))
	}
	for _, name := range m.Services {
		if svc := matchService(cfg, name); svc != nil {
			in.Services = append(in.Services, svc.ID)
		} else {
			ids := make([]string, len(cfg.Services))
			for i, s := range cfg.Services {
				ids[i] = s.ID
			}
			errAt("", "services", "unknown service %q%s; services are the ids of site.toml's [[service]] entries", name, didYouMean(name, ids))
		}
	}
	times := []struct {
		key string
		v   fmTime
		dst *time.Time
	}{{"started", m.Started, &in.Started}, {"detected", m.Detected, &in.Detected}, {"contained", m.Contained, &in.Contained}, {"resolved", m.Resolved, &in.Resolved}}
	for _, tt := range times {
		if !tt.v.set {
			continue
		}
		t, warn, err := tt.v.resolve(cfg.Location)
		if err != nil {
			errAt("", tt.key, "%s: %v", tt.key, err)
			continue
		}
		if warn != "" {
			local.Warnf(rel, ix.line("", tt.key), 0, "%s: %s", tt.key, warn)
		}
		*tt.dst = t
	}
	if !m.Started.set {
		errAt("", "started", "missing started; add started = 2026-11-03T09:12:00Z (when impact began)")
	}
	if !in.Started.IsZero() {
		for _, tt := range times[1:] {
			if !tt.dst.IsZero() && tt.dst.Before(in.Started) {
				errAt("", tt.key, "%s %s is before started %s", tt.key, tt.dst.UTC().Format(time.RFC3339), in.Started.UTC().Format(time.RFC3339))
			}
		}
	}
	for i, u := range m.Updates {
		t, warn, err := u.Time.resolve(cfg.Location)
		table := fmt.Sprintf("updates[%d]", i)
		if !u.Time.set || err != nil {
			errAt(table, "time", "update needs a time such as 2026-11-03T09:25:00Z")
			continue
		}
		if warn != "" {
			local.Warnf(rel, ix.line(table, "time"), 0, "time: %s", warn)
		}
		st := strings.ToLower(u.Status)
		if !contains([]string{"investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "verifying", "completed"}, st) {
			errAt(table, "status", "unknown update status %q; use investigating, identified, monitoring or resolved", u.Status)
		}
		in.Updates = append(in.Updates, Update{Time: t, Status: st, Text: u.Text})
	}
	sort.SliceStable(in.Updates, func(i, j int) bool { return in.Updates[i].Time.Before(in.Updates[j].Time) })
	for i, a := range m.Actions {
		act := Action{Text: a.Text, Owner: a.Owner, Issue: a.Issue, Done: a.Done}
		if a.Due.set {
			t, _, err := a.Due.resolve(cfg.Location)
			if err != nil {
				errAt(fmt.Sprintf("actions[%d]", i), "due", "due: %v", err)
			}
			act.Due = t
		}
		in.Actions = append(in.Actions, act)
	}
	html, err := RenderMarkdown(body)
	if err != nil {
		local.Errorf(rel, 0, 0, "cannot render the body: %v", err)
	}
	in.Body = html
	in.Headings = headings(body)
	*ds = append(*ds, local...)
	if local.HasErrors() {
		return nil
	}
	return in
}

// matchService finds a service by id or, case-insensitively, by name.
func matchService(cfg *Config, name string) *Service {
	for _, s := range cfg.Services {
		if s.ID == name {
			return s
		}
	}
	for _, s := range cfg.Services {
		if strings.EqualFold(s.Name, strings.TrimSpace(name)) {
			return s
		}
	}
	return nil
}

// splitFrontMatter separates +++ TOML front matter from the body and
// returns the file line the front matter starts on.
func splitFrontMatter(src []byte) (fm string, body []byte, line int, ok bool) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	if !strings.HasPrefix(text, "+++\n") {
		return "", nil, 0, false
	}
	rest := text[4:]
	end := strings.Index(rest, "\n+++")
	if end < 0 {
		return "", nil, 0, false
	}
	fm = rest[:end+1]
	after := rest[end+4:]
	after = strings.TrimPrefix(after, "\n")
	return fm, []byte(after), 2, true
}

// headings lists the level-2 headings of a Markdown body.
func headings(body []byte) []string {
	var out []string
	for _, l := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(l, "## ") {
			out = append(out, strings.TrimSpace(strings.TrimPrefix(l, "## ")))
		}
	}
	return out
}
