package html

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/chartscript"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/testsite"
)

// chartNow is the end of the chart fixture: midnight UTC, so the days of
// history are whole days. With history_days = 4 they are 20, 21 and 22 Nov
// (the fourth, 23 Nov, has not begun).
var chartNow = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// chartSite is one service sampled hourly over 20–22 Nov 2026 (UTC):
//   - down at 06:00 and 07:00 on 21 Nov (2 hours bad);
//   - no rows after 22 Nov 11:00, so 22 Nov has 12 hours of data;
//   - latency_ms 100 on every row but 1000 at 23:00 on 20 Nov.
//
// The SLO is status-based, 95% over 2 days: the window is
// [21 Nov 00:00, 23 Nov 00:00).
func chartSite(t *testing.T, sloName string) *site.Site {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("time,status,latency_ms\n")
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for h := 0; h < 24+24+12; h++ {
		tm := start.Add(time.Duration(h) * time.Hour)
		st, lat := "up", 100
		if h == 24+6 || h == 24+7 {
			st = "down"
		}
		if h == 23 {
			lat = 1000
		}
		fmt.Fprintf(&csv, "%s,%s,%d\n", tm.Format(time.RFC3339), st, lat)
	}
	dir := testsite.Write(t, `
-- site.toml --
title = "Charts"
timezone = "UTC"
history_days = 4

[[service]]
id = "api"
name = "API"
interval = "1h"

  [[service.slo]]
  id = "up"
  name = "`+sloName+`"
  indicator = "status"
  objective = 95
  window = "2d"

  [[service.slo]]
  id = "fast"
  name = "Fast"
  indicator = "threshold"
  column = "latency_ms"
  op = "<="
  threshold = 300
  objective = 90
  window = "2d"
-- content/metrics/api/2026-11.csv --
`+csv.String()+`
-- incidents/2026-11-21-outage.md --
+++
title = "API down"
services = ["api"]
severity = "major"
started = 2026-11-21T06:00:00Z
resolved = 2026-11-21T08:00:00Z

[[actions]]
text = "Alert sooner"
owner = "Team"
due = 2026-11-22
done = false

[[actions]]
text = "Write the runbook"
done = true
+++
## Summary
Down for two hours.
`)
	st, ds := site.Load(filepath.Join(dir, "site.toml"), chartNow)
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	return st
}

func values(t *testing.T, opts map[string]any, series int) []any {
	t.Helper()
	b, err := json.Marshal(opts)
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Series []struct {
			Data []struct {
				Value any `json:"value"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	var out []any
	for _, d := range o.Series[series].Data {
		out = append(out, d.Value)
	}
	return out
}

func TestServiceChartsHandComputed(t *testing.T) {
	st := chartSite(t, "Up")
	sc := serviceCharts(st, st.Services[0], 0)
	up := sc.SLOs[0]

	// SLI per day, percent: 20 Nov 24 of 24 hours good = 100;
	// 21 Nov 22 of 24 = 91.667 (below 95: missed); 22 Nov 12 of 12 = 100.
	if got := fmt.Sprint(values(t, up.SLI.Options, 0)); got != "[100 91.667 100]" {
		t.Errorf("SLI per day = %s, want [100 91.667 100]", got)
	}
	if want := "2 days met the 95% objective, 1 missed it, 0 without data"; !strings.Contains(up.SLI.Summary, want) {
		t.Errorf("SLI summary %q lacks %q", up.SLI.Summary, want)
	}

	// Budget over [21 Nov, 23 Nov): valid = 24 h + 12 h = 129,600 s;
	// allowed bad = 0.05 × 129,600 = 6,480 s; 7,200 s bad, all on 21 Nov.
	//   at 21 Nov 00:00: 100%
	//   at 22 Nov 00:00: 100 × (1 − 7,200 / 6,480) = −11.1%
	//   at 23 Nov 00:00 (now): −11.1%, the figure's error_budget_remaining
	// The ideal straight line: 100, 50, 0.
	if got := fmt.Sprint(values(t, up.Budget.Options, 0)); got != "[100 50 0]" {
		t.Errorf("ideal burn-down = %s, want [100 50 0]", got)
	}
	if got := fmt.Sprint(values(t, up.Budget.Options, 1)); got != "[100 -11.1 -11.1]" {
		t.Errorf("budget left = %s, want [100 -11.1 -11.1]", got)
	}
	if r := st.Services[0].SLOs[0].Remaining; r == nil || math.Abs(*r*100-(-11.1111)) > 0.001 {
		t.Errorf("remaining = %v, want -0.111111 (the chart's last point)", r)
	}

	// Burn rates: one bar per span, and one line per alert threshold.
	if n := len(values(t, up.Burn.Options, 0)); n != len(st.Services[0].SLOs[0].BurnRates) {
		t.Errorf("burn chart has %d bars, want %d", n, len(st.Services[0].SLOs[0].BurnRates))
	}

	// Latency: 20 Nov holds 23 × 100 ms and 1 × 1000 ms. Nearest rank:
	// p50 is the 12th value (100), p95 the 23rd (100), p99 the 24th (1000).
	// The histogram's buckets are 1/16 of a doubling wide, so each comes
	// back as its bucket's middle: 100 → 2^(106.5/16) = 100.86 → 101;
	// 1000 → 2^(159.5/16) = 1002.2 → 1002.
	if sc.Latency == nil {
		t.Fatal("no latency chart")
	}
	for k, want := range []string{"101", "101", "1002"} {
		if got := fmt.Sprint(values(t, sc.Latency.Options, k)[0]); got != want {
			t.Errorf("latency series %d on 20 Nov = %s, want %s", k, got, want)
		}
	}
	// 22 Nov: 12 rows of 100 ms; p99 = 101.
	if got := fmt.Sprint(values(t, sc.Latency.Options, 2)[2]); got != "101" {
		t.Errorf("p99 on 22 Nov = %s, want 101", got)
	}

	// Chart ids are ours, from [A-Za-z0-9_].
	id := regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	for _, c := range []*Chart{up.SLI, up.Budget, up.Burn, sc.Latency} {
		if !id.MatchString(c.ID) {
			t.Errorf("chart id %q has characters outside [A-Za-z0-9_]", c.ID)
		}
		if c.Static == nil || len(c.Static.Paths)+len(c.Static.Bars) == 0 || c.Table == nil || len(c.Table.Rows) == 0 {
			t.Errorf("chart %s has no static fallback", c.ID)
		}
	}
}

func TestMonthReport(t *testing.T) {
	st := chartSite(t, "Up")
	months := st.Months()
	if len(months) != 1 || months[0].Period != "2026-11" {
		t.Fatalf("months = %v, want one: 2026-11", months)
	}
	m := months[0]
	// November to date: valid 24 + 24 + 12 = 60 h, bad 2 h:
	// sli = 58/60 = 0.96667; budget spent = (1 − 0.96667) / 0.05 = 0.6667.
	// But 60 h of the 22½ days to date is 11% coverage, under min_coverage
	// 0.9: not enough data, neither met nor missed.
	up := m.SLOs[0]
	if up.Verdict != "no_data" || up.BudgetSpent == nil || math.Abs(*up.BudgetSpent-2.0/3) > 1e-9 {
		t.Errorf("Up in November: %s, spent %v; want no_data, 0.6667", up.Verdict, up.BudgetSpent)
	}
	if m.Complete {
		t.Error("November is still running at 23 Nov but the report says complete")
	}
	if len(m.Incidents) != 1 || m.Incidents[0].Duration != 2*time.Hour {
		t.Errorf("incidents = %+v, want one of 2 h", m.Incidents)
	}
	// One action open (and overdue: due 22 Nov), one done.
	if len(m.Actions) != 1 || !m.Actions[0].Overdue || m.OpenActionsTotal != 1 {
		t.Errorf("actions = %+v (total open %d), want one open, overdue", m.Actions, m.OpenActionsTotal)
	}
}

// Chart options reach the page as JSON inside a script element: a name
// that tries to close the element stays inside the JSON string.
func TestChartOptionsAreEscaped(t *testing.T) {
	st := chartSite(t, `Up </script><script>alert(1)</script>`)
	st.ChartScript = &chartscript.Script{Script: []byte("/* test */"), License: []byte("test")}
	out, err := Render(st)
	if err != nil {
		t.Fatal(err)
	}
	page := string(out["services/api/index.html"])
	if strings.Contains(page, "<script>alert(1)") {
		t.Fatal("an SLO name broke out of the chart options")
	}
	re := regexp.MustCompile(`(?s)<script type="application/json" id="([A-Za-z0-9_]+)_options">(.*?)</script>`)
	found := re.FindAllStringSubmatch(page, -1)
	if len(found) != 7 { // SLI, budget, burn for 2 SLOs, and latency
		t.Fatalf("%d chart option blocks, want 7", len(found))
	}
	for _, f := range found {
		var o map[string]any
		if err := json.Unmarshal([]byte(f[2]), &o); err != nil || o["series"] == nil {
			t.Errorf("options of %s are not JSON with series: %v", f[1], err)
		}
		if !strings.Contains(page, `<div class="chart-live" id="`+f[1]+`"`) {
			t.Errorf("no chart element for %s", f[1])
		}
	}
	if !strings.Contains(page, `assets/echarts.min.js`) || string(out["assets/echarts.min.js"]) != "/* test */" {
		t.Error("the charting script is not linked or not copied")
	}
	// Without the script: no options, no script tags; the static charts stay.
	st.ChartScript = nil
	out, _ = Render(st)
	page = string(out["services/api/index.html"])
	if strings.Contains(page, "echarts.min.js") || strings.Contains(page, "_options") || out["assets/echarts.min.js"] != nil {
		t.Error("a site without the charting script still refers to it")
	}
	if strings.Count(page, `<div class="chart-static">`) != 7 {
		t.Errorf("%d static charts, want 7", strings.Count(page, `<div class="chart-static">`))
	}
}

// The index, with everything it loads except the charting script (which it
// does not load), weighs under 60 KB gzipped. Measured on the example.
func TestIndexWeight(t *testing.T) {
	dir := t.TempDir()
	if err := example.Write(dir, fixedNow); err != nil {
		t.Fatal(err)
	}
	st, ds := site.Load(filepath.Join(dir, "site.toml"), fixedNow)
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	st.ChartScript = &chartscript.Script{Script: []byte("/* test */")}
	out, err := Render(st)
	if err != nil {
		t.Fatal(err)
	}
	index := string(out["index.html"])
	if strings.Contains(index, "echarts") {
		t.Error("the index loads the charting script")
	}
	total := 0
	for _, f := range []string{"index.html", "assets/style.css", "assets/site.js", "assets/favicon.svg"} {
		if !strings.Contains(index, strings.TrimPrefix(f, "assets/")) && f != "index.html" {
			t.Errorf("the index does not load %s; update this test", f)
		}
		var b strings.Builder
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		zw.Write(out[f])
		zw.Close()
		total += b.Len()
	}
	t.Logf("index with its CSS, script and icon: %d bytes gzipped", total)
	if total >= 60*1024 {
		t.Errorf("index weighs %d bytes gzipped, want under 60 KB", total)
	}
}

// BenchmarkServiceCharts measures the charts of every service page of the
// example (five services, 90 days).
func BenchmarkServiceCharts(b *testing.B) {
	dir := b.TempDir()
	if err := example.Write(dir, fixedNow); err != nil {
		b.Fatal(err)
	}
	st, ds := site.Load(filepath.Join(dir, "site.toml"), fixedNow)
	if st == nil || ds.HasErrors() {
		b.Fatalf("load: %v", ds)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, svc := range st.Services {
			serviceCharts(st, svc, k)
		}
	}
}
