package slo

import (
	"reflect"
	"testing"
	"time"
)

func TestDefaultRules(t *testing.T) {
	names := func(rs []Rule) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Name())
		}
		return out
	}
	tests := []struct {
		interval time.Duration
		runBased bool
		want     []string
	}{
		// 5-minute probes: the workbook's three rules.
		{5 * time.Minute, true, []string{"page:1h/5m", "page:6h/30m", "ticket:3d/6h"}},
		// 59 minutes is not yet sparse.
		{59 * time.Minute, true, []string{"page:1h/5m", "page:6h/30m", "ticket:3d/6h"}},
		// Hourly: 5m and 30m are shorter than one run, so both page rules
		// go; 3d/6h stays (6 h ≥ 1 h); then the runs rules.
		{time.Hour, true, []string{"ticket:3d/6h", "page:3/3runs", "ticket:2/4runs"}},
		// 6-hourly: 6h ≥ 6h keeps the ticket rule.
		{6 * time.Hour, true, []string{"ticket:3d/6h", "page:3/3runs", "ticket:2/4runs"}},
		// Daily: 6h < 1d, so only runs rules.
		{24 * time.Hour, true, []string{"page:3/3runs", "ticket:2/4runs"}},
		// Incident SLOs have no runs: the workbook's rules at any interval.
		{24 * time.Hour, false, []string{"page:1h/5m", "page:6h/30m", "ticket:3d/6h"}},
	}
	for _, tt := range tests {
		if got := names(DefaultRules(tt.interval, tt.runBased)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DefaultRules(%v, %v) = %v, want %v", tt.interval, tt.runBased, got, tt.want)
		}
	}
}

func TestRunsRules(t *testing.T) {
	runs := func(failed ...bool) []Run {
		var out []Run
		for i, f := range failed {
			out = append(out, Run{Time: time.Unix(int64(i)*3600, 0), Failed: f})
		}
		return out
	}
	const x, o = true, false // failed, succeeded
	inARow := Rule{Severity: SeverityPage, Kind: KindRuns, Failed: 3, OfLast: 3}
	twoOfFour := Rule{Severity: SeverityTicket, Kind: KindRuns, Failed: 2, OfLast: 4}
	tests := []struct {
		name       string
		runs       []Run
		rule       Rule
		wantFiring bool
		wantFailed int
	}{
		// The last three (x x x) all failed.
		{"3 in a row", runs(o, x, x, x), inARow, true, 3},
		// The last three are x o x: 2 failures < 3.
		{"broken row", runs(x, x, o, x), inARow, false, 2},
		// Recovered: the last three are x x o.
		{"recovered", runs(x, x, x, o), inARow, false, 2},
		// Only two runs so far, both failed: 2 < 3.
		{"too few runs", runs(x, x), inARow, false, 2},
		// Last four: o x o x → 2 ≥ 2.
		{"2 of 4", runs(x, o, x, o, x), twoOfFour, true, 2},
		// Last four: o o o x → 1 < 2 (the older x is out of the four).
		{"1 of 4", runs(x, o, o, o, x), twoOfFour, false, 1},
		// Two runs, both failed: 2 of those there are ≥ 2.
		{"2 of 2 available", runs(x, x), twoOfFour, true, 2},
		{"no runs", nil, twoOfFour, false, 0},
	}
	for _, tt := range tests {
		a := Evaluate([]Rule{tt.rule}, Inputs{Runs: tt.runs})[0]
		if a.Firing != tt.wantFiring || a.Failed != tt.wantFailed || a.Kind != KindRuns {
			t.Errorf("%s: firing %v failed %d, want %v %d", tt.name, a.Firing, a.Failed, tt.wantFiring, tt.wantFailed)
		}
	}
	if got := RunsText(3, 3); got != "3 failed runs in a row" {
		t.Errorf("RunsText(3,3) = %q", got)
	}
	if got := RunsText(2, 4); got != "2 of the last 4 runs failed" {
		t.Errorf("RunsText(2,4) = %q", got)
	}
}

func TestBurnRateRuleThresholds(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name   string
		rule   Rule
		window time.Duration
		want   float64
	}{
		// A fixed burn rate is the threshold whatever the window.
		{"fixed", Rule{Kind: KindBurnRate, Long: 2 * time.Hour, Short: 10 * time.Minute, BurnRate: 10}, 28 * day, 10},
		// 5% of a 28-day budget within 12 h: 0.05 × 672 h / 12 h = 2.8.
		{"share", Rule{Kind: KindBurnRate, Long: 12 * time.Hour, Short: time.Hour, Share: 0.05}, 28 * day, 2.8},
		// 10% of a 7-day budget within 1 d: 0.1 × 168 / 24 = 0.7.
		{"share 7d", Rule{Kind: KindBurnRate, Long: day, Short: 2 * time.Hour, Share: 0.1}, 7 * day, 0.7},
	}
	for _, tt := range tests {
		if got := tt.rule.Threshold(tt.window); !approx(got, tt.want) {
			t.Errorf("%s: threshold %v, want %v", tt.name, got, tt.want)
		}
	}
	// A custom span pair is looked up by duration: 12h at 3 and 1h at 2.9
	// are both over 2.8, so it fires; the names read "12h" and "1h".
	r := Rule{Severity: SeverityTicket, Kind: KindBurnRate, Long: 12 * time.Hour, Short: time.Hour, Share: 0.05}
	burn := map[time.Duration]*float64{12 * time.Hour: ptr(3), time.Hour: ptr(2.9)}
	a := Evaluate([]Rule{r}, Inputs{Burn: func(d time.Duration) *float64 { return burn[d] }, Window: 28 * day})[0]
	if !a.Firing || a.Long != "12h" || a.Short != "1h" || a.Threshold != 2.8 || a.Name() != "ticket:12h/1h" {
		t.Errorf("custom rule: %+v (name %s)", a, a.Name())
	}
}

func TestStaleAlert(t *testing.T) {
	now := time.Unix(100*3600, 0)
	tests := []struct {
		name string
		last time.Time
		want bool
	}{
		// 30 h since the last sample > 26 h.
		{"stale", now.Add(-30 * time.Hour), true},
		// exactly 26 h is not yet stale (older than, not as old as).
		{"at the edge", now.Add(-26 * time.Hour), false},
		{"fresh", now.Add(-time.Hour), false},
		{"never any data", time.Time{}, true},
	}
	for _, tt := range tests {
		a := EvaluateStale(SeverityTicket, tt.last, now, 26*time.Hour)
		if a.Firing != tt.want || a.Name() != "ticket:stale" || a.Rule != "no data for more than 26h" {
			t.Errorf("%s: %+v, want firing %v", tt.name, a, tt.want)
		}
	}
}

func TestSpanName(t *testing.T) {
	for d, want := range map[time.Duration]string{
		5 * time.Minute: "5m", time.Hour: "1h", 72 * time.Hour: "3d", 90 * time.Minute: "90m",
		36 * time.Hour: "36h", 0: "",
	} {
		if got := SpanName(d); got != want {
			t.Errorf("SpanName(%v) = %q, want %q", d, got, want)
		}
	}
}
