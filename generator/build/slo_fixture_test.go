package build

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/testsite"
)

// The fixture site of TestSLOJSONFixture: Europe/Berlin, built at
// 2026-11-02T11:00:00Z (12:00 CET). October 2026 ends daylight-saving
// time on the 25th, so the local month is 31 days and 1 hour long:
// 745 h = 2 682 000 s.
const fixtureSiteTOML = `title = "Fixture"
timezone = "Europe/Berlin"
degraded_weight = 0.5

[[service]]
id = "api"
name = "API"
owner = "Core"
interval = "1h"
  [[service.slo]]
  id = "availability"
  objective = 99
  window = "month"
  sla = 95
  sla_period = "month"
  [[service.slo]]
  id = "rolling"
  objective = 99.9
  window = "1d"
  [[service.slo]]
  id = "latency"
  indicator = "threshold"
  column = "latency_ms"
  op = "<="
  threshold = 300
  objective = 90
  window = "month"

[[service]]
id = "etl"
name = "ETL"
  [[service.slo]]
  id = "incidents"
  indicator = "incidents"
  objective = 99
  window = "1d"
`

// fixtureRows: hourly samples from 2026-10-30T23:00Z (Oct 31 00:00 CET)
// to 2026-11-02T10:00Z, up at 100 ms, except on 2026-11-01: 05:00 down
// (5000 ms), 06:00 degraded (400 ms), 07:00 maintenance, and no rows at
// 10:00 and 11:00 (a two-hour gap).
func fixtureRows() string {
	var b strings.Builder
	b.WriteString("time,status,latency_ms\n")
	start := time.Date(2026, 10, 30, 23, 0, 0, 0, time.UTC)
	for t := start; t.Before(time.Date(2026, 11, 2, 11, 0, 0, 0, time.UTC)); t = t.Add(time.Hour) {
		st, lat := "up", "100"
		switch t.Format("01-02T15") {
		case "11-01T05":
			st, lat = "down", "5000"
		case "11-01T06":
			st, lat = "degraded", "400"
		case "11-01T07":
			st = "maintenance"
		case "11-01T10", "11-01T11":
			continue
		}
		b.WriteString(t.Format(time.RFC3339) + "," + st + "," + lat + "\n")
	}
	return b.String()
}

const fixtureIncidents = `+++
title = "API errors"
services = ["api"]
severity = "major"
started = 2026-11-01T05:00:00Z
resolved = 2026-11-01T07:00:00Z
+++
`

type jsonPeriod struct {
	Period   string   `json:"period"`
	SLI      *float64 `json:"sli"`
	Coverage float64  `json:"coverage"`
	Met      *bool    `json:"met"`
}

type jsonSLO struct {
	ID, Window, WindowStart, WindowEnd, Unit, State string
	Good, Total, Coverage                           float64
	SLI, Consumed, Remaining                        *float64
	BudgetMin, DowntimeMin, RemainingMin            *float64
	BurnRates                                       map[string]*float64
	Alerts                                          []struct {
		Severity  string  `json:"severity"`
		Long      string  `json:"long"`
		Threshold float64 `json:"threshold"`
		Firing    bool    `json:"firing"`
		Kind      string  `json:"kind"`
	}
	History []jsonPeriod
	SLA     *struct {
		Target  float64      `json:"target"`
		Period  string       `json:"period"`
		Periods []jsonPeriod `json:"periods"`
	}
}

func (j *jsonSLO) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID           string              `json:"id"`
		Window       string              `json:"window"`
		WindowStart  string              `json:"window_start"`
		WindowEnd    string              `json:"window_end"`
		Unit         string              `json:"unit"`
		State        string              `json:"state"`
		Good         float64             `json:"good"`
		Total        float64             `json:"total"`
		Coverage     float64             `json:"coverage"`
		SLI          *float64            `json:"sli"`
		Consumed     *float64            `json:"error_budget_consumed"`
		Remaining    *float64            `json:"error_budget_remaining"`
		BudgetMin    *float64            `json:"error_budget_minutes"`
		DowntimeMin  *float64            `json:"downtime_minutes"`
		RemainingMin *float64            `json:"error_budget_remaining_minutes"`
		BurnRates    map[string]*float64 `json:"burn_rates"`
		Alerts       json.RawMessage     `json:"alerts"`
		History      []jsonPeriod        `json:"history"`
		SLA          json.RawMessage     `json:"sla"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*j = jsonSLO{ID: raw.ID, Window: raw.Window, WindowStart: raw.WindowStart, WindowEnd: raw.WindowEnd,
		Unit: raw.Unit, State: raw.State, Good: raw.Good, Total: raw.Total, Coverage: raw.Coverage,
		SLI: raw.SLI, Consumed: raw.Consumed, Remaining: raw.Remaining, BudgetMin: raw.BudgetMin,
		DowntimeMin: raw.DowntimeMin, RemainingMin: raw.RemainingMin, BurnRates: raw.BurnRates, History: raw.History}
	if err := json.Unmarshal(raw.Alerts, &j.Alerts); err != nil {
		return err
	}
	return json.Unmarshal(raw.SLA, &j.SLA)
}

func TestSLOJSONFixture(t *testing.T) {
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml":                        fixtureSiteTOML,
		"content/metrics/api/2026-11.csv":  fixtureRows(),
		"incidents/2026-11-01-api.md":      fixtureIncidents,
		"incidents/2026-11-02-etl-down.md": "+++\ntitle = \"ETL down\"\nservices = [\"etl\"]\nseverity = \"critical\"\nstarted = 2026-11-02T01:00:00Z\nresolved = 2026-11-02T02:00:00Z\n+++\n",
		"incidents/2026-11-02-etl-slow.md": "+++\ntitle = \"ETL slow\"\nservices = [\"etl\"]\nseverity = \"major\"\nstarted = 2026-11-02T03:00:00Z\nresolved = 2026-11-02T05:00:00Z\n+++\n",
		"incidents/2026-11-02-etl-maint.md": "+++\ntitle = \"ETL upgrade\"\nservices = [\"etl\"]\nseverity = \"maintenance\"\n" +
			"started = 2026-11-02T06:00:00Z\nresolved = 2026-11-02T07:00:00Z\n+++\n",
	})
	now := time.Date(2026, 11, 2, 11, 0, 0, 0, time.UTC)
	out := filepath.Join(filepath.Dir(cfg), "public")
	st, ds, err := Build(Options{Config: cfg, Out: out, Now: now})
	if err != nil || ds.HasErrors() {
		t.Fatalf("build: %v %v", err, ds)
	}
	data, err := os.ReadFile(filepath.Join(out, "api", "slo.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		GeneratedAt string `json:"generated_at"`
		Status      string `json:"status"`
		Services    []struct {
			ID, Status string
			SLOs       []jsonSLO `json:"slos"`
		} `json:"services"`
		Incidents struct {
			Published int      `json:"published"`
			Open      int      `json:"open"`
			MTTR      *float64 `json:"mttr_minutes_90d"`
		} `json:"incidents"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.GeneratedAt != "2026-11-02T11:00:00Z" || len(doc.Services) != 2 {
		t.Fatalf("doc: %s, %d services", doc.GeneratedAt, len(doc.Services))
	}
	api, etl := doc.Services[0], doc.Services[1]
	// api's newest status sample (10:00, up) is fresh; etl is measured by
	// its incidents alone and none is open.
	if api.Status != "operational" || etl.Status != "operational" || doc.Status != "operational" {
		t.Errorf("statuses: api %s etl %s page %s", api.Status, etl.Status, doc.Status)
	}
	// Published incidents leave maintenance out: 3, none open, resolved in
	// 120, 60 and 120 minutes → mean 100.
	if doc.Incidents.Published != 3 || doc.Incidents.Open != 0 || doc.Incidents.MTTR == nil || *doc.Incidents.MTTR != 100 {
		t.Errorf("incidents: %+v", doc.Incidents)
	}

	f := func(v float64) *float64 { return &v }
	check := func(name string, got *float64, want *float64) {
		t.Helper()
		if (got == nil) != (want == nil) || got != nil && math.Abs(*got-*want) > 1e-12 {
			t.Errorf("%s = %v, want %v", name, show(got), show(want))
		}
	}

	// availability, calendar month: the window is November to date,
	// [2026-10-31T23:00Z, now) = 36 h = 129 600 s. Samples cover 36 h less
	// the 2 h gap = 34 h; maintenance (1 h) is neither valid nor covered,
	// so valid = 33 h = 118 800 s. Bad = 3600 (down) + 0.5 × 3600
	// (degraded) = 5400; good = 113 400.
	//   sli = 113400/118800 = 0.954545…        coverage = 118800/129600 = 0.916667
	//   consumed = (1 − 0.954545)/0.01 = 4.545454…, remaining −3.5455
	//   budget = 0.01 × 2160 min = 21.6; downtime 90; remaining −68.4
	a := api.SLOs[0]
	if a.WindowStart != "2026-10-31T23:00:00Z" || a.WindowEnd != "2026-11-02T11:00:00Z" || a.Unit != "seconds" {
		t.Errorf("availability window %s–%s %s", a.WindowStart, a.WindowEnd, a.Unit)
	}
	if a.Good != 113400 || a.Total != 118800 || a.Coverage != 0.916667 {
		t.Errorf("availability good %v total %v coverage %v", a.Good, a.Total, a.Coverage)
	}
	check("availability sli", a.SLI, f(0.954545))
	check("availability consumed", a.Consumed, f(4.5455))
	check("availability remaining", a.Remaining, f(-3.5455))
	check("availability budget minutes", a.BudgetMin, f(21.6))
	check("availability downtime", a.DowntimeMin, f(90))
	check("availability remaining minutes", a.RemainingMin, f(-68.4))
	if a.State != "breached" {
		t.Errorf("availability state %s", a.State)
	}
	// Burn rates at 99%: the last 6 h are clean (0); over 1d
	// [Nov 1 11:00, now) the 11:00 hour is a gap, the rest up → 0; over 3d
	// [Oct 30 11:00, now): valid 60 h − 2 h gap − 1 h maintenance = 57 h
	// = 205 200 s, bad 5400 → 5400/205200/0.01 = 2.631579 → 2.6316.
	for _, w := range []string{"5m", "30m", "1h", "2h", "6h", "1d"} {
		check("availability burn "+w, a.BurnRates[w], f(0))
	}
	check("availability burn 3d", a.BurnRates["3d"], f(2.6316))
	// The series is hourly (sparse): the default rules are the workbook's
	// ticket 3d/6h (the page rules' 5m and 30m spans are shorter than a
	// run) and the runs rules. The threshold scales to the whole of
	// November (30 d): 0.1 × 720 h / 72 h = 1. The last 6 hours are clean,
	// so neither the ticket nor a runs rule fires.
	if len(a.Alerts) != 3 || a.Alerts[0].Threshold != 1 || a.Alerts[0].Long != "3d" || a.Alerts[0].Firing ||
		a.Alerts[1].Kind != "runs" || a.Alerts[1].Firing || a.Alerts[2].Kind != "runs" || a.Alerts[2].Firing {
		t.Errorf("availability alerts %+v", a.Alerts)
	}
	// History: October has data from Oct 31 00:00 CET only: 24 h up of a
	// 745 h month → sli 1, coverage 86400/2682000 = 0.032215 (0.032258
	// would mean the DST hour was lost), under min_coverage 0.9: met null,
	// not enough data. November as the window.
	if len(a.History) != 2 || a.History[0].Period != "2026-10" || a.History[0].Coverage != 0.032215 ||
		*a.History[0].SLI != 1 || a.History[0].Met != nil || a.History[1].Period != "2026-11" || *a.History[1].Met {
		t.Errorf("availability history %+v", a.History)
	}
	// SLA 95% per month: October (3% coverage) is not enough data,
	// November 0.954545 is met.
	if a.SLA == nil || a.SLA.Target != 0.95 || len(a.SLA.Periods) != 2 || !*a.SLA.Periods[1].Met || *a.SLA.Periods[1].SLI != 0.954545 {
		t.Errorf("availability sla %+v", a.SLA)
	}

	// rolling 1d at 99.9%: [Nov 1 11:00, now) = 86 400 s; the 11:00 hour
	// is a gap, the 23 hours after are up: valid 82 800, coverage 0.958333,
	// sli 1, budget 0.001 × 1440 = 1.44 min, all of it remaining.
	r := api.SLOs[1]
	if r.WindowStart != "2026-11-01T11:00:00Z" || r.Good != 82800 || r.Total != 82800 || r.Coverage != 0.958333 || r.State != "ok" {
		t.Errorf("rolling %+v", r)
	}
	check("rolling sli", r.SLI, f(1))
	check("rolling budget minutes", r.BudgetMin, f(1.44))
	check("rolling remaining minutes", r.RemainingMin, f(1.44))
	// 3d burn at 99.9%: 5400/205200/0.001 = 26.315789 → 26.3158; the
	// 28-day-style ticket rule for W = 1 d: 0.1 × 24/72 = 0.0333 is crossed
	// by the 3d span but not by the 6h one (0): the long window alone
	// must not fire.
	check("rolling burn 3d", r.BurnRates["3d"], f(26.3158))
	if r.Alerts[0].Threshold != 0.0333 || r.Alerts[0].Firing {
		t.Errorf("rolling ticket alert %+v", r.Alerts[0])
	}

	// latency, events over November to date: 34 rows, 2 over 300 ms
	// (5000 and 400): good 32 of 34 = 0.941176; 36 hourly slots, 34 with a
	// row: coverage 0.944444; consumed (1 − 0.941176)/0.1 = 0.588235 →
	// 0.5882, remaining 0.4118. No minute fields for events.
	l := api.SLOs[2]
	if l.Unit != "events" || l.Good != 32 || l.Total != 34 || l.Coverage != 0.944444 || l.BudgetMin != nil || l.State != "ok" {
		t.Errorf("latency %+v", l)
	}
	check("latency sli", l.SLI, f(0.941176))
	check("latency consumed", l.Consumed, f(0.5882))
	check("latency remaining", l.Remaining, f(0.4118))
	// 3d: 58 rows since Oct 30 23:00, 2 bad: (2/58)/0.1 = 0.344828 → 0.3448.
	check("latency burn 3d", l.BurnRates["3d"], f(0.3448))

	// etl, incidents indicator over [Nov 1 11:00, now): critical 1 h
	// (weight 1) + major 2 h × 0.3 = 3600 + 2160 = 5760 bad; maintenance
	// 1 h is excluded: valid 82 800, good 77 040, sli 0.930435, coverage
	// 82800/86400 = 0.958333.
	e := etl.SLOs[0]
	if e.Good != 77040 || e.Total != 82800 || e.Coverage != 0.958333 || e.State != "breached" {
		t.Errorf("etl %+v", e)
	}
	check("etl sli", e.SLI, f(0.930435))
	check("etl downtime", e.DowntimeMin, f(96))

	// Budget spent by the API incident [05:00, 07:00) on Nov 1: 5400 bad
	// seconds (down + half of degraded) or 2 bad events.
	//   availability (month → 30 d ending 07:00): data from Oct 30 23:00,
	//     valid 32 h = 115 200 s: 5400 / (0.01 × 115200) = 4.6875
	//   rolling (1 d ending 07:00): valid 86 400: 5400/86.4 = 62.5
	//   latency (30 d of events): 32 rows: 2 / (0.1 × 32) = 0.625
	var apiIncident, etlDown *incident.Incident
	for _, in := range st.Incidents {
		switch in.Slug {
		case "2026-11-01-api":
			apiIncident = in
		case "2026-11-02-etl-down":
			etlDown = in
		}
	}
	want := []float64{4.6875, 62.5, 0.625}
	got := st.IncidentBudgets(apiIncident)
	if len(got) != 3 {
		t.Fatalf("api incident budgets: %+v", got)
	}
	for i, b := range got {
		if b.Spent == nil || math.Abs(*b.Spent-want[i]) > 1e-9 || !b.Flagged {
			t.Errorf("api incident, %s: spent %v flagged %v, want %v", b.SLOID, show(b.Spent), b.Flagged, want[i])
		}
	}
	// The ETL outage [01:00, 02:00) on Nov 2: 3600 bad of a day ending at
	// 02:00 with no maintenance: 3600 / (0.01 × 86400) = 4.1667.
	eb := st.IncidentBudgets(etlDown)
	if len(eb) != 1 || eb[0].Spent == nil || math.Abs(*eb[0].Spent-3600.0/864) > 1e-9 {
		t.Errorf("etl budgets %+v", eb)
	}
}

func show(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
