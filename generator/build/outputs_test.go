package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/feed"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/statuspage"
	"github.com/statusgen/statusgen/generator/testsite"
)

// outputsNow is the fixed now of the machine-readable output tests.
var outputsNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// outputsSite writes a small site and renders it at outputsNow:
//   - orders-api (group apis): up every 5 minutes for 28 days → operational,
//     SLI 1, state ok; one ongoing minor incident → degraded_performance.
//   - search (group apis): data ended 3 days ago, no open incident → unknown.
//   - nightly-etl (no group): a ratio SLO with 95 good of 100 per hour
//     against 99% → SLI 0.95, breached.
//
// Incidents: a resolved major one with updates, the ongoing minor one, a
// completed and an upcoming maintenance.
func outputsSite(t *testing.T, baseURL string) (*site.Site, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"site.toml": `title = "Acme Data Platform"
` + baseURL + `
timezone = "Europe/Berlin"
description = "Status of the Acme data platform"

[[group]]
id = "apis"
name = "Public APIs"

[[service]]
id = "orders-api"
name = "Orders API"
group = "apis"
description = "REST API for order intake"
owner = "Payments team"
interval = "5m"
  [[service.slo]]
  id = "availability"
  name = "Requests succeed"
  indicator = "status"
  objective = 99.9

[[service]]
id = "search"
name = "Search"
group = "apis"
interval = "5m"
  [[service.slo]]
  id = "availability"
  name = "Search answers"
  indicator = "status"
  objective = 99.5

[[service]]
id = "nightly-etl"
name = "Nightly ETL"
interval = "1h"
  [[service.slo]]
  id = "success"
  name = "Jobs succeed"
  indicator = "ratio"
  objective = 99
`,
		"incidents/2026-11-03-orders-503.md": `+++
title = "Orders API returned 503s & \"timeouts\" <after> a deploy"
services = ["orders-api"]
severity = "major"
started = 2026-11-03T09:12:00Z
detected = 2026-11-03T09:20:00Z
resolved = 2026-11-03T10:30:00Z
owner = "Payments team"

[[updates]]
time = 2026-11-03T09:25:00Z
status = "investigating"
text = "Elevated error rates on order submission."

[[updates]]
time = 2026-11-03T09:50:00Z
status = "monitoring"
text = "A fix is deployed; we are watching error rates."

[[updates]]
time = 2026-11-03T10:30:00Z
status = "resolved"
text = "Error rates are back to normal."
+++
## Summary
A bad deploy.
`,
		"incidents/2026-11-23-orders-slow.md": `+++
title = "Slow order submission"
services = ["orders-api"]
severity = "minor"
started = 2026-11-23T11:00:00Z

[[updates]]
time = 2026-11-23T11:10:00Z
status = "investigating"
text = "Some orders take several seconds."

[[updates]]
time = 2026-11-23T11:40:00Z
status = "identified"
text = "A slow database index; rebuilding it."
+++
`,
		"incidents/2026-11-10-db-upgrade.md": `+++
title = "Database upgrade"
services = ["orders-api", "search"]
severity = "maintenance"
started = 2026-11-10T02:00:00Z
resolved = 2026-11-10T03:00:00Z
+++
`,
		"incidents/2026-11-30-search-reindex.md": `+++
title = "Search reindex"
services = ["search"]
severity = "maintenance"
started = 2026-11-30T02:00:00Z
resolved = 2026-11-30T04:00:00Z

[[updates]]
time = 2026-11-20T09:00:00Z
status = "scheduled"
text = "Search may return partial results during the reindex."
+++
`,
	}
	var orders, search, etl strings.Builder
	orders.WriteString("time,status\n")
	for t0 := outputsNow.Add(-28 * 24 * time.Hour); t0.Before(outputsNow); t0 = t0.Add(5 * time.Minute) {
		fmt.Fprintf(&orders, "%s,up\n", t0.Format(time.RFC3339))
	}
	search.WriteString("time,status\n")
	for t0 := outputsNow.Add(-10 * 24 * time.Hour); t0.Before(outputsNow.Add(-3 * 24 * time.Hour)); t0 = t0.Add(5 * time.Minute) {
		fmt.Fprintf(&search, "%s,up\n", t0.Format(time.RFC3339))
	}
	etl.WriteString("time,good,total\n")
	for t0 := outputsNow.Add(-28 * 24 * time.Hour); t0.Before(outputsNow); t0 = t0.Add(time.Hour) {
		fmt.Fprintf(&etl, "%s,95,100\n", t0.Format(time.RFC3339))
	}
	files["content/metrics/orders-api/2026-11.csv"] = orders.String()
	files["content/metrics/search/2026-11.csv"] = search.String()
	files["content/metrics/nightly-etl/2026-11.csv"] = etl.String()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, ds := site.Load(filepath.Join(dir, "site.toml"), outputsNow)
	if st == nil || ds.HasErrors() {
		t.Fatalf("fixture does not load: %v", ds)
	}
	out, err := Files(st)
	if err != nil {
		t.Fatal(err)
	}
	return st, out
}

// TestStatuspageFieldNames checks that every Statuspage v2 document parses
// and carries Statuspage's field names, at every level.
func TestStatuspageFieldNames(t *testing.T) {
	_, out := outputsSite(t, `base_url = "https://status.example.com/"`)
	page := []string{"id", "name", "url", "time_zone", "updated_at"}
	component := []string{"id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded"}
	incident := []string{"id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact", "shortlink", "started_at", "page_id", "incident_updates", "components"}
	update := []string{"id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components", "deliver_notifications", "custom_tweet", "tweet_id"}
	maintenance := append(append([]string{}, incident...), "scheduled_for", "scheduled_until")
	status := []string{"indicator", "description"}

	tests := []struct {
		path string
		top  []string
		// lists names the arrays of the document and the keys of their items.
		lists map[string][]string
	}{
		{"api/v2/summary.json", []string{"page", "components", "incidents", "scheduled_maintenances", "status"},
			map[string][]string{"components": component, "incidents": incident, "scheduled_maintenances": maintenance}},
		{"api/v2/status.json", []string{"page", "status"}, nil},
		{"api/v2/components.json", []string{"page", "components"}, map[string][]string{"components": component}},
		{"api/v2/incidents.json", []string{"page", "incidents"}, map[string][]string{"incidents": incident}},
		{"api/v2/incidents/unresolved.json", []string{"page", "incidents"}, map[string][]string{"incidents": incident}},
		{"api/v2/scheduled-maintenances.json", []string{"page", "scheduled_maintenances"}, map[string][]string{"scheduled_maintenances": maintenance}},
		{"api/v2/scheduled-maintenances/upcoming.json", []string{"page", "scheduled_maintenances"}, map[string][]string{"scheduled_maintenances": maintenance}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(out[tt.path], &doc); err != nil {
				t.Fatalf("%s does not parse: %v", tt.path, err)
			}
			requireKeys(t, tt.path, doc, tt.top)
			requireKeys(t, tt.path+" page", doc["page"].(map[string]any), page)
			if st, ok := doc["status"]; ok {
				requireKeys(t, tt.path+" status", st.(map[string]any), status)
			}
			for list, keys := range tt.lists {
				items, ok := doc[list].([]any)
				if !ok || len(items) == 0 {
					t.Fatalf("%s: %s is %v, want a non-empty array", tt.path, list, doc[list])
				}
				for i, it := range items {
					obj := it.(map[string]any)
					requireKeys(t, fmt.Sprintf("%s %s[%d]", tt.path, list, i), obj, keys)
					if ups, ok := obj["incident_updates"].([]any); ok {
						for j, u := range ups {
							requireKeys(t, fmt.Sprintf("%s %s[%d].incident_updates[%d]", tt.path, list, i, j), u.(map[string]any), update)
						}
					}
					if comps, ok := obj["components"].([]any); ok && list != "components" {
						for j, c := range comps {
							requireKeys(t, fmt.Sprintf("%s %s[%d].components[%d]", tt.path, list, i, j), c.(map[string]any), component)
						}
					}
				}
			}
		})
	}
}

func requireKeys(t *testing.T, where string, obj map[string]any, keys []string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Errorf("%s: missing %q (has %v)", where, k, sortedMapKeys(obj))
		}
	}
}

func sortedMapKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestStatuspageValues checks the values a client acts on: component
// statuses (unknown published as degraded_performance), groups, impacts,
// incident and maintenance statuses, the page indicator and links.
func TestStatuspageValues(t *testing.T) {
	_, out := outputsSite(t, `base_url = "https://status.example.com/"`)
	var sum struct {
		Page struct {
			ID, Name, URL string
			TimeZone      string `json:"time_zone"`
			UpdatedAt     string `json:"updated_at"`
		}
		Components []struct {
			ID, Name, Status string
			Position         int
			Group            bool
			GroupID          *string `json:"group_id"`
			Components       []string
		}
		Incidents []struct {
			ID, Status, Impact, Shortlink string
			ResolvedAt                    *string `json:"resolved_at"`
			Updates                       []struct {
				ID, Status, Body string
			} `json:"incident_updates"`
			Components []struct{ ID string }
		}
		ScheduledMaintenances []struct {
			ID, Status, Impact string
			ScheduledFor       *string `json:"scheduled_for"`
			ScheduledUntil     *string `json:"scheduled_until"`
		} `json:"scheduled_maintenances"`
		Status struct{ Indicator, Description string }
	}
	if err := json.Unmarshal(out["api/v2/summary.json"], &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Page.ID != "acme-data-platform" || sum.Page.URL != "https://status.example.com/" || sum.Page.TimeZone != "Europe/Berlin" || sum.Page.UpdatedAt != "2026-11-23T12:00:00Z" {
		t.Errorf("page = %+v", sum.Page)
	}
	// The group first, then its members, then the ungrouped service.
	var got []string
	for _, c := range sum.Components {
		gid := ""
		if c.GroupID != nil {
			gid = *c.GroupID
		}
		got = append(got, fmt.Sprintf("%d %s %s group=%v in=%s %v", c.Position, c.ID, c.Status, c.Group, gid, c.Components))
	}
	want := []string{
		// The group takes the worst of its members.
		"1 group-apis degraded_performance group=true in= [orders-api search]",
		// An ongoing minor incident.
		"2 orders-api degraded_performance group=false in=group-apis []",
		// Data 3 days old and no incident: unknown, published as degraded.
		"3 search degraded_performance group=false in=group-apis []",
		// The latest ratio row is 95 of 100 against 99%: partial outage.
		"4 nightly-etl partial_outage group=false in= []",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("components:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Only the ongoing incident is unresolved; its updates newest first.
	if len(sum.Incidents) != 1 {
		t.Fatalf("unresolved incidents = %+v, want the one ongoing", sum.Incidents)
	}
	in := sum.Incidents[0]
	if in.ID != "2026-11-23-orders-slow" || in.Status != "identified" || in.Impact != "minor" || in.ResolvedAt != nil ||
		in.Shortlink != "https://status.example.com/incidents/2026-11-23-orders-slow/" {
		t.Errorf("incident = %+v", in)
	}
	if len(in.Updates) != 2 || in.Updates[0].ID != "2026-11-23-orders-slow-2" || in.Updates[0].Status != "identified" {
		t.Errorf("updates = %+v, want newest first with ids slug-2, slug-1", in.Updates)
	}
	if len(in.Components) != 1 || in.Components[0].ID != "orders-api" {
		t.Errorf("incident components = %+v", in.Components)
	}
	// Only the upcoming maintenance is active.
	if len(sum.ScheduledMaintenances) != 1 {
		t.Fatalf("scheduled maintenances = %+v", sum.ScheduledMaintenances)
	}
	m := sum.ScheduledMaintenances[0]
	if m.ID != "2026-11-30-search-reindex" || m.Status != "scheduled" || m.Impact != "maintenance" ||
		m.ScheduledFor == nil || *m.ScheduledFor != "2026-11-30T02:00:00Z" || m.ScheduledUntil == nil || *m.ScheduledUntil != "2026-11-30T04:00:00Z" {
		t.Errorf("maintenance = %+v", m)
	}
	// A partial outage component outranks the minor incident.
	if sum.Status.Indicator != "major" || sum.Status.Description != "Partial System Outage" {
		t.Errorf("status = %+v", sum.Status)
	}

	var all struct {
		Incidents []struct {
			ID, Status   string
			MonitoringAt *string `json:"monitoring_at"`
			ResolvedAt   *string `json:"resolved_at"`
			CreatedAt    string  `json:"created_at"`
			UpdatedAt    string  `json:"updated_at"`
		}
	}
	if err := json.Unmarshal(out["api/v2/incidents.json"], &all); err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, in := range all.Incidents {
		got = append(got, fmt.Sprintf("%s %s created=%s updated=%s monitoring=%s resolved=%s", in.ID, in.Status, in.CreatedAt, in.UpdatedAt, deref(in.MonitoringAt), deref(in.ResolvedAt)))
	}
	want = []string{
		"2026-11-23-orders-slow identified created=2026-11-23T11:00:00Z updated=2026-11-23T11:40:00Z monitoring=- resolved=-",
		"2026-11-03-orders-503 resolved created=2026-11-03T09:12:00Z updated=2026-11-03T10:30:00Z monitoring=2026-11-03T09:50:00Z resolved=2026-11-03T10:30:00Z",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("incidents.json:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	var ms struct {
		ScheduledMaintenances []struct{ ID, Status string } `json:"scheduled_maintenances"`
	}
	if err := json.Unmarshal(out["api/v2/scheduled-maintenances.json"], &ms); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ms.ScheduledMaintenances) != "[{2026-11-30-search-reindex scheduled} {2026-11-10-db-upgrade completed}]" {
		t.Errorf("scheduled-maintenances.json = %v", ms.ScheduledMaintenances)
	}
	for p, want := range map[string]string{
		"api/v2/scheduled-maintenances/upcoming.json": "[{2026-11-30-search-reindex scheduled}]",
		"api/v2/scheduled-maintenances/active.json":   "[]",
	} {
		ms.ScheduledMaintenances = nil
		if err := json.Unmarshal(out[p], &ms); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(ms.ScheduledMaintenances); got != want {
			t.Errorf("%s = %s, want %s", p, got, want)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

// TestStatuspageRelativeLinks: without base_url, links are relative to the
// document that holds them.
func TestStatuspageRelativeLinks(t *testing.T) {
	_, out := outputsSite(t, "")
	for path, want := range map[string]string{
		"api/v2/incidents.json":            `"shortlink": "../../incidents/2026-11-23-orders-slow/index.html"`,
		"api/v2/incidents/unresolved.json": `"shortlink": "../../../incidents/2026-11-23-orders-slow/index.html"`,
		"api/v2/status.json":               `"url": "../../"`,
	} {
		if !bytes.Contains(out[path], []byte(want)) {
			t.Errorf("%s lacks %s:\n%s", path, want, out[path])
		}
	}
}

// TestFeedAtom parses feed.xml back and checks every element RFC 4287
// requires: feed id, title, updated and an author (on the feed, so every
// entry has one); entry id, title, updated and, without content of its
// own, an alternate link (we always give one).
func TestFeedAtom(t *testing.T) {
	for _, base := range []string{`base_url = "https://status.example.com/sub/"`, ""} {
		t.Run(fmt.Sprintf("base_url=%v", base != ""), func(t *testing.T) {
			st, out := outputsSite(t, base)
			raw := out["feed.xml"]
			var f struct {
				XMLName xml.Name
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Author  []struct {
					Name string `xml:"name"`
				} `xml:"author"`
				Links []struct {
					Rel  string `xml:"rel,attr"`
					Href string `xml:"href,attr"`
				} `xml:"link"`
				Entries []struct {
					ID        string `xml:"id"`
					Title     string `xml:"title"`
					Updated   string `xml:"updated"`
					Published string `xml:"published"`
					Links     []struct {
						Rel  string `xml:"rel,attr"`
						Href string `xml:"href,attr"`
					} `xml:"link"`
					Content struct {
						Type string `xml:"type,attr"`
						Body string `xml:",chardata"`
					} `xml:"content"`
				} `xml:"entry"`
			}
			if err := xml.Unmarshal(raw, &f); err != nil {
				t.Fatalf("feed.xml does not parse: %v\n%s", err, raw)
			}
			if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
				t.Errorf("root = %v, want {%s}feed", f.XMLName, "http://www.w3.org/2005/Atom")
			}
			if f.ID == "" || f.Title == "" || len(f.Author) == 0 || f.Author[0].Name == "" {
				t.Errorf("feed id %q, title %q, author %v: all required", f.ID, f.Title, f.Author)
			}
			// Newest entry change by now: the identified update at 11:40.
			if f.Updated != "2026-11-23T11:40:00Z" {
				t.Errorf("feed updated = %q", f.Updated)
			}
			if len(f.Entries) != len(st.Incidents) {
				t.Fatalf("%d entries, want %d", len(f.Entries), len(st.Incidents))
			}
			ids := map[string]bool{}
			for _, e := range f.Entries {
				if e.ID == "" || e.Title == "" || ids[e.ID] {
					t.Errorf("entry id %q (must be unique), title %q", e.ID, e.Title)
				}
				ids[e.ID] = true
				for _, ts := range []string{e.Updated, e.Published} {
					if tm, err := time.Parse(time.RFC3339, ts); err != nil || tm.Location() != time.UTC {
						t.Errorf("entry %s: time %q is not RFC 3339 UTC", e.ID, ts)
					}
				}
				if len(e.Links) == 0 || e.Links[0].Rel != "alternate" || e.Links[0].Href == "" {
					t.Errorf("entry %s: links %v, want an alternate link", e.ID, e.Links)
				}
				if e.Content.Type != "html" || e.Content.Body == "" {
					t.Errorf("entry %s: content %+v", e.ID, e.Content)
				}
			}
			first := f.Entries[0] // the upcoming maintenance
			if base != "" {
				if f.ID != "https://status.example.com/sub/" || first.ID != "https://status.example.com/sub/incidents/2026-11-30-search-reindex/" ||
					first.Links[0].Href != first.ID {
					t.Errorf("feed id %q, entry id %q, link %q: want ids and links under base_url", f.ID, first.ID, first.Links[0].Href)
				}
			} else {
				if !strings.HasPrefix(f.ID, "urn:uuid:") || !strings.HasPrefix(first.ID, "urn:uuid:") ||
					first.Links[0].Href != "incidents/2026-11-30-search-reindex/index.html" {
					t.Errorf("feed id %q, entry id %q, link %q: want UUID URNs and relative links", f.ID, first.ID, first.Links[0].Href)
				}
			}
			// The escaped title and updates come back as written.
			var major string
			for _, e := range f.Entries {
				if strings.Contains(e.Title, "503s") {
					major = e.Title + "\n" + e.Content.Body
				}
			}
			for _, want := range []string{`Orders API returned 503s & "timeouts" <after> a deploy`, "<strong>monitoring</strong> (2026-11-03 09:50 UTC): A fix is deployed", "resolved 2026-11-03 10:30 UTC after 1 h 18 min"} {
				if !strings.Contains(major, want) {
					t.Errorf("major incident entry lacks %q:\n%s", want, major)
				}
			}
		})
	}
}

func TestBadges(t *testing.T) {
	_, out := outputsSite(t, "")
	// The shields.io colours, as the SVG fills them.
	fills := map[string]string{"brightgreen": "#4c1", "red": "#e05d44", "lightgrey": "#9f9f9f"}
	tests := []struct {
		id                    string
		label, message, color string
	}{
		// 28 days of "up": SLI 1.
		{"orders-api", "Orders API: Requests succeed", "100%", "brightgreen"},
		// 7 of 28 days covered, none recent: stale, grey.
		{"search", "Search: Search answers", "no recent data", "lightgrey"},
		// 95 of 100 against 99%: breached.
		{"nightly-etl", "Nightly ETL: Jobs succeed", "95.00%", "red"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			var e map[string]any
			if err := json.Unmarshal(out["badges/"+tt.id+".json"], &e); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"schemaVersion": float64(1), "label": tt.label, "message": tt.message, "color": tt.color}
			if fmt.Sprint(e) != fmt.Sprint(want) {
				t.Errorf("endpoint = %v, want %v", e, want)
			}
			svg := out["badges/"+tt.id+".svg"]
			testsite.CheckSVG(t, svg)
			if !bytes.Contains(svg, []byte(`fill="`+fills[tt.color]+`"`)) || !bytes.Contains(svg, []byte(">"+tt.message+"</text>")) {
				t.Errorf("svg lacks colour %s or message %s:\n%s", fills[tt.color], tt.message, svg)
			}
		})
	}
}

// TestMachineOutputsDeterministic renders the fixture twice and compares
// every machine-readable file byte for byte.
func TestMachineOutputsDeterministic(t *testing.T) {
	_, a := outputsSite(t, `base_url = "https://status.example.com/"`)
	_, b := outputsSite(t, `base_url = "https://status.example.com/"`)
	n := 0
	for p, body := range a {
		if !(p == "feed.xml" || strings.HasPrefix(p, "api/") || strings.HasPrefix(p, "badges/")) {
			continue
		}
		n++
		if !bytes.Equal(body, b[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
	// feed, slo.json, 8 Statuspage documents, 2 badges × 3 services.
	if n != 16 {
		t.Errorf("%d machine-readable files, want 16", n)
	}
}

func TestFeedLinkInPages(t *testing.T) {
	_, out := outputsSite(t, "")
	for p, want := range map[string]string{
		"index.html":                     `<link rel="alternate" type="application/atom+xml" title="Incidents and maintenance" href="feed.xml">`,
		"services/orders-api/index.html": `href="../../feed.xml"`,
	} {
		if !bytes.Contains(out[p], []byte(want)) {
			t.Errorf("%s lacks %s", p, want)
		}
	}
}

func TestSpIncidentStatus(t *testing.T) {
	at := func(h int) time.Time { return outputsNow.Add(time.Duration(h) * time.Hour) }
	up := func(h int, st string) incident.Update { return incident.Update{Time: at(h), Status: st} }
	tests := []struct {
		name string
		in   incident.Incident
		want string
	}{
		{"no updates yet", incident.Incident{Severity: "major", Started: at(-2)}, "investigating"},
		{"newest update counts", incident.Incident{Severity: "major", Started: at(-2), Updates: []incident.Update{up(-2, "investigating"), up(-1, "monitoring")}}, "monitoring"},
		{"an update after now is not out yet", incident.Incident{Severity: "major", Started: at(-2), Updates: []incident.Update{up(-2, "identified"), up(1, "monitoring")}}, "identified"},
		{"resolved update without resolved time", incident.Incident{Severity: "minor", Started: at(-2), Updates: []incident.Update{up(-1, "resolved")}}, "monitoring"},
		{"resolved time passed", incident.Incident{Severity: "critical", Started: at(-2), Resolved: at(-1), Updates: []incident.Update{up(-2, "identified")}}, "resolved"},
		{"resolved time still ahead", incident.Incident{Severity: "critical", Started: at(-2), Resolved: at(1)}, "investigating"},
		{"maintenance ahead", incident.Incident{Severity: "maintenance", Started: at(5), Resolved: at(6)}, "scheduled"},
		{"maintenance under way", incident.Incident{Severity: "maintenance", Started: at(-1), Resolved: at(1)}, "in_progress"},
		{"maintenance verifying", incident.Incident{Severity: "maintenance", Started: at(-1), Resolved: at(1), Updates: []incident.Update{up(0, "verifying")}}, "verifying"},
		{"maintenance over", incident.Incident{Severity: "maintenance", Started: at(-3), Resolved: at(-1)}, "completed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.PublicStatus(outputsNow); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkMachineOutputs renders the feed, the Statuspage documents and
// the badges of a site with 20 services and a 300-incident archive, each
// incident with three updates.
func BenchmarkMachineOutputs(b *testing.B) {
	cfg := &config.Config{Title: "Bench", BaseURL: "https://status.example.com/", Timezone: "UTC", Location: time.UTC}
	s := &site.Site{Config: cfg, Now: outputsNow, Status: site.StatusOperational}
	for i := 0; i < 20; i++ {
		svc := &config.Service{ID: fmt.Sprintf("svc-%02d", i), Name: fmt.Sprintf("Service %d", i), Group: fmt.Sprintf("g%d", i%4)}
		cfg.Services = append(cfg.Services, svc)
		sli := 0.999
		r := &site.SLOReport{SLOConfig: &config.SLOConfig{ID: "a"}, State: "ok"}
		r.SLI = &sli
		s.Services = append(s.Services, &site.ServiceReport{Service: svc, GroupName: svc.Group, Status: site.StatusOperational, SLOs: []*site.SLOReport{r}})
	}
	for i := 0; i < 300; i++ {
		start := outputsNow.Add(-time.Duration(i) * 29 * time.Hour)
		in := &incident.Incident{Slug: fmt.Sprintf("inc-%03d", i), Title: "Something broke", Severity: []string{"minor", "major", "critical", "maintenance"}[i%4],
			Services: []string{fmt.Sprintf("svc-%02d", i%20)}, Started: start, Resolved: start.Add(time.Hour)}
		for j, st := range []string{"investigating", "monitoring", "resolved"} {
			in.Updates = append(in.Updates, incident.Update{Time: start.Add(time.Duration(j) * 20 * time.Minute), Status: st, Text: "An update on what we see."})
		}
		s.Incidents = append(s.Incidents, in)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := addMachineOutputs(s, func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFeedKeepsNewest50: an archive of 60 incidents gives the 50 newest,
// newest first, and the Statuspage lists keep 50 as well.
func TestFeedKeepsNewest50(t *testing.T) {
	cfg := &config.Config{Title: "T", Timezone: "UTC", Location: time.UTC}
	s := &site.Site{Config: cfg, Now: outputsNow, Status: site.StatusOperational}
	for i := 0; i < 60; i++ {
		start := outputsNow.Add(-time.Duration(i+1) * 24 * time.Hour)
		s.Incidents = append(s.Incidents, &incident.Incident{Slug: fmt.Sprintf("inc-%02d", i), Title: "x", Severity: "minor", Started: start, Resolved: start.Add(time.Hour)})
	}
	raw, err := feed.XML(s)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Entries []struct {
			Title     string `xml:"title"`
			Published string `xml:"published"`
			Updated   string `xml:"updated"`
			Link      struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 50 || f.Entries[0].Link.Href != "incidents/inc-00/index.html" || f.Entries[49].Link.Href != "incidents/inc-49/index.html" {
		t.Fatalf("%d entries from %s to %s; want 50 from inc-00 to inc-49", len(f.Entries), f.Entries[0].Link.Href, f.Entries[len(f.Entries)-1].Link.Href)
	}
	for _, e := range f.Entries {
		// Started a day apart at now's time of day, resolved an hour later.
		if e.Updated < e.Published || e.Updated[11:] != "13:00:00Z" {
			t.Errorf("published %s, updated %s", e.Published, e.Updated)
		}
	}
	docs, err := statuspage.Documents(s)
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Incidents []struct{ ID string } }
	if err := json.Unmarshal(docs["api/v2/incidents.json"], &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Incidents) != 50 || list.Incidents[0].ID != "inc-00" {
		t.Errorf("incidents.json holds %d, first %v", len(list.Incidents), list.Incidents[:1])
	}
}
