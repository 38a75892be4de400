package slo

import (
	"math"
	"time"
)

// Totals are what a window holds: good and valid amounts (seconds for
// time-based SLOs, events for event-based ones) and how much of the window
// has data.
type Totals struct {
	Good, Valid float64
	Coverage    float64 // 0–1
}

// Figures are the headline numbers of one SLO over one window.
type Figures struct {
	SLI       *float64 // good / valid; nil without data
	Coverage  float64
	Consumed  *float64 // share of the error budget spent: (1 − sli) / B
	Remaining *float64 // 1 − Consumed; negative when overspent

	// Time-based SLOs only (nil otherwise; downtime and remaining are
	// also nil when the window has no data).
	BudgetMinutes    *float64 // B × window minutes
	DowntimeMinutes  *float64 // bad seconds / 60
	RemainingMinutes *float64 // BudgetMinutes − DowntimeMinutes
}

// Compute turns totals into figures for an objective (a ratio, 0.999).
// windowSeconds is the length of the window; timeBased adds the minute
// figures.
func Compute(objective float64, t Totals, timeBased bool, windowSeconds float64) Figures {
	b := 1 - objective
	f := Figures{Coverage: t.Coverage}
	if t.Valid > 0 {
		sli := t.Good / t.Valid
		consumed := (1 - sli) / b
		remaining := 1 - consumed
		f.SLI, f.Consumed, f.Remaining = &sli, &consumed, &remaining
	}
	if timeBased {
		budget := b * windowSeconds / 60
		f.BudgetMinutes = &budget
		if t.Valid > 0 {
			down := (t.Valid - t.Good) / 60
			rem := budget - down
			f.DowntimeMinutes, f.RemainingMinutes = &down, &rem
		}
	}
	return f
}

// BurnRate is how fast the budget burns over a span: the bad share of the
// span divided by the budget share B = 1 − objective. 1 spends exactly the
// budget over the SLO window. Nil when the span has no data.
func BurnRate(bad, valid, objective float64) *float64 {
	if valid <= 0 {
		return nil
	}
	r := bad / valid / (1 - objective)
	return &r
}

// BurnWindows are the spans burn rates are reported over, shortest first.
var BurnWindows = []struct {
	Name string
	Span time.Duration
}{
	{"5m", 5 * time.Minute},
	{"30m", 30 * time.Minute},
	{"1h", time.Hour},
	{"2h", 2 * time.Hour},
	{"6h", 6 * time.Hour},
	{"1d", 24 * time.Hour},
	{"3d", 72 * time.Hour},
}

// BurnSpan returns the duration of a named burn window ("1h").
func BurnSpan(name string) time.Duration {
	for _, w := range BurnWindows {
		if w.Name == name {
			return w.Span
		}
	}
	return 0
}

// SLO states of SPEC section 4.
const (
	StateNoData   = "no_data"
	StateBreached = "breached"
	StateWarning  = "warning"
	StateOK       = "ok"
)

// State classifies an SLO: no_data when coverage is under minCoverage or
// there is no SLI (never green), breached under the objective, warning when
// a page or ticket alert fires or under a quarter of the budget remains,
// else ok. An info alert does not change the state.
func State(f Figures, objective, minCoverage float64, alerts []Alert) string {
	if f.SLI == nil || f.Coverage < minCoverage {
		return StateNoData
	}
	if *f.SLI < objective {
		return StateBreached
	}
	for _, a := range alerts {
		if a.Firing && a.Severity != SeverityInfo {
			return StateWarning
		}
	}
	if f.Remaining != nil && *f.Remaining < 0.25 {
		return StateWarning
	}
	return StateOK
}

// Round rounds x to n decimal places; published figures are rounded so the
// JSON is stable and readable.
func Round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}

// Gap is how far the SLI stands above its objective (a ratio): sli −
// objective, negative when the SLO is missed; nil without an SLI. It is
// google/slo-generator's "gap".
func Gap(sli *float64, objective float64) *float64 {
	if sli == nil {
		return nil
	}
	g := *sli - objective
	return &g
}
