package slo

import (
	"math"
	"testing"
	"time"
)

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func ptr(v float64) *float64 { return &v }

// TestTimeSeriesClipsExactly folds samples with a 300 s interval into a
// timeline cut at 0, 600, 1200 and 1800.
func TestTimeSeriesClipsExactly(t *testing.T) {
	tl := NewTimeline([]int64{1800, 0, 600, 1200, 600})
	ts := NewTimeSeries(tl, 300)
	ts.Sample(-100, 0, false)  // up: [-100, 200) → [0, 200) after the timeline's edge cuts it
	ts.Sample(200, 1, false)   // down: [200, 500), 300 bad
	ts.Sample(500, 0.5, false) // degraded at weight 0.5: [500, 800) crosses the cut at 600
	// gap: the next sample is at 1000, so [800, 1000) is no data
	ts.Sample(1000, 1, true) // maintenance, excluded: [1000, 1300) crosses 1200
	ts.Sample(1300, 1, false)
	ts.Sample(1300, 0, false) // same time: the later row wins (up)
	ts.Finish(1500)           // the last sample is cut at the end: [1300, 1500)
	// Segment [0, 600):    valid 200 + 300 + 100 = 600, bad 300 + 50 = 350
	// Segment [600, 1200): valid 200 ([600, 800)), bad 100, excluded 200
	// Segment [1200, 1800): valid 200 ([1300, 1500)), excluded 100
	want := []struct{ valid, bad, excl float64 }{{600, 350, 0}, {200, 100, 200}, {200, 0, 100}}
	for i, w := range want {
		if ts.Valid[i] != w.valid || ts.Bad[i] != w.bad || ts.Excluded[i] != w.excl {
			t.Errorf("segment %d: valid %v bad %v excluded %v, want %+v", i, ts.Valid[i], ts.Bad[i], ts.Excluded[i], w)
		}
	}
	v, b, e := ts.Sum(0, 1800)
	if v != 1000 || b != 450 || e != 300 {
		t.Errorf("Sum = %v %v %v, want 1000 450 300", v, b, e)
	}
	v, b, _ = ts.Sum(600, 1200)
	if v != 200 || b != 100 {
		t.Errorf("Sum(600,1200) = %v %v", v, b)
	}
	if ts.Disordered() {
		t.Error("disordered")
	}
	ts.Sample(10, 0, false)
	if !ts.Disordered() {
		t.Error("an older sample was not reported")
	}
}

func TestTimeSeriesSampleLongerThanSegments(t *testing.T) {
	// One sample with a 1-day interval spans three segments, and past the
	// end of the timeline.
	tl := NewTimeline([]int64{0, 100, 200, 300})
	ts := NewTimeSeries(tl, 86400)
	ts.Sample(50, 1, false)
	ts.Finish(1000)
	// [50, 300) is inside: 50 + 100 + 100.
	if ts.Valid[0] != 50 || ts.Valid[1] != 100 || ts.Valid[2] != 100 || ts.Bad[2] != 100 {
		t.Errorf("valid %v bad %v", ts.Valid, ts.Bad)
	}
}

func TestEventSeries(t *testing.T) {
	tl := NewTimeline([]int64{0, 600, 1200})
	es := NewEventSeries(tl, 300)
	es.Event(-5, 1, 1)  // before the timeline: ignored
	es.Event(0, 9, 10)  // slot 0
	es.Event(10, 5, 5)  // slot 0 again
	es.Event(10, 4, 5)  // same time: replaces the previous row
	es.Event(599, 0, 2) // slot 1
	es.Event(900, 3, 3) // slot 3 (slot 2 has no row)
	es.Event(1200, 7, 7)
	es.Finish()
	// [0, 600): good 9+4+0 = 13 of 17, slots 0 and 1 → 2.
	// [600, 1200): good 3 of 3, slot 3 → 1.
	g, tot, slots := es.Sum(0, 600)
	if g != 13 || tot != 17 || slots != 2 {
		t.Errorf("Sum(0,600) = %v %v %v", g, tot, slots)
	}
	g, tot, slots = es.Sum(0, 1200)
	if g != 16 || tot != 20 || slots != 3 {
		t.Errorf("Sum(0,1200) = %v %v %v", g, tot, slots)
	}
	// Coverage: 3 of the 4 slots overlapping [0, 1200) have a row.
	if n := Slots(0, 1200, 300); n != 4 {
		t.Errorf("Slots = %d, want 4", n)
	}
	// A window not aligned to the interval overlaps a partial slot at each
	// end: [100, 1000) touches slots 0..3.
	if n := Slots(100, 1000, 300); n != 4 {
		t.Errorf("Slots(100, 1000) = %d, want 4", n)
	}
	if n := Slots(-300, 0, 300); n != 1 {
		t.Errorf("Slots(-300, 0) = %d, want 1", n)
	}
}

func TestCompute(t *testing.T) {
	day := 86400.0
	tests := []struct {
		name      string
		objective float64
		totals    Totals
		timeBased bool
		window    float64
		sli       *float64
		consumed  *float64
		remaining *float64
		minutes   [3]*float64 // budget, downtime, remaining
	}{
		{
			// SPEC section 7's example: 28 days, 2800 bad seconds of
			// 2 418 900 valid. sli = 2416100/2418900 = 0.998842453…;
			// consumed = (2800/2418900)/0.001 = 1.157551…; budget minutes
			// 0.001 × 40320 = 40.32; downtime 2800/60 = 46.666…;
			// remaining minutes 40.32 − 46.666… = −6.34666… (overspent).
			name: "overspent", objective: 0.999, timeBased: true, window: 28 * day,
			totals: Totals{Good: 2416100, Valid: 2418900, Coverage: 2418900 / (28 * day)},
			sli:    ptr(2416100.0 / 2418900), consumed: ptr(2800.0 / 2418900 / 0.001),
			remaining: ptr(1 - 2800.0/2418900/0.001),
			minutes:   [3]*float64{ptr(40.32), ptr(2800.0 / 60), ptr(40.32 - 2800.0/60)},
		},
		{
			// Events: 990 good of 1000 at objective 99% spends exactly the
			// budget: consumed (1 − 0.99)/0.01 = 1, remaining 0.
			name: "events", objective: 0.99, window: day,
			totals: Totals{Good: 990, Valid: 1000, Coverage: 1},
			sli:    ptr(0.99), consumed: ptr(1), remaining: ptr(0),
		},
		{
			// An empty window: no SLI, no budget figures; the budget minutes
			// (0.01 × 1440 = 14.4) stand, downtime and remaining are null.
			name: "empty", objective: 0.99, timeBased: true, window: day,
			minutes: [3]*float64{ptr(14.4), nil, nil},
		},
	}
	eq := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || approx(*a, *b)) }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Compute(tt.objective, tt.totals, tt.timeBased, tt.window)
			if !eq(f.SLI, tt.sli) || !eq(f.Consumed, tt.consumed) || !eq(f.Remaining, tt.remaining) {
				t.Errorf("sli %v consumed %v remaining %v", deref(f.SLI), deref(f.Consumed), deref(f.Remaining))
			}
			if !eq(f.BudgetMinutes, tt.minutes[0]) || !eq(f.DowntimeMinutes, tt.minutes[1]) || !eq(f.RemainingMinutes, tt.minutes[2]) {
				t.Errorf("minutes %v %v %v", deref(f.BudgetMinutes), deref(f.DowntimeMinutes), deref(f.RemainingMinutes))
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestBurnRate(t *testing.T) {
	// 30 bad seconds of 3600 at 99%: (30/3600)/0.01 = 0.8333…
	if r := BurnRate(30, 3600, 0.99); r == nil || !approx(*r, 30.0/3600/0.01) {
		t.Errorf("BurnRate = %v", deref(r))
	}
	if r := BurnRate(0, 0, 0.99); r != nil {
		t.Errorf("no data gave %v", *r)
	}
}

func TestAlertThresholds(t *testing.T) {
	// share × W / long: 0.02 × 720h / 1h = 14.4; 0.05 × 720 / 6 = 6;
	// 0.1 × 720 / 72 = 1. For 28 days (672 h): 13.44, 5.6, 0.9333….
	for _, c := range []struct {
		w    time.Duration
		want [3]float64
	}{
		{30 * 24 * time.Hour, [3]float64{14.4, 6, 1}},
		{28 * 24 * time.Hour, [3]float64{13.44, 5.6, 0.9333}},
	} {
		as := Evaluate(WorkbookRules, Inputs{Burn: burnFrom(nil), Window: c.w})
		for i, a := range as {
			if a.Threshold != c.want[i] || a.Firing {
				t.Errorf("W=%v rule %d: threshold %v firing %v, want %v", c.w, i, a.Threshold, a.Firing, c.want[i])
			}
		}
	}
}

// burnFrom looks burn rates up by span name ("1h").
func burnFrom(m map[string]*float64) func(time.Duration) *float64 {
	return func(d time.Duration) *float64 { return m[SpanName(d)] }
}

func TestAlertsFireOnlyWhenBothSpansBurn(t *testing.T) {
	w := 28 * 24 * time.Hour // page 1h/5m threshold 13.44
	tests := []struct {
		name   string
		burn   map[string]*float64
		firing [3]bool
	}{
		// The long span burns at 20 but the last 5 minutes are clean: the
		// incident is over, so the page must not fire.
		{"long only", map[string]*float64{"1h": ptr(20), "5m": ptr(0)}, [3]bool{}},
		// The short span alone: a blip, no page.
		{"short only", map[string]*float64{"1h": ptr(1), "5m": ptr(100)}, [3]bool{}},
		// Both at or over 13.44: page. Exactly at the threshold counts.
		{"both", map[string]*float64{"1h": ptr(13.44), "5m": ptr(50)}, [3]bool{true, false, false}},
		// 3d at 0.95 and 6h at 0.94 are both over 0.9333: ticket.
		{"ticket", map[string]*float64{"3d": ptr(0.95), "6h": ptr(0.94)}, [3]bool{false, false, true}},
		// No data in the short span (nil) never fires.
		{"no data", map[string]*float64{"1h": ptr(100), "5m": nil}, [3]bool{}},
	}
	for _, tt := range tests {
		as := Evaluate(WorkbookRules, Inputs{Burn: burnFrom(tt.burn), Window: w})
		for i, a := range as {
			if a.Firing != tt.firing[i] {
				t.Errorf("%s: rule %s %s/%s firing %v, want %v", tt.name, a.Severity, a.Long, a.Short, a.Firing, tt.firing[i])
			}
		}
	}
}

func TestState(t *testing.T) {
	firing := []Alert{{Firing: true}}
	tests := []struct {
		name   string
		f      Figures
		alerts []Alert
		want   string
	}{
		{"no sli", Figures{Coverage: 1}, nil, StateNoData},
		// 0.85 < min_coverage 0.9: no_data even with a perfect SLI.
		{"low coverage", Figures{SLI: ptr(1), Coverage: 0.85, Remaining: ptr(1)}, nil, StateNoData},
		{"breached", Figures{SLI: ptr(0.998), Coverage: 1, Remaining: ptr(-1)}, nil, StateBreached},
		{"alert", Figures{SLI: ptr(0.9995), Coverage: 1, Remaining: ptr(0.5)}, firing, StateWarning},
		// remaining 0.2 < 0.25
		{"low budget", Figures{SLI: ptr(0.9992), Coverage: 1, Remaining: ptr(0.2)}, nil, StateWarning},
		{"ok", Figures{SLI: ptr(0.9999), Coverage: 0.9, Remaining: ptr(0.9)}, []Alert{{}}, StateOK},
		// An info alert firing is shown, but the SLO stays ok.
		{"info", Figures{SLI: ptr(0.9999), Coverage: 1, Remaining: ptr(0.9)}, []Alert{{Severity: SeverityInfo, Firing: true}}, StateOK},
	}
	for _, tt := range tests {
		if got := State(tt.f, 0.999, 0.9, tt.alerts); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestRound(t *testing.T) {
	if Round(0.9988424, 6) != 0.998842 || Round(-6.346666, 2) != -6.35 || Round(13.44, 4) != 13.44 {
		t.Error("Round")
	}
}
