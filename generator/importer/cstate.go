package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// cstateFront is the front matter of a cState incident file
// (content/issues/*.md).
type cstateFront struct {
	Title        string   `yaml:"title"`
	Date         string   `yaml:"date"`
	Resolved     any      `yaml:"resolved"`
	ResolvedWhen string   `yaml:"resolvedWhen"`
	Severity     string   `yaml:"severity"`
	Affected     []string `yaml:"affected"`
}

// cstateMapped are the keys the import carries over; others are reported.
var cstateMapped = map[string]bool{"title": true, "date": true, "resolved": true, "resolvedWhen": true, "severity": true, "affected": true,
	"section": true, "draft": true}

// cState severities of SPEC section 5.
var cstateSeverity = map[string]string{"down": "critical", "disrupted": "major", "notice": "minor"}

// ImportCState converts the cState incident files of dir (its
// content/issues folder) into statusgen incident files, keeping each body
// as it is. Each file's name is kept, so links keep their slug. Dirty
// times are read as SPEC section 5 reads them; a time without a zone next
// to one with a zone is read in that zone (cState files mix "…-00:00" and
// bare times), otherwise in the site's time zone.
func (s *Site) ImportCState(dir string, dryRun bool, sum *Summary) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: no .md files; give the cState site's content/issues folder", dir)
	}
	sort.Strings(files)
	var docs []*IncidentDoc
	unknown := map[string]int{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		d, why := s.cstateIncident(filepath.Base(f), src, unknown)
		switch {
		case d == nil && (why == errNoFrontMatter || strings.HasPrefix(why, "front matter: ")):
			sum.unreadable("%s: %s", filepath.Base(f), why)
			continue
		case d == nil:
			sum.skipped(1, "%s: %s", filepath.Base(f), why)
			continue
		}
		docs = append(docs, d)
	}
	// Two files of one title that start within sameIncidentSpan of each
	// other are likely two versions of one incident; a title that recurs
	// weeks apart ("Jira unavailable") is a recurring problem, not a copy.
	titles := map[string]*IncidentDoc{}
	for _, d := range docs {
		if prev, ok := titles[d.Title]; ok && absDuration(d.Started.Sub(prev.Started)) <= sameIncidentSpan {
			sum.note("%s and %s have the same title %q and start within %d days: perhaps two versions of one incident; delete the one you do not want after the import",
				prev.Name+".md", d.Name+".md", d.Title, int(sameIncidentSpan/(24*time.Hour)))
		}
		titles[d.Title] = d
		if strings.Contains(strings.ToLower(d.Name+" "+d.Title), "maintenance") {
			sum.note("%s looks like planned maintenance; cState has no such severity, so it was imported as %s: change severity to \"maintenance\" if it was planned", d.Name+".md", d.Severity)
		}
	}
	names := make([]string, 0, len(unknown))
	for n := range unknown {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sum.note("affected %q matches no service (%s); it is listed in the incident text: add a service with that name or id to list the incidents under it",
			n, plural(unknown[n], "file"))
	}
	return s.WriteIncidents(sum, docs, dryRun)
}

// sameIncidentSpan is how close the starts of two files of one title are
// for the import to ask whether they are one incident.
const sameIncidentSpan = 3 * 24 * time.Hour

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// errNoFrontMatter is why a file without YAML front matter is unreadable.
const errNoFrontMatter = "no YAML front matter between --- lines"

func splitYAMLFrontMatter(src []byte) (fm, body string, ok bool) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(src), "\ufeff"), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return "", "", false
	}
	rest := text[4:]
	end := strings.Index(rest, "\n---")
	if end < 0 {
		return "", "", false
	}
	after := rest[end+4:]
	if i := strings.IndexByte(after, '\n'); i >= 0 {
		after = after[i+1:]
	} else {
		after = ""
	}
	return rest[:end+1], after, true
}

func (s *Site) cstateIncident(name string, src []byte, unknown map[string]int) (*IncidentDoc, string) {
	fm, body, ok := splitYAMLFrontMatter(src)
	if !ok {
		return nil, errNoFrontMatter
	}
	var m cstateFront
	if err := yaml.Unmarshal([]byte(fm), &m); err != nil {
		return nil, "front matter: " + errorLine(err)
	}
	var keys map[string]any
	yaml.Unmarshal([]byte(fm), &keys)
	d := &IncidentDoc{Source: "cstate " + name, Name: strings.TrimSuffix(name, filepath.Ext(name)),
		Title: strings.TrimSpace(m.Title), Body: body}
	if d.Title == "" {
		return nil, "no title"
	}
	var comments []string
	var extra []string
	for k := range keys {
		if !cstateMapped[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		comments = append(comments, "cState keys not carried over: "+strings.Join(extra, ", "))
	}
	sev, ok := cstateSeverity[strings.ToLower(strings.TrimSpace(m.Severity))]
	if !ok {
		return nil, fmt.Sprintf("severity %q is not down, disrupted or notice", m.Severity)
	}
	d.Severity = sev
	if draft, _ := keys["draft"].(bool); draft {
		d.Draft = true
		d.DraftWhy = "draft: true in the cState file"
	}
	loc := s.Config.Location
	start, startZoned, err := dirtyTime(m.Date, loc)
	if err != nil {
		return nil, fmt.Sprintf("date %q: %v", m.Date, err)
	}
	resolved, reZoned := false, false
	switch v := m.Resolved.(type) {
	case bool:
		resolved = v
	case string:
		resolved = strings.EqualFold(v, "true")
	}
	var end time.Time
	if resolved && strings.TrimSpace(m.ResolvedWhen) != "" {
		var endZoned bool
		end, endZoned, err = dirtyTime(m.ResolvedWhen, loc)
		if err != nil {
			return nil, fmt.Sprintf("resolvedWhen %q: %v", m.ResolvedWhen, err)
		}
		// One time zoned, the other not: read the bare one in the other's zone.
		if startZoned && !endZoned {
			if end, _, err = dirtyTime(m.ResolvedWhen, start.Location()); err != nil {
				return nil, fmt.Sprintf("resolvedWhen %q read in date's zone: %v", m.ResolvedWhen, err)
			}
			comments = append(comments, fmt.Sprintf("resolvedWhen %q has no zone; read in date's zone", m.ResolvedWhen))
		} else if endZoned && !startZoned {
			if start, _, err = dirtyTime(m.Date, end.Location()); err != nil {
				return nil, fmt.Sprintf("date %q read in resolvedWhen's zone: %v", m.Date, err)
			}
			reZoned = true
			comments = append(comments, fmt.Sprintf("date %q has no zone; read in resolvedWhen's zone", m.Date))
		}
	}
	if !startZoned && !reZoned {
		comments = append(comments, fmt.Sprintf("date %q has no zone; read in the site's time zone %s", m.Date, loc))
	}
	d.Started = start
	switch {
	case resolved && end.IsZero():
		comments = append(comments, "resolved: true without resolvedWhen; written as a draft without resolved: add resolved and remove draft")
		d.Draft = true
		d.DraftWhy = "resolved: true without resolvedWhen; add resolved and remove draft"
	case !end.IsZero() && end.Before(start):
		comments = append(comments, fmt.Sprintf("resolvedWhen %s is before date %s; written as a draft without resolved: fix resolved and remove draft",
			end.UTC().Format(time.RFC3339), start.UTC().Format(time.RFC3339)))
		d.Draft = true
		d.DraftWhy = "resolvedWhen before date; fix resolved and remove draft"
	default:
		d.Resolved = end
	}
	var unmapped []string
	for _, a := range m.Affected {
		if svc := s.Service(a); svc != nil {
			if !contains(d.Services, svc.ID) {
				d.Services = append(d.Services, svc.ID)
			}
		} else if a = strings.TrimSpace(a); a != "" {
			unmapped = append(unmapped, a)
			unknown[a]++
		}
	}
	if len(unmapped) > 0 {
		comments = append(comments, "affected names that match no service: "+strings.Join(unmapped, ", "))
		d.Body = fmt.Sprintf("Affected: %s.\n\n%s", strings.Join(unmapped, ", "), strings.TrimLeft(d.Body, "\n"))
	}
	d.Comments = comments
	return d, ""
}

var oneDigitHour = regexp.MustCompile(`T(\d):`)

// dirtyTime reads the time forms real cState files hold: RFC 3339, a
// space instead of T, one-digit hours, no seconds, no zone (read in loc).
// zoned says whether the text carried its own zone.
func dirtyTime(s string, loc *time.Location) (t time.Time, zoned bool, err error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + strings.TrimSpace(s[11:])
	}
	s = oneDigitHour.ReplaceAllString(s, "T0$1:")
	t, zoned, ok := parseDirtyTime(s, loc)
	switch {
	case !ok:
		return time.Time{}, false, fmt.Errorf("not a time; write it like 2026-11-03T09:12:00Z")
	case !timeInRange(t):
		return time.Time{}, false, fmt.Errorf("not in 1970..2199; write the real time, like 2026-11-03T09:12:00Z")
	}
	return t, zoned, nil
}

// parseDirtyTime reads s in the first layout that fits: the time, whether
// it carried a zone, and whether any layout fit.
func parseDirtyTime(s string, loc *time.Location) (time.Time, bool, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, true
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, false, true
		}
	}
	return time.Time{}, false, false
}
