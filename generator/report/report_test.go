package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/site"
)

// writeReportSite writes a site from name → content into a temporary
// folder and returns the path of its site.toml.
func writeReportSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "site.toml")
}

// hourly returns a status CSV with one sample an hour for the 24 hours
// from 2026-11-22T12:00Z; the hours listed in down are down.
func hourly(down ...int) string {
	var b strings.Builder
	b.WriteString("time,status\n")
	start := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for h := 0; h < 24; h++ {
		st := "up"
		for _, d := range down {
			if d == h {
				st = "down"
			}
		}
		fmt.Fprintf(&b, "%s,%s\n", start.Add(time.Duration(h)*time.Hour).Format(time.RFC3339), st)
	}
	return b.String()
}

const reportSiteTOML = `title = "Report | Test"
base_url = "https://status.example.com/"

[[service]]
id = "api"
name = "API"
interval = "1h"
  [[service.slo]]
  id = "availability"
  name = "Requests succeed"
  indicator = "status"
  objective = 99
  window = "1d"

[[service]]
id = "db"
name = "Warehouse"
interval = "1h"
  [[service.slo]]
  id = "availability"
  name = "Queries succeed"
  indicator = "status"
  objective = 90
  window = "1d"
`

func incidentFile(title, sev, started, resolved string) string {
	s := fmt.Sprintf("+++\ntitle = %q\nservices = [\"api\"]\nseverity = %q\nstarted = %s\n", title, sev, started)
	if resolved != "" {
		s += "resolved = " + resolved + "\n"
	}
	return s + "+++\n## Summary\nText.\n"
}

var reportNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func loadReportSite(t *testing.T) *Report {
	t.Helper()
	cfg := writeReportSite(t, map[string]string{
		"site.toml":                       reportSiteTOML,
		"content/metrics/api/2026-11.csv": hourly(1),  // down 13:00–14:00 on the 22nd
		"content/metrics/db/2026-11.csv":  hourly(23), // down in the last hour
		// In the period: resolved inside it.
		"incidents/2026-11-22-deploy.md": incidentFile("Bad deploy", "major", "2026-11-22T13:00:00Z", "2026-11-22T14:00:00Z"),
		// Overlaps the period's start (2026-10-26T12:00Z).
		"incidents/2026-10-20-long.md": incidentFile("Long one", "minor", "2026-10-20T00:00:00Z", "2026-10-27T00:00:00Z"),
		// Over before the period.
		"incidents/2026-10-01-old.md": incidentFile("Old one", "minor", "2026-10-01T00:00:00Z", "2026-10-01T01:00:00Z"),
		// Ongoing since before the period.
		"incidents/2026-09-01-open.md": incidentFile("Still open", "minor", "2026-09-01T00:00:00Z", ""),
		// Upcoming maintenance.
		"incidents/2026-12-01-maint.md": incidentFile("Planned", "maintenance", "2026-12-01T00:00:00Z", "2026-12-01T02:00:00Z"),
	})
	st, ds := site.Load(cfg, reportNow)
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	return New(st)
}

func TestReportJSON(t *testing.T) {
	r := loadReportSite(t)
	var buf bytes.Buffer
	if err := r.JSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Period struct{ Start, End string }
		SLOs   []struct {
			Service                     string
			SLI                         *float64
			ErrorBudgetRemaining        *float64 `json:"error_budget_remaining"`
			ErrorBudgetRemainingMinutes *float64 `json:"error_budget_remaining_minutes"`
			State                       string
			FiringAlerts                []struct{ Severity, Long string } `json:"firing_alerts"`
		}
		Incidents []struct {
			Slug        string
			Ongoing     bool
			BudgetSpent []struct {
				Service, SLO string
				Spent        *float64
				Flagged      bool
			} `json:"budget_spent"`
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if doc.Period.Start != "2026-10-26T12:00:00Z" || doc.Period.End != "2026-11-23T12:00:00Z" {
		t.Errorf("period = %+v, want the 28 days before now", doc.Period)
	}
	if len(doc.SLOs) != 2 {
		t.Fatalf("got %d SLOs, want 2", len(doc.SLOs))
	}
	api, db := doc.SLOs[0], doc.SLOs[1]
	// api: 1 bad hour of 24 → sli = 23/24 = 0.958333; B = 0.01, consumed =
	// (1/24)/0.01 = 4.16667, remaining = −3.1667; budget 0.01 × 1440 =
	// 14.4 min, downtime 60 min → −45.6 min. Under 99%: breached. The last
	// hour is up, so no short window burns: nothing fires.
	if api.SLI == nil || *api.SLI != 0.958333 || *api.ErrorBudgetRemaining != -3.1667 || *api.ErrorBudgetRemainingMinutes != -45.6 {
		t.Errorf("api figures = sli %v remaining %v minutes %v", api.SLI, api.ErrorBudgetRemaining, api.ErrorBudgetRemainingMinutes)
	}
	if api.State != "breached" || len(api.FiringAlerts) != 0 {
		t.Errorf("api state %s, firing %v; want breached, none", api.State, api.FiringAlerts)
	}
	// db: same sli, B = 0.1 → remaining 1 − (1/24)/0.1 = 0.5833; 144 − 60 =
	// 84 min. The series is hourly, so the defaults are ticket 3d/6h and
	// the runs rules. The down hour is the last one: 6h burn = (1/6)/0.1 =
	// 1.67 and 3d burn = (1/24)/0.1 = 0.42 are both ≥ 0.1 × 24/72 = 0.033:
	// the ticket fires → warning. One failed run is not 3 in a row, nor 2
	// of the last 4.
	if *db.ErrorBudgetRemaining != 0.5833 || *db.ErrorBudgetRemainingMinutes != 84 {
		t.Errorf("db remaining %v, %v min; want 0.5833, 84", *db.ErrorBudgetRemaining, *db.ErrorBudgetRemainingMinutes)
	}
	if db.State != "warning" || len(db.FiringAlerts) != 1 || db.FiringAlerts[0].Long != "3d" {
		t.Errorf("db state %s, firing %v; want warning with the 3d/6h alert", db.State, db.FiringAlerts)
	}
	var slugs []string
	for _, in := range doc.Incidents {
		slugs = append(slugs, fmt.Sprintf("%s:%v", in.Slug, in.Ongoing))
	}
	want := "2026-11-22-deploy:false 2026-10-20-long:false 2026-09-01-open:true"
	if got := strings.Join(slugs, " "); got != want {
		t.Errorf("incidents = %s\nwant        %s", got, want)
	}
	// 3600 bad seconds over a 72-second budget (see TestReportMarkdown).
	if bs := doc.Incidents[0].BudgetSpent; len(bs) != 1 || bs[0].Spent == nil || *bs[0].Spent != 50 || !bs[0].Flagged || bs[0].Service != "api" {
		t.Errorf("budget spent by the deploy = %+v, want api 50 flagged", bs)
	}
}

func TestReportMarkdown(t *testing.T) {
	r := loadReportSite(t)
	var buf bytes.Buffer
	if err := r.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# Report \\| Test: SLO report\n",
		"2 SLOs: 0 ok, 1 at risk, 1 missed, 0 without enough data.",
		"| [API](https://status.example.com/services/api/) | Requests succeed (status, 1d) | 95.83% | 99% | −316.67% (−46 min) | ❌ Objective missed | none |\n",
		"| [Warehouse](https://status.example.com/services/db/) | Queries succeed (status, 1d) | 95.83% | 90% | 58.33% (1 h 24 min) | ⚠️ At risk | **ticket** 3d/6h ≥ 0.0333× |\n",
		// Budget spent by the deploy: the 1d window ending at 14:00 on the
		// 22nd holds data from 12:00 only, valid = 7200 s, so the budget is
		// 0.01 × 7200 = 72 s; the incident's bad hour is 3600 s: 3600 / 72 =
		// 50 = 5000%, flagged (≥ 20%).
		"| 22 Nov 2026 13:00 UTC | [Bad deploy](https://status.example.com/incidents/2026-11-22-deploy/) | major | API | 22 Nov 2026 14:00 UTC (1 h) | API / Requests succeed: **5000.00%** |\n",
		// Still open: the window ending at now holds 86400 valid seconds,
		// budget 864 s, the same bad hour inside: 3600 / 864 = 416.67%.
		"| **ongoing** | API / Requests succeed: **416.67%** |\n",
		// The long one is before any data: no budget to spend.
		"| 27 Oct 2026 00:00 UTC (7 d) | none |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q\n%s", want, md)
		}
	}
	for _, absent := range []string{"Old one", "Planned"} {
		if strings.Contains(md, absent) {
			t.Errorf("report lists %q, which is outside the period", absent)
		}
	}
}

func TestMarkdownCellEscaping(t *testing.T) {
	got := mdText("a|b <script>\n*x*")
	want := `a\|b &lt;script&gt; \*x\*`
	if got != want {
		t.Errorf("mdText = %q, want %q", got, want)
	}
}
