package slo

import (
	"math"
	"testing"
	"time"
)

// TestMedianMAD works the band out by hand.
func TestMedianMAD(t *testing.T) {
	cases := []struct {
		xs       []float64
		med, mad float64
		k, width float64
		lo, hi   float64
		minHist  int
		ok       bool
		inside   []float64
		outside  []float64
	}{
		// 48000 50000 51000 52000: median (50000+51000)/2 = 50500;
		// deviations 2500 500 500 1500 → sorted 500 500 1500 2500, MAD 1000;
		// k = 2: 48500 … 52500.
		{[]float64{52000, 48000, 51000, 50000}, 50500, 1000, 2, 0, 48500, 52500, 4, true,
			[]float64{48500, 52500, 50000}, []float64{48499, 5000, 52501}},
		// 10 12 30: median 12, deviations 2 0 18 → MAD 2; k = 3: 6 … 18.
		// The outlier 30 moves the band little: the median resists it.
		{[]float64{10, 12, 30}, 12, 2, 3, 0, 6, 18, 3, true, []float64{6, 18}, []float64{5.9, 18.1, 30}},
		// All equal: MAD 0, only the value itself is inside.
		{[]float64{7, 7, 7}, 7, 0, 3, 0, 7, 7, 2, true, []float64{7}, []float64{6.99, 7.01}},
		// The same with a least width of 5%: 7 ± 0.35 = 6.65 … 7.35.
		{[]float64{7, 7, 7}, 7, 0, 3, 0.05, 6.65, 7.35, 2, true, []float64{6.65, 7.35}, []float64{6.64, 7.36}},
		// 48000 … 52000 again with 5%: 5% of 50500 = 2525 > 2 × 1000, so 47975 … 53025.
		{[]float64{52000, 48000, 51000, 50000}, 50500, 1000, 2, 0.05, 47975, 53025, 4, true,
			[]float64{47975, 53025}, []float64{47974, 53026}},
		// Too little history: 2 values, 3 needed → no band, nothing inside.
		{[]float64{1, 2}, 1.5, 0.5, 3, 0, 0, 0, 3, false, nil, []float64{1.5}},
	}
	for i, c := range cases {
		med, mad := MedianMAD(append([]float64(nil), c.xs...))
		if med != c.med || mad != c.mad {
			t.Errorf("%d: median %v MAD %v, want %v %v", i, med, mad, c.med, c.mad)
		}
		b := BaselineBand(c.xs, c.k, c.width, c.minHist)
		if b.OK != c.ok || (c.ok && (!approx(b.Lo, c.lo) || !approx(b.Hi, c.hi))) {
			t.Errorf("%d: band %+v, want %v…%v ok %v", i, b, c.lo, c.hi, c.ok)
		}
		for _, v := range c.inside {
			if !b.Contains(v) {
				t.Errorf("%d: %v not inside %+v", i, v, b)
			}
		}
		for _, v := range c.outside {
			if b.Contains(v) {
				t.Errorf("%d: %v inside %+v", i, v, b)
			}
		}
	}
	if m, d := MedianMAD(nil); !math.IsNaN(m) || !math.IsNaN(d) {
		t.Error("no values should give NaN")
	}
}

// TestBaselineWeeklySeason feeds a daily volume with a weekly pattern
// (weekdays 50000 ± 1000, weekends 10000 ± 200) for five weeks, and a 90%
// drop on one Wednesday: only that day is outside its band.
func TestBaselineWeeklySeason(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	b := NewBaseline(loc, 4, 3, 0, 3, true)
	// Monday 2026-10-05, loads at 06:00 local.
	start := time.Date(2026, 10, 5, 6, 0, 0, 0, loc)
	jitter := []float64{-1000, 0, 1000, 500}
	var bad, good, nodata int
	var badDay time.Time
	for d := 0; d < 35; d++ {
		day := start.AddDate(0, 0, d)
		week := d / 7
		v := 50000 + jitter[(d+week)%4]
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			v = 10000 + jitter[(d+week)%4]/5
		}
		if d == 30 { // Wednesday of the fifth week
			v = 5000
		}
		band := b.Band(day.Unix())
		switch {
		case !band.OK:
			nodata++
		case band.Contains(v):
			good++
		default:
			bad++
			badDay = day
		}
		b.Add(day.Unix(), v)
	}
	// Weeks 1–3 have fewer than 3 past weeks: 21 days without a band.
	// Weeks 4–5 (14 days) are judged: 13 good, the drop bad.
	if nodata != 21 || good != 13 || bad != 1 {
		t.Errorf("nodata %d good %d bad %d, want 21 13 1", nodata, good, bad)
	}
	if badDay.Weekday() != time.Wednesday || badDay.Day() != 4 {
		t.Errorf("bad day %v, want Wednesday 4 November", badDay)
	}
}

// TestBaselineSlotAcrossDST: Berlin leaves summer time on 25 October
// 2026; Monday 09:00 local is the same slot offset by one week before and
// after, although it is 07:00Z before and 08:00Z after.
func TestBaselineSlotAcrossDST(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	b := NewBaseline(loc, 4, 3, 0, 1, false)
	before := time.Date(2026, 10, 19, 9, 0, 0, 0, loc).Unix() // 07:00Z
	after := time.Date(2026, 10, 26, 9, 0, 0, 0, loc).Unix()  // 08:00Z
	if after-before != 7*86400+3600 {
		t.Fatalf("setup: %d", after-before)
	}
	if b.Slot(after)-b.Slot(before) != 168 {
		t.Errorf("slots %d apart, want 168", b.Slot(after)-b.Slot(before))
	}
	b.Add(before, 100)
	b.Add(before+600, 200) // same hour: the slot's mean is 150
	if band := b.Band(after); !band.OK || band.Median != 150 || band.History != 1 {
		t.Errorf("band %+v, want median 150 from 1 week", band)
	}
	// 08:00Z after the change is 09:00 local; 07:00Z is 08:00 local, another slot.
	if band := b.Band(after - 3600); band.OK {
		t.Errorf("08:00 local has a band: %+v", band)
	}
}

type verdict struct {
	start, due int64
	ok         bool
}

func collect(loc *time.Location, hourly bool, h, m int) (*Deadline, *[]verdict) {
	var vs []verdict
	d := NewDeadline(loc, hourly, h, m, func(s, due int64, ok bool) { vs = append(vs, verdict{s, due, ok}) })
	return d, &vs
}

// TestDeadlineDaily: loads due by 06:00 Berlin time around the spring DST
// change (29 March 2026, 02:00 CET → 03:00 CEST).
func TestDeadlineDaily(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	d, vs := collect(loc, false, 6, 0)
	z := func(s string) int64 {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.Unix()
	}
	// 27 March (CET): 06:00 local = 05:00Z. Load at 04:30Z: on time.
	d.Row(z("2026-03-27T04:30:00Z"))
	// 28 March: the load comes at 10:00Z (11:00 local): late.
	d.Row(z("2026-03-28T10:00:00Z"))
	// 29 March (CEST from 02:00): 06:00 local = 04:00Z. A load at 04:30Z
	// would have been on time the day before, but is late today.
	d.Row(z("2026-03-29T04:30:00Z"))
	// 30 March: no load at all.
	// 31 March: on time at 03:59Z (05:59 local).
	d.Row(z("2026-03-31T03:59:00Z"))
	// 1 April: load exactly at the deadline 04:00Z: on time (by 06:00 includes 06:00);
	// a second one a second later changes nothing.
	d.Row(z("2026-04-01T04:00:00Z"))
	d.Row(z("2026-04-01T04:00:01Z"))
	// now 2 April 03:00Z (05:00 local): 2 April's deadline has not passed, so it is not judged.
	d.Finish(z("2026-04-02T03:00:00Z"))
	want := []verdict{
		{z("2026-03-26T23:00:00Z"), z("2026-03-27T05:00:00Z"), true},
		{z("2026-03-27T23:00:00Z"), z("2026-03-28T05:00:00Z"), false},
		{z("2026-03-28T23:00:00Z"), z("2026-03-29T04:00:00Z"), false},
		{z("2026-03-29T22:00:00Z"), z("2026-03-30T04:00:00Z"), false},
		{z("2026-03-30T22:00:00Z"), z("2026-03-31T04:00:00Z"), true},
		{z("2026-03-31T22:00:00Z"), z("2026-04-01T04:00:00Z"), true},
	}
	if len(*vs) != len(want) {
		t.Fatalf("verdicts %v, want %v", *vs, want)
	}
	for i, w := range want {
		if (*vs)[i] != w {
			t.Errorf("period %d: %+v, want %+v", i, (*vs)[i], w)
		}
	}
	// At 04:00Z the 2 April deadline is reached but not passed: not judged;
	// a second later it has passed with no load: bad.
	d.Finish(z("2026-04-02T04:00:00Z"))
	if len(*vs) != 6 {
		t.Errorf("2 April judged at its deadline: %v", (*vs)[len(*vs)-1])
	}
	d.Finish(z("2026-04-02T04:00:01Z"))
	if len(*vs) != 7 || (*vs)[6].ok {
		t.Errorf("2 April: %v", (*vs)[len(*vs)-1])
	}
}

// TestDeadlineHourly: each hour's data is due 15 minutes into the hour.
func TestDeadlineHourly(t *testing.T) {
	d, vs := collect(time.UTC, true, 0, 15)
	d.Row(3600 + 600)   // hour 1: at :10, on time
	d.Row(3600 + 1200)  // hour 1 again: changes nothing
	d.Row(2*3600 + 901) // hour 2: at :15:01, late
	// hour 3: nothing; hour 4: at :00
	d.Row(4 * 3600)
	d.Finish(5*3600 + 901) // hour 5's deadline has passed a second before now: judged, no row → bad
	got := []bool{}
	for _, v := range *vs {
		got = append(got, v.ok)
	}
	want := []bool{true, false, false, true, false}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("hour %d: %v, want %v", i+1, got[i], want[i])
		}
	}
	if (*vs)[0].start != 3600 || (*vs)[0].due != 3600+900 {
		t.Errorf("first period %+v", (*vs)[0])
	}
}
