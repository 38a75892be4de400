package site

import (
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/slo"
	"github.com/statusgen/statusgen/generator/testsite"
)

// hourlyRows returns a CSV of hourly status samples from start, one per
// status given.
func hourlyRows(start time.Time, statuses ...string) string {
	var b strings.Builder
	b.WriteString("time,status\n")
	for i, st := range statuses {
		b.WriteString(start.Add(time.Duration(i)*time.Hour).UTC().Format(time.RFC3339) + "," + st + "\n")
	}
	return b.String()
}

func near(a, b float64) bool {
	d := a - b
	return d < 1e-9 && d > -1e-9
}

func TestIncidentBudgets(t *testing.T) {
	// 24 hourly samples from 2026-11-22T12:00Z; the one at 2026-11-23T09:00Z
	// is down. The incident spans exactly that hour.
	rows := make([]string, 24)
	for i := range rows {
		rows[i] = "up"
	}
	rows[21] = "down" // 12:00 + 21h = 09:00 the next day
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml": `title = "T"
timezone = "UTC"
[[service]]
id = "api"
interval = "1h"
  [[service.slo]]
  id = "availability"
  objective = 99
  window = "1d"
  [[service.slo]]
  id = "lenient"
  objective = 50
  window = "1d"
[[service]]
id = "other"
interval = "1h"
  [[service.slo]]
  id = "availability"
  objective = 99
`,
		"content/metrics/api/2026-11.csv": hourlyRows(testsite.Time(t, "2026-11-22T12:00:00Z"), rows...),
		"incidents/2026-11-23-outage.md": `+++
title = "Outage"
services = ["api"]
severity = "major"
started = 2026-11-23T09:00:00Z
resolved = 2026-11-23T10:00:00Z
+++
Body.
`,
		"incidents/2026-11-23-window.md": `+++
title = "Planned"
services = ["api"]
severity = "maintenance"
started = 2026-11-23T10:00:00Z
resolved = 2026-11-23T10:30:00Z
+++
`,
	})
	st, ds := Load(cfg, testsite.Time(t, "2026-11-23T12:00:00Z"))
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	var outage, maint *incident.Incident
	for _, in := range st.Incidents {
		switch in.Slug {
		case "2026-11-23-outage":
			outage = in
		case "2026-11-23-window":
			maint = in
		}
	}
	if got := st.IncidentBudgets(maint); got != nil {
		t.Errorf("maintenance spent budget: %+v", got)
	}
	got := st.IncidentBudgets(outage)
	if len(got) != 2 {
		t.Fatalf("got %d budgets, want 2 (the SLOs of api only): %+v", len(got), got)
	}
	// The window ending at resolved (10:00) is [2026-11-22T10:00, 10:00):
	// data starts at 12:00, so valid = 22 h = 79200 s. Bad inside the
	// incident = 3600 s.
	//   availability: B = 0.01 → 3600 / 792 = 4.545454…  (flagged)
	//   lenient:      B = 0.5  → 3600 / 39600 = 0.090909… (not flagged)
	want := []struct {
		id      string
		spent   float64
		flagged bool
	}{{"availability", 3600.0 / 792, true}, {"lenient", 3600.0 / 39600, false}}
	for i, w := range want {
		b := got[i]
		if b.ServiceID != "api" || b.SLOID != w.id || b.Unit != "seconds" || b.Bad != 3600 {
			t.Errorf("budget %d = %+v", i, b)
		}
		if b.Spent == nil || !near(*b.Spent, w.spent) || b.Flagged != w.flagged {
			t.Errorf("%s: spent %v flagged %v, want %v %v", w.id, b.Spent, b.Flagged, w.spent, w.flagged)
		}
	}
}

func TestCalendarPeriodsAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { return testsite.Time(t, s) }
	tests := []struct {
		name   string
		t      time.Time
		period string
		want   time.Duration
	}{
		// October 2026 ends summer time on the 25th: 31 days + 1 hour.
		{"october", at("2026-10-15T12:00:00Z"), "month", 745 * time.Hour},
		// March 2026 starts it on the 29th: 31 days − 1 hour.
		{"march", at("2026-03-15T12:00:00Z"), "month", 743 * time.Hour},
		{"november", at("2026-11-15T12:00:00Z"), "month", 720 * time.Hour},
		// Q4: 92 days + 1 hour; the year: both changes cancel, 365 days.
		{"q4", at("2026-12-01T00:00:00Z"), "quarter", 92*24*time.Hour + time.Hour},
		{"year", at("2026-06-01T00:00:00Z"), "year", 365 * 24 * time.Hour},
	}
	for _, tt := range tests {
		if got := slo.PeriodLength(tt.t, tt.period, berlin); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// The calendar window starts at local midnight of the 1st: 1 March
	// 00:00 CET is 28 Feb 23:00Z; 1 April 00:00 CEST is 31 March 22:00Z.
	month := config.WindowSpec{Calendar: "month", Text: "month"}
	for _, c := range []struct{ now, start string }{
		{"2026-03-31T12:00:00Z", "2026-02-28T23:00:00Z"},
		{"2026-03-31T22:30:00Z", "2026-03-31T22:00:00Z"},
		{"2026-10-31T22:59:59Z", "2026-09-30T22:00:00Z"},
		{"2026-10-31T23:00:00Z", "2026-10-31T23:00:00Z"},
	} {
		a, b := windowBounds(month, at(c.now), berlin)
		if !a.Equal(at(c.start)) || !b.Equal(at(c.now)) {
			t.Errorf("month window at %s: [%s, %s), want start %s", c.now, a.UTC().Format(time.RFC3339), b.UTC().Format(time.RFC3339), c.start)
		}
	}
	// An incident's budget window for a calendar SLO is as long as the
	// local month holding the last second before it ended: an incident
	// resolved at 1 Nov 00:00 CET is measured against October's 745 h.
	o := &config.SLOConfig{WindowSpec: month}
	a, b := budgetWindow(o, at("2026-10-31T23:00:00Z"), berlin)
	if b.Sub(a) != 745*time.Hour {
		t.Errorf("budget window %v", b.Sub(a))
	}
}

func TestRatioAndTimeslices(t *testing.T) {
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml": `title = "T"
[[service]]
id = "jobs"
interval = "1h"
  [[service.slo]]
  id = "success"
  indicator = "ratio"
  objective = 90
  window = "1d"
  [[service.slo]]
  id = "fresh"
  indicator = "threshold"
  column = "lag_s"
  op = "<="
  threshold = 300
  budgeting = "timeslices"
  objective = 50
  window = "1d"
`,
		"content/metrics/jobs/2026-11.csv": "time,good,total,lag_s\n" +
			"2026-11-23T09:00:00Z,9,10,100\n" +
			"2026-11-23T10:00:00Z,10,10,400\n" +
			"2026-11-23T11:00:00Z,,,200\n",
	})
	st, ds := Load(cfg, testsite.Time(t, "2026-11-23T12:00:00Z"))
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	ratio, fresh := st.Services[0].SLOs[0], st.Services[0].SLOs[1]
	// Ratio: 19 good of 20 (the 11:00 row has no counts) → 0.95; the rows
	// fill 2 of the window's 24 hourly intervals → coverage 0.083333:
	// no_data, never green.
	if ratio.Unit != "events" || ratio.Good != 19 || ratio.Total != 20 || !near(*ratio.SLI, 0.95) ||
		!near(ratio.Coverage, 2.0/24) || ratio.State != "no_data" || ratio.BudgetMinutes != nil {
		t.Errorf("ratio: %+v sli %v", ratio.Figures, *ratio.SLI)
	}
	// Timeslices: 09:00 met covers [09, 10), 10:00 missed [10, 11), 11:00
	// met [11, 12): valid 10800 s, bad 3600, sli 2/3, coverage 3/24;
	// downtime 60 min of a 0.5 × 1440 = 720-minute budget.
	if fresh.Unit != "seconds" || fresh.Total != 10800 || fresh.Good != 7200 || !near(fresh.Coverage, 3.0/24) ||
		!near(*fresh.DowntimeMinutes, 60) || !near(*fresh.BudgetMinutes, 720) {
		t.Errorf("timeslices: %+v", fresh.Figures)
	}
}
