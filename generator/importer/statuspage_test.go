package importer

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// One incident as a single-incident document: impact major, components
// "Public API" (a service's name) and "Billing" (no service), an update
// list out of order.
const spSingle = `{"page": {"id": "p1", "name": "Acme"},
 "incident": {"id": "inc1", "name": "Elevated API errors", "status": "resolved", "impact": "major",
  "created_at": "2026-11-03T09:20:00.123Z", "started_at": "2026-11-03T09:12:00.000Z",
  "monitoring_at": "2026-11-03T09:45:00Z", "resolved_at": "2026-11-03T10:30:00.500Z",
  "shortlink": "https://stspg.io/x1",
  "incident_updates": [
   {"status": "resolved", "body": "Fixed.", "display_at": "2026-11-03T10:30:00Z", "created_at": "2026-11-03T10:30:00Z"},
   {"status": "investigating", "body": "Looking into \"errors\".", "display_at": "2026-11-03T09:20:00Z",
    "affected_components": [{"code": "c2", "name": "Billing"}, {"code": "c1", "name": "Old API name"}]},
   {"status": "monitoring", "body": "Fix deployed.", "display_at": "2026-11-03T09:45:00Z"}
  ],
  "components": [{"id": "c1", "name": "Public API"}]}}`

// incidents.json: inc1 again (skipped as the same incident), one with
// impact none on "website" (a service's id), one with an unknown impact.
const spList = `{"page": {"id": "p1"}, "incidents": [
 {"id": "inc1", "name": "Elevated API errors", "status": "resolved", "impact": "major", "created_at": "2026-11-03T09:20:00Z", "incident_updates": []},
 {"id": "inc2", "name": "Slow pages", "status": "investigating", "impact": "none", "created_at": "2026-11-20T12:00:00Z",
  "incident_updates": [{"status": "investigating", "body": "Slow.", "created_at": "2026-11-20T12:00:00Z"}],
  "components": [{"name": "web"}]},
 {"id": "inc3", "name": "Odd", "status": "resolved", "impact": "catastrophic", "created_at": "2026-11-21T12:00:00Z"}
]}`

const spMaint = `{"page": {"id": "p1"}, "scheduled_maintenances": [
 {"id": "m1", "name": "Database upgrade", "status": "scheduled", "impact": "maintenance",
  "created_at": "2026-11-20T08:00:00Z", "scheduled_for": "2026-11-28T22:00:00Z", "scheduled_until": "2026-11-29T01:00:00Z",
  "incident_updates": [{"status": "scheduled", "body": "We will upgrade the database.", "display_at": "2026-11-20T08:00:00Z"}],
  "components": [{"name": "Public API"}, {"name": "Website"}]}]}`

func TestImportStatuspageFolder(t *testing.T) {
	s := newSite(t, map[string]string{
		"sp/a-single.json": spSingle, "sp/incidents.json": spList, "sp/scheduled.json": spMaint, "sp/broken.json": "{",
		// A user's own file with the name the import would choose.
		"incidents/2026-11-20-slow-pages.md": "my own notes",
	})
	src := filepath.Join(s.Config.Dir, "sp")
	var dry Summary
	if err := s.ImportStatuspage(context.Background(), src, StatuspageOptions{DryRun: true}, &dry); err != nil {
		t.Fatal(err)
	}
	if len(dry.Imported) != 3 {
		t.Fatalf("dry run would import %d, want 3: %v", len(dry.Imported), dry.Imported)
	}
	if ents, _ := os.ReadDir(s.IncidentsDir()); len(ents) != 1 {
		t.Fatalf("dry run wrote files: %d in incidents/", len(ents))
	}

	var sum Summary
	if err := s.ImportStatuspage(context.Background(), src, StatuspageOptions{}, &sum); err != nil {
		t.Fatal(err)
	}
	// Imported inc1, inc2, m1; skipped broken.json and inc3 (unknown impact).
	if len(sum.Imported) != 3 || len(sum.Skipped) != 2 {
		t.Errorf("imported %v\nskipped %v", sum.Imported, sum.Skipped)
	}
	if !strings.Contains(strings.Join(sum.Skipped, "\n"), `unknown impact "catastrophic"`) {
		t.Errorf("skipped should say why: %v", sum.Skipped)
	}
	if !strings.Contains(strings.Join(sum.Notes, "\n"), `component "Billing" matches no service (1 incident)`) {
		t.Errorf("notes should list the unknown component: %v", sum.Notes)
	}
	if strings.Contains(strings.Join(sum.Notes, "\n"), "Old API name") {
		t.Errorf("an update's old name of a known component is not a new component: %v", sum.Notes)
	}
	if got := readAll(t, filepath.Join(s.IncidentsDir(), "2026-11-20-slow-pages.md")); got != "my own notes" {
		t.Errorf("the user's file was changed: %q", got)
	}
	// The user's file has no front matter, so parse only ours.
	os.Rename(filepath.Join(s.IncidentsDir(), "2026-11-20-slow-pages.md"), filepath.Join(s.IncidentsDir(), "_mine.md"))
	ins := loadIncidents(t, s)
	in := ins["2026-11-03-elevated-api-errors"]
	if in == nil {
		t.Fatalf("incidents: %v", keys(ins))
	}
	// Times are cut to the second; detected is created_at, contained is
	// monitoring_at.
	if in.Severity != "major" || strings.Join(in.Services, ",") != "api" ||
		in.Started != mustTime("2026-11-03T09:12:00Z") || in.Detected != mustTime("2026-11-03T09:20:00Z") ||
		in.Contained != mustTime("2026-11-03T09:45:00Z") || in.Resolved != mustTime("2026-11-03T10:30:00Z") {
		t.Errorf("inc1: %+v", in)
	}
	if len(in.Updates) != 3 || in.Updates[0].Status != "investigating" || in.Updates[0].Text != `Looking into "errors".` || in.Updates[2].Status != "resolved" {
		t.Errorf("inc1 updates: %+v", in.Updates)
	}
	if !strings.Contains(string(in.Body), "Affected components: Billing.") {
		t.Errorf("the unknown component is not in the text: %s", in.Body)
	}
	// inc2 took the name -2 because the user's file had the first.
	in2 := ins["2026-11-20-slow-pages-2"]
	if in2 == nil || in2.Severity != "minor" || strings.Join(in2.Services, ",") != "web" || !in2.Resolved.IsZero() {
		t.Errorf("inc2: %+v", in2)
	}
	m := ins["2026-11-28-database-upgrade"]
	if m == nil || !m.Maintenance() || m.Started != mustTime("2026-11-28T22:00:00Z") || m.Resolved != mustTime("2026-11-29T01:00:00Z") ||
		strings.Join(m.Services, ",") != "api,web" || m.Updates[0].Status != "scheduled" {
		t.Errorf("maintenance: %+v", m)
	}

	// Again: nothing new.
	var again Summary
	if err := s.ImportStatuspage(context.Background(), src, StatuspageOptions{}, &again); err != nil {
		t.Fatal(err)
	}
	if len(again.Imported) != 0 || !strings.Contains(strings.Join(again.Skipped, "\n"), "statuspage inc1 (Elevated API errors): already imported as incidents/2026-11-03-elevated-api-errors.md") {
		t.Errorf("second run imported %v, skipped %v", again.Imported, again.Skipped)
	}
}

func TestImportStatuspageURLAndMap(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		switch r.URL.Path {
		case "/api/v2/incidents.json":
			w.Write([]byte(`{"incidents": [` + spSingle[strings.Index(spSingle, `"incident": `)+12:len(spSingle)-1] + `]}`))
		case "/api/v2/scheduled-maintenances.json":
			w.Write([]byte(spMaint))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	s := newSite(t, map[string]string{})
	var sum Summary
	err := s.ImportStatuspage(context.Background(), srv.URL+"/", StatuspageOptions{Map: map[string]string{"Billing": "web"}}, &sum)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(paths, " ") != "/api/v2/incidents.json /api/v2/scheduled-maintenances.json" || len(sum.Imported) != 2 {
		t.Fatalf("fetched %v, imported %v, skipped %v", paths, sum.Imported, sum.Skipped)
	}
	in := loadIncidents(t, s)["2026-11-03-elevated-api-errors"]
	if in == nil || strings.Join(in.Services, ",") != "api,web" || len(sum.Notes) != 0 {
		t.Errorf("with --map Billing=web: %+v, notes %v", in, sum.Notes)
	}
	// --map to a service that does not exist is an error.
	err = s.ImportStatuspage(context.Background(), srv.URL+"/", StatuspageOptions{Map: map[string]string{"Billing": "nope"}}, &Summary{})
	if err == nil || !strings.Contains(err.Error(), `site.toml has no service "nope"`) {
		t.Errorf("--map to nothing: %v", err)
	}
	// A URL that fails is an error, not an empty import.
	err = s.ImportStatuspage(context.Background(), srv.URL+"/nothing.json", StatuspageOptions{}, &Summary{})
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("404: %v", err)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
