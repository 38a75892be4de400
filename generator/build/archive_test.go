package build

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/testsite"
)

// archiveSite writes a site with n incidents, one every 29 hours back from
// now, cycling through severities and services; every third has an open
// action item due on the day it started.
func archiveSite(t testing.TB, n int, now time.Time) string {
	files := map[string]string{}
	sevs := []string{"minor", "major", "critical", "maintenance"}
	svcs := []string{"orders-api", "warehouse"}
	for i := 0; i < n; i++ {
		start := now.Add(-time.Duration(i+1) * 29 * time.Hour)
		fm := fmt.Sprintf("+++\ntitle = \"Incident %d\"\nservices = [%q]\nseverity = %q\nstarted = %s\ndetected = %s\nresolved = %s\n",
			i, svcs[i%2], sevs[i%4], start.Format(time.RFC3339), start.Add(10*time.Minute).Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
		if i%3 == 0 {
			fm += fmt.Sprintf("\n[[actions]]\ntext = \"Fix %d\"\nowner = \"team-%d\"\ndue = %s\n", i, i%5, start.Format("2006-01-02"))
		}
		files[fmt.Sprintf("incidents/%s-incident-%03d.md", start.Format("2006-01-02"), i)] = fm + "+++\n## Summary\n\nSomething broke.\n"
	}
	return testsite.WriteIncidentSite(t, files)
}

func TestArchiveOf300IncidentsBuilds(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cfg := archiveSite(t, 300, now)
	out := filepath.Join(t.TempDir(), "public")
	st, ds, err := Build(Options{Config: cfg, Out: out, Now: now, Strict: true})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, ds)
	}
	if len(st.Incidents) != 300 {
		t.Fatalf("published %d, want 300", len(st.Incidents))
	}
	archive, err := os.ReadFile(filepath.Join(out, "incidents", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(archive)
	if got := strings.Count(html, `class="incident-row"`); got != 300 {
		t.Errorf("archive rows = %d, want 300", got)
	}
	// 300 × 29 h ≈ 362 days back from 23 Nov 2026: 13 months, newest first.
	months := regexp.MustCompile(`<h2>([A-Z][a-z]+ \d{4})</h2>`).FindAllStringSubmatch(html, -1)
	if len(months) != 13 || months[0][1] != "November 2026" || months[12][1] != "November 2025" {
		t.Errorf("months = %v", months)
	}
	// Incident i started (i+1) × 29 h ago: i = 0..73 lie within 90 days
	// (74 × 29 h = 2146 h ≤ 2160 h). Of those, the 18 with i%4 == 3 are
	// maintenance, not incidents: 74 − 18 = 56.
	stats := st.IncidentStats("")
	if stats[0].Days != 90 || stats[0].Incidents != 56 {
		t.Errorf("90 days: %d days, %d incidents; want 90 and 56", stats[0].Days, stats[0].Incidents)
	}
	for _, p := range []string{"actions/index.html", "incidents/2026-11-22-incident-000/index.html", "assets/incidents.css"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	// Without JavaScript the filter stays hidden and every row shows; the
	// script is inline and asks no other host for anything.
	if !strings.Contains(html, `<form class="archive-filter" id="archive-filter" hidden>`) || strings.Contains(html, `<script src="http`) || strings.Contains(html, `stylesheet" href="http`) {
		t.Error("the archive filter must degrade to the full list and load nothing from elsewhere")
	}
	if !strings.Contains(html, `<option value="orders-api">Orders API (150)</option>`) {
		t.Error("the service filter lists orders-api with its count")
	}
}

// BenchmarkArchive300 loads and renders a site with 300 incidents.
func BenchmarkArchive300(b *testing.B) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cfg := archiveSite(b, 300, now)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, ds := site.Load(cfg, now)
		if st == nil || ds.HasErrors() {
			b.Fatal(ds)
		}
		if _, err := Files(st); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIncidentPages renders a report, a cState notice and maintenance in
// each state, and checks what a reader sees.
func TestIncidentPages(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cfg := testsite.WriteIncidentSite(t, map[string]string{
		"incidents/2026-11-03-orders.md":  testsite.FullTOML,
		"incidents/2026-11-10-ldap.md":    "---\ntitle: LDAP down\ndate: 2026-11-10T08:00:00Z\nresolved: true\nresolvedWhen: 2026-11-10T09:00:00Z\nseverity: notice\naffected: [Data Warehouse, ldap.example.org]\n---\nFixed.\n",
		"incidents/2026-11-30-upgrade.md": "+++\ntitle = \"DB upgrade\"\nservices = [\"warehouse\"]\nseverity = \"maintenance\"\nstarted = 2026-11-30T22:00:00Z\nresolved = 2026-11-30T23:00:00Z\n+++\n",
		"incidents/2026-11-23-now.md":     "+++\ntitle = \"Index rebuild\"\nservices = [\"warehouse\"]\nseverity = \"maintenance\"\nstarted = 2026-11-23T11:00:00Z\nresolved = 2026-11-23T13:00:00Z\n+++\n",
		"incidents/2026-11-01-done.md":    "+++\ntitle = \"Failover test\"\nservices = [\"orders-api\"]\nseverity = \"maintenance\"\nstarted = 2026-11-01T01:00:00Z\nresolved = 2026-11-01T02:00:00Z\n+++\n",
	})
	st, ds := site.Load(cfg, now)
	if st == nil || ds.HasErrors() {
		t.Fatal(ds)
	}
	files, err := Files(st)
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["incidents/2026-11-03-orders/index.html"])
	for _, want := range []string{
		`<a href="../../services/orders-api/index.html">Orders API</a>, <a href="../../services/warehouse/index.html">Data Warehouse</a>`,
		`<dt>Time to detect</dt><dd>8 min</dd>`, `<dt>Time to contain</dt><dd>33 min</dd>`, `<dt>Time to resolve</dt><dd>1 h 18 min</dd>`,
		`<span class="phase-name">Containment</span>`, `· 25 min`, `0 of 1 action items done`,
		`<a href="https://github.com/acme/orders/issues/412">acme/orders#412</a>`,
		`<span class="istate istate-resolved">Resolved</span>`,
		`Error budget spent`, `Elevated error rates on order submission.`, `<h2 id="summary">Summary</h2>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
	if strings.Contains(page, `<tr class="overdue">`) {
		t.Error("an action due 30 Nov is not overdue on 23 Nov")
	}
	ldap := string(files["incidents/2026-11-10-ldap/index.html"])
	if !strings.Contains(ldap, `<a href="../../services/warehouse/index.html">Data Warehouse</a>, ldap.example.org`) {
		t.Error("an unmatched cState name is shown as plain text after the linked services")
	}
	for slug, state := range map[string]string{"2026-11-30-upgrade": "Upcoming", "2026-11-23-now": "In progress", "2026-11-01-done": "Completed"} {
		if p := string(files["incidents/"+slug+"/index.html"]); !strings.Contains(p, ">"+state+"</span>") {
			t.Errorf("%s is not shown as %s", slug, state)
		}
	}
	actions := string(files["actions/index.html"])
	if !strings.Contains(actions, "Payments team") || !strings.Contains(actions, "Alert on 5xx ratio per deploy") {
		t.Error("the action items page lists the open action by owner")
	}
}
