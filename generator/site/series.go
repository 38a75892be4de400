package site

import (
	"time"

	"github.com/statusgen/statusgen/generator/slo"
)

// The series the service pages draw. They are figures like any other, so
// they are computed here, from the same totals as the SLO report; the
// charts only scale and label them.

// DaySLI is an SLO's result over one day of the uptime history.
type DaySLI struct {
	Date time.Time // local midnight
	SLI  *float64  // good ÷ valid that day, as a ratio; nil without data
}

// DailySLI returns an SLO's SLI on each day of the service's uptime
// history, oldest first; the current day runs to now.
func (s *Site) DailySLI(rep *ServiceReport, r *SLOReport) []DaySLI {
	out := make([]DaySLI, 0, len(rep.Days))
	for _, d := range rep.Days {
		a := d.Date.Unix()
		b := min(slo.NextDay(d.Date).Unix(), s.Now.Unix())
		t := r.src.totals(a, b)
		p := DaySLI{Date: d.Date}
		if t.Valid > 0 {
			sli := t.Good / t.Valid
			p.SLI = &sli
		}
		out = append(out, p)
	}
	return out
}

// BudgetPoint is the error budget left at one moment of an SLO window.
type BudgetPoint struct {
	At  time.Time
	Now bool // the last point: the build's now
	// Left is the share of the window's budget left at At, spent at the
	// pace the data shows: 1 − bad(window start, At) ÷ budget, where the
	// budget is (1 − objective) × valid over the whole window. Negative
	// when overspent; nil when the window has no budget (no data).
	Left *float64
	// Ideal is the share an even burn would leave: 1 at the window's
	// start, 0 at its end (a calendar window's end, not now).
	Ideal float64
}

// BudgetBurnDown returns the error budget left at the window's start, at
// each local midnight inside the window and at now.
func (s *Site) BudgetBurnDown(r *SLOReport) []BudgetPoint {
	loc := s.Config.Location
	a, b := r.WindowStart.Unix(), r.WindowEnd.Unix()
	end := b // where the ideal line reaches 0
	if r.WindowSpec.Rolling == 0 {
		end = slo.PeriodEnd(slo.PeriodStart(r.WindowStart.In(loc), r.WindowSpec.Calendar), r.WindowSpec.Calendar).Unix()
	}
	budget := (1 - r.Objective) * r.Total // bad seconds or events the window allows
	points := []int64{a}
	d := time.Unix(a, 0).In(loc)
	for day := slo.NextDay(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)); day.Unix() < b; day = slo.NextDay(day) {
		points = append(points, day.Unix())
	}
	points = append(points, b)
	out := make([]BudgetPoint, 0, len(points))
	for _, p := range points {
		bp := BudgetPoint{At: time.Unix(p, 0), Now: p == b, Ideal: 1 - float64(p-a)/float64(end-a)}
		if budget > 0 {
			t := r.src.totals(a, p)
			left := 1 - (t.Valid-t.Good)/budget
			bp.Left = &left
		}
		out = append(out, bp)
	}
	return out
}

// LatencyDay is one day of latency_ms percentiles.
type LatencyDay struct {
	Date          time.Time
	P50, P95, P99 *float64 // milliseconds, ±2%; nil without samples
	Samples       int
}

// Latency returns the service's latency percentiles per local day, oldest
// first, or nil when its snapshots have no latency_ms.
func (s *Site) Latency(rep *ServiceReport) []LatencyDay {
	if rep.Snapshot == nil || !rep.Snapshot.Latency.Any() {
		return nil
	}
	lat := rep.Snapshot.Latency
	var out []LatencyDay
	for i := 0; i+1 < len(lat.Starts); i++ {
		out = append(out, LatencyDay{Date: time.Unix(lat.Starts[i], 0), P50: lat.Percentile(i, 0.5),
			P95: lat.Percentile(i, 0.95), P99: lat.Percentile(i, 0.99), Samples: lat.Count(i)})
	}
	return out
}
