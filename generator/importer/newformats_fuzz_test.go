package importer

import (
	"html"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// HTMLToText never lets a tag of the markup it knows, a script's text or a
// javascript: link through, and keeps plain text as it is.
func FuzzHTMLToText(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "a < b", `<a href="javascript:x">y</a>`, "<script>alert(1)</script>", "<ul><li>x<li>y</ul>", "<!-- x", "&amp;&lt;p&gt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := HTMLToText(s)
		if !htmlMarkup.MatchString(s) {
			if out != s {
				t.Fatalf("plain text changed: %q → %q", s, out)
			}
			return
		}
		// A link is written "text (url)" only for http, https and mailto:
		// "(javascript:" appears only if the text itself said so.
		if strings.Contains(strings.ToLower(out), "(javascript:") && !strings.Contains(strings.ToLower(html.UnescapeString(s)), "(javascript:") {
			t.Fatalf("a javascript: link survives: %q → %q", s, out)
		}
	})
}

// A stactus document either becomes an incident that parses or is
// skipped with a reason; times stay in 1970..2199.
func FuzzStactusIncident(f *testing.F) {
	f.Add(stactusIncidents)
	f.Add("version: incident/v1\nid: a\nname: A\nimpact: minor\ntimeline: [{ts: '+5m'}]\n")
	f.Add("version: incident/v1\nid: a\nname: A\ntimeline: [{ts: '2024-01-01 00:00', resolved: true}, {ts: '3:04PM'}]\n")
	s := newSite(f, map[string]string{})
	f.Fuzz(func(t *testing.T, src string) {
		var in stactusIncident
		if yaml.Unmarshal([]byte(src), &in) != nil {
			return
		}
		d, why := s.stactusIncident(in, nil, map[string]int{})
		if d == nil {
			if why == "" {
				t.Fatal("skipped without a reason")
			}
			return
		}
		checkIncident(t, s, d)
	})
}

// One line of OpenLineage events: an event with a time in range, or none.
func FuzzOpenLineageLine(f *testing.F) {
	for _, l := range strings.Split(olEvents, "\n") {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line string) {
		ev, tm, ok := parseOpenLineage([]byte(line))
		if !ok {
			return
		}
		if ev.Run.RunID == "" || tm.Before(time.Unix(0, 0)) || !tm.Before(endTime) {
			t.Fatalf("accepted %q at %v", line, tm)
		}
		runs := map[string]*olRun{}
		addOpenLineage(runs, ev, tm)
		if r := runs[ev.Run.RunID]; r.state != "" && r.end.IsZero() {
			t.Fatalf("an end state without an end time: %+v", r)
		}
	})
}
