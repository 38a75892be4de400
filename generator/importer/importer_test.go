package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
)

const testSite = `title = "T"
base_url = "https://status.example.com/"
timezone = "Europe/Berlin"

[[service]]
id = "api"
name = "Public API"
owner = "Team"

[[service]]
id = "web"
name = "Website"
owner = "Team"
`

// newSite writes files (path → content) into a new site folder with
// testSite as its site.toml and opens it.
func newSite(t testing.TB, files map[string]string) *Site {
	t.Helper()
	dir := t.TempDir()
	files["site.toml"] = testSite
	for p, c := range files {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, ds := OpenSite(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return s
}

// loadIncidents parses incidents/ with the project's parser and fails on
// any error.
func loadIncidents(t *testing.T, s *Site) map[string]*incident.Incident {
	t.Helper()
	var ds diag.Diagnostics
	ins := incident.Load(s.Config, &ds)
	if ds.HasErrors() {
		t.Fatalf("incident files do not parse: %v", ds)
	}
	out := map[string]*incident.Incident{}
	for _, in := range ins {
		out[in.Slug] = in
	}
	return out
}

func TestRenderQuotesAndParses(t *testing.T) {
	s := newSite(t, map[string]string{})
	d := &IncidentDoc{Source: "test 1", Title: "Quote \" backslash \\ tab\tand\nnewline", Severity: "minor",
		Started: mustTime("2026-11-03T09:12:00Z"), Body: "## Summary\n\nText.",
		Updates: []incident.Update{{Time: mustTime("2026-11-03T09:20:00Z"), Status: "investigating", Text: "a \"b\"\nc"}}}
	var ds diag.Diagnostics
	in := incident.Parse(s.Config, "incidents/x.md", d.Render(), &ds)
	if in == nil || ds.HasErrors() {
		t.Fatalf("does not parse: %v\n%s", ds, d.Render())
	}
	if in.Title != d.Title || in.Updates[0].Text != "a \"b\"\nc" {
		t.Errorf("round trip: title %q, update %q", in.Title, in.Updates[0].Text)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Incident on 2020-12-13 07:42 UTC": "incident-on-2020-12-13-07-42-utc",
		"  [privatek8s] Upgrade!! ":        "privatek8s-upgrade",
		"Ünïcode only":                     "n-code-only",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func readAll(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An incident file whose source comment comes after a very long line is
// still known: importing it again adds nothing.
func TestKnownSourcesAfterALongLine(t *testing.T) {
	long := "# " + strings.Repeat("x", 100<<10) + "\n"
	s := newSite(t, map[string]string{
		"incidents/2026-11-03-outage.md": "+++\n" + long + "# source: statuspage abc\ntitle = \"Outage\"\nservices = [\"api\"]\nseverity = \"major\"\nstarted = 2026-11-03T09:00:00Z\nresolved = 2026-11-03T10:00:00Z\n+++\n",
	})
	var sum Summary
	doc := &IncidentDoc{Source: "statuspage abc", Title: "Outage", Services: []string{"api"}, Severity: "major",
		Started: mustTime("2026-11-03T09:00:00Z"), Resolved: mustTime("2026-11-03T10:00:00Z")}
	if err := s.WriteIncidents(&sum, []*IncidentDoc{doc}, false); err != nil {
		t.Fatal(err)
	}
	if sum.NImported != 0 || sum.NSkipped != 1 {
		t.Errorf("imported %d, skipped %d; want 0, 1: %v", sum.NImported, sum.NSkipped, sum.Imported)
	}
	if files, _ := filepath.Glob(filepath.Join(s.IncidentsDir(), "*.md")); len(files) != 1 {
		t.Errorf("incident files %v; want the one already there", files)
	}
}

// A source with a line break (a Statuspage id can hold one) is written on
// one line and found again, so a second import skips it.
func TestWriteIncidentsOddSourceOnce(t *testing.T) {
	s := newSite(t, map[string]string{})
	doc := func() []*IncidentDoc {
		return []*IncidentDoc{{Source: "statuspage a\n+++\ntitle = \"x\"", Title: "T", Severity: "minor", Started: mustTime("2026-11-03T09:12:00Z"),
			Comments: []string{"odd key \x1b[2J"}}}
	}
	for i, want := range []int{1, 0} {
		var sum Summary
		if err := s.WriteIncidents(&sum, doc(), false); err != nil {
			t.Fatal(err)
		}
		if sum.NImported != want || sum.NSkipped != 1-want {
			t.Fatalf("run %d: imported %d, skipped %d: %v", i+1, sum.NImported, sum.NSkipped, sum.Skipped)
		}
	}
	if ins := loadIncidents(t, s); len(ins) != 1 {
		t.Errorf("%d incidents", len(ins))
	}
}
