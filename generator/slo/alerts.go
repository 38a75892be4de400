package slo

import (
	"fmt"
	"strings"
	"time"
)

// Alert severities: page wakes someone, ticket is for working hours, info
// is only shown and sent.
const (
	SeverityPage   = "page"
	SeverityTicket = "ticket"
	SeverityInfo   = "info"
)

// Kinds of alert rule.
const (
	// KindBurnRate: the burn rate over a long and a short span both at or
	// over a threshold (the SRE workbook's multi-window alert).
	KindBurnRate = "burn_rate"
	// KindRuns: at least Failed of the last OfLast runs failed ("3 failed
	// runs in a row" is 3 of the last 3). A run is one sample of a sparse
	// series; a missed deadline is a failed run too.
	KindRuns = "runs"
	// KindStale: the service's newest sample is older than its stale_after.
	KindStale = "stale"
)

// Rule is one alert condition of an SLO (or, for KindStale, of a service).
type Rule struct {
	Severity string
	Kind     string
	// Burn-rate rules: the spans, and either Share (of the SLO window's
	// budget spent within Long; the threshold scales with the window) or
	// BurnRate (a fixed threshold).
	Long, Short time.Duration
	Share       float64
	BurnRate    float64
	// Runs rules.
	Failed, OfLast int
}

// Threshold is the burn rate at which a burn-rate rule fires for an SLO
// window: BurnRate when set, else share × window / long. For a 30-day
// window the 1h/2% rule gives 0.02 × 720 h / 1 h = 14.4.
func (r Rule) Threshold(window time.Duration) float64 {
	if r.BurnRate > 0 {
		return r.BurnRate
	}
	if r.Long <= 0 {
		return 0
	}
	return r.Share * window.Hours() / r.Long.Hours()
}

// Name is the rule's short stable name: "page:1h/5m", "page:3/3runs",
// "ticket:stale". Notifications and alert issues key on it.
func (r Rule) Name() string {
	switch r.Kind {
	case KindRuns:
		return fmt.Sprintf("%s:%d/%druns", r.Severity, r.Failed, r.OfLast)
	case KindStale:
		return r.Severity + ":stale"
	}
	return r.Severity + ":" + SpanName(r.Long) + "/" + SpanName(r.Short)
}

// RunsText states a runs rule in words: "3 failed runs in a row", "2 of
// the last 4 runs failed", "the last run failed".
func RunsText(failed, ofLast int) string {
	switch {
	case failed == 1 && ofLast == 1:
		return "the last run failed"
	case failed == ofLast:
		return fmt.Sprintf("%d failed runs in a row", failed)
	}
	return fmt.Sprintf("%d of the last %d runs failed", failed, ofLast)
}

// SpanName writes a span the way site.toml and the burn-rate table do:
// "5m", "1h", "6h", "1d", "3d", "90m".
func SpanName(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

// WorkbookRules are the SRE workbook's three multi-window burn-rate alerts,
// the default for series sampled more often than hourly.
var WorkbookRules = []Rule{
	{Severity: SeverityPage, Kind: KindBurnRate, Long: time.Hour, Short: 5 * time.Minute, Share: 0.02},
	{Severity: SeverityPage, Kind: KindBurnRate, Long: 6 * time.Hour, Short: 30 * time.Minute, Share: 0.05},
	{Severity: SeverityTicket, Kind: KindBurnRate, Long: 72 * time.Hour, Short: 6 * time.Hour, Share: 0.10},
}

// SparseInterval is the sampling interval from which a series is sparse:
// one sample an hour or fewer, so a sample is a run of a batch job.
const SparseInterval = time.Hour

// SparseRunRules are added to the defaults of a sparse series: page on 3
// failed runs in a row, ticket on 2 of the last 4.
var SparseRunRules = []Rule{
	{Severity: SeverityPage, Kind: KindRuns, Failed: 3, OfLast: 3},
	{Severity: SeverityTicket, Kind: KindRuns, Failed: 2, OfLast: 4},
}

// DefaultRules are an SLO's alert rules when site.toml names none. For a
// series sampled more often than hourly they are the workbook's. For a
// sparse one (interval ≥ 1 h) a span shorter than the interval holds at
// most part of one sample, so a workbook rule with such a span is left
// out, and the rules are stated in runs instead (SparseRunRules).
// runBased is false for SLOs without runs (measured by incidents): they
// keep the workbook rules whatever the interval.
func DefaultRules(interval time.Duration, runBased bool) []Rule {
	if interval < SparseInterval || !runBased {
		return append([]Rule(nil), WorkbookRules...)
	}
	var out []Rule
	for _, r := range WorkbookRules {
		if r.Short >= interval && r.Long >= interval {
			out = append(out, r)
		}
	}
	return append(out, SparseRunRules...)
}

// Run is one run of a batch job (one sample of a sparse series, or one
// deadline): when it ran and whether it failed.
type Run struct {
	Time   time.Time
	Failed bool
}

// FailedOfLast counts the failed runs among the last n of runs (oldest
// first), and how many runs that looked at (fewer than n when there are
// fewer runs).
func FailedOfLast(runs []Run, n int) (failed, seen int) {
	if n > len(runs) {
		n = len(runs)
	}
	for _, r := range runs[len(runs)-n:] {
		if r.Failed {
			failed++
		}
	}
	return failed, n
}

// Alert is a Rule evaluated for one SLO at now. Burn-rate alerts keep the
// shape of SPEC section 7 (severity, long, short, threshold, firing); the
// other kinds leave out what they do not have.
type Alert struct {
	Severity  string  `json:"severity"`
	Long      string  `json:"long,omitempty"`
	Short     string  `json:"short,omitempty"`
	Threshold float64 `json:"threshold,omitempty"` // rounded to 4 places
	Firing    bool    `json:"firing"`
	Kind      string  `json:"kind"`
	// Runs rules: the rule and what the last runs held.
	FailedRuns int `json:"failed_runs,omitempty"`
	OfLast     int `json:"of_last,omitempty"`
	Failed     int `json:"failed,omitempty"` // failed among the last OfLast
	// Rule is the rule in words, for pages and messages.
	Rule string `json:"rule"`

	// The figures the rule compared (burn-rate rules; nil without data).
	LongRate, ShortRate *float64 `json:"-"`
}

// Name is the evaluated rule's short stable name (Rule.Name).
func (a Alert) Name() string {
	switch a.Kind {
	case KindRuns:
		return fmt.Sprintf("%s:%d/%druns", a.Severity, a.FailedRuns, a.OfLast)
	case KindStale:
		return a.Severity + ":stale"
	}
	return a.Severity + ":" + a.Long + "/" + a.Short
}

// Inputs are what rules are evaluated against.
type Inputs struct {
	// Burn is the burn rate over the span ending at now; nil without data.
	Burn func(span time.Duration) *float64
	// Window is the SLO window W that shares are scaled to.
	Window time.Duration
	// Runs are the last runs, oldest first (sparse series).
	Runs []Run
}

// Evaluate evaluates rules. A burn-rate rule fires when both its spans burn
// at or over the threshold; a span without data never fires, and a long
// span over the threshold with a clean short span does not (the trouble is
// over). A runs rule fires when at least Failed of the last OfLast runs
// failed (with fewer runs than OfLast, the failures among those there
// are). Stale rules are evaluated by EvaluateStale.
func Evaluate(rules []Rule, in Inputs) []Alert {
	out := make([]Alert, 0, len(rules))
	for _, r := range rules {
		a := Alert{Severity: r.Severity, Kind: r.Kind}
		switch r.Kind {
		case KindRuns:
			failed, _ := FailedOfLast(in.Runs, r.OfLast)
			a.FailedRuns, a.OfLast, a.Failed = r.Failed, r.OfLast, failed
			a.Firing = failed >= r.Failed
			a.Rule = RunsText(r.Failed, r.OfLast)
		case KindBurnRate:
			th := r.Threshold(in.Window)
			a.Long, a.Short, a.Threshold = SpanName(r.Long), SpanName(r.Short), Round(th, 4)
			if in.Burn != nil {
				a.LongRate, a.ShortRate = in.Burn(r.Long), in.Burn(r.Short)
			}
			a.Firing = a.LongRate != nil && a.ShortRate != nil && *a.LongRate >= th-1e-9 && *a.ShortRate >= th-1e-9
			a.Rule = fmt.Sprintf("burn rate over the last %s and the last %s both at or above %s×", a.Long, a.Short, trimFloat(a.Threshold))
		default:
			continue
		}
		out = append(out, a)
	}
	return out
}

// EvaluateStale evaluates a stale rule: it fires when the newest sample
// (zero: none at all) is older than staleAfter at now.
func EvaluateStale(severity string, last, now time.Time, staleAfter time.Duration) Alert {
	return Alert{Severity: severity, Kind: KindStale, Firing: last.IsZero() || now.Sub(last) > staleAfter,
		Rule: "no data for more than " + SpanName(staleAfter)}
}

func trimFloat(x float64) string {
	s := fmt.Sprintf("%.4f", x)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
