package config

import (
	"fmt"
	"time"

	"github.com/statusgen/statusgen/generator/slo"
)

// Alert rules: `[[service.slo.alert]]` tables, each one rule (docs/alerts.md).
// An SLO with none gets slo.DefaultRules for its sampling interval; an SLO
// with any gets exactly those written. `stale_alert` on a [[service]] is
// the severity of its data going stale ("none" turns it off).

// AlertConfig is one [[service.slo.alert]].
type AlertConfig struct {
	Severity string `toml:"severity"`
	// Burn-rate rules.
	Long     string   `toml:"long"`
	Short    string   `toml:"short"`
	BurnRate *float64 `toml:"burn_rate"` // a fixed threshold
	Budget   *float64 `toml:"budget"`    // or: percent of the window's budget spent within long
	// Runs rules.
	FailedRuns int `toml:"failed_runs"`
	OfLast     int `toml:"of_last"`

	// Rule is the validated rule.
	Rule slo.Rule `toml:"-"`
}

// Bounds of alert rules.
const (
	// maxOfLast bounds of_last: the snapshot keeps this many recent runs
	// per SLO.
	maxOfLast = 24
	// Spans run from a minute to a week (the longest workbook span is 3d).
	minAlertSpan = time.Minute
	maxAlertSpan = 7 * 24 * time.Hour
)

// MaxRuns is how many recent runs per SLO the snapshot keeps for runs rules.
const MaxRuns = maxOfLast

var severities = []string{slo.SeverityPage, slo.SeverityTicket, slo.SeverityInfo}

func validateAlerts(errf func(table, key, format string, args ...any), t string, o *SLOConfig) {
	for i, a := range o.Alerts {
		at := fmt.Sprintf("%s.alert[%d]", t, i)
		r := slo.Rule{Severity: a.Severity}
		if !contains(severities, a.Severity) {
			errf(at, "severity", "must be page, ticket or info, got %q%s", a.Severity, DidYouMean(a.Severity, severities))
		}
		runs := a.FailedRuns != 0 || a.OfLast != 0
		burn := a.Long != "" || a.Short != "" || a.BurnRate != nil || a.Budget != nil
		switch {
		case runs && burn:
			errf(at, "failed_runs", "a rule is either in runs (failed_runs, of_last) or in burn rates (long, short, burn_rate or budget), not both; split it into two [[service.slo.alert]]")
		case runs:
			r.Kind = slo.KindRuns
			r.Failed, r.OfLast = a.FailedRuns, a.OfLast
			if r.OfLast == 0 {
				r.OfLast = r.Failed // "3 failed runs in a row"
			}
			switch {
			case r.Failed < 1:
				errf(at, "failed_runs", "must be 1 or more, e.g. failed_runs = 3 for three failed runs in a row")
			case r.OfLast < r.Failed || r.OfLast > maxOfLast:
				errf(at, "of_last", "must be from failed_runs (%d) to %d, e.g. failed_runs = 2 with of_last = 4 for \"2 of the last 4 runs failed\"; got %d", r.Failed, maxOfLast, r.OfLast)
			}
			if o.Indicator == IndicatorIncidents {
				errf(at, "failed_runs", "an incidents SLO has no runs; use long and short burn-rate spans")
			}
		default:
			r.Kind = slo.KindBurnRate
			r.Long = alertSpan(errf, at, "long", a.Long, "1h")
			r.Short = alertSpan(errf, at, "short", a.Short, "5m")
			if r.Long > 0 && r.Short > 0 && r.Short > r.Long {
				errf(at, "short", "%q is longer than long = %q; the short span confirms the long one is still burning, e.g. long = \"1h\", short = \"5m\"", a.Short, a.Long)
			}
			switch {
			case a.BurnRate != nil && a.Budget != nil:
				errf(at, "burn_rate", "give burn_rate or budget, not both")
			case a.BurnRate != nil:
				if !(*a.BurnRate > 0 && *a.BurnRate <= 1e6) {
					errf(at, "burn_rate", "must be more than 0, e.g. 14.4; got %v", *a.BurnRate)
				}
				r.BurnRate = *a.BurnRate
			case a.Budget != nil:
				if !(*a.Budget > 0 && *a.Budget <= 100) {
					errf(at, "budget", "must be a percentage of the window's error budget, more than 0 and at most 100, e.g. 2; got %v", *a.Budget)
				}
				r.Share = *a.Budget / 100
			default:
				errf(at, "burn_rate", "missing; give the threshold as burn_rate = 14.4 or as budget = 2 (percent of the window's budget spent within long)")
			}
		}
		o.Alerts[i].Rule = r
	}
}

func alertSpan(errf func(table, key, format string, args ...any), t, key, s, example string) time.Duration {
	if s == "" {
		errf(t, key, "missing; write a span such as %q", example)
		return 0
	}
	d, err := ParseDuration(s)
	if err != nil || d < minAlertSpan || d > maxAlertSpan || d%time.Second != 0 {
		errf(t, key, "bad span %q; write whole seconds from 1m to 7d, such as %q", s, example)
		return 0
	}
	return d
}

// AlertRules are an SLO's alert rules: those of site.toml, or else the
// defaults for a series sampled every interval (slo.DefaultRules).
func (s *SLOConfig) AlertRules(interval time.Duration) []slo.Rule {
	if len(s.Alerts) > 0 {
		out := make([]slo.Rule, len(s.Alerts))
		for i, a := range s.Alerts {
			out[i] = a.Rule
		}
		return out
	}
	return slo.DefaultRules(interval, s.Indicator != IndicatorIncidents)
}

func validateStaleAlert(errf func(table, key, format string, args ...any), t string, s *Service) {
	switch s.StaleAlert {
	case "":
		s.StaleAlert = slo.SeverityTicket
	case slo.SeverityPage, slo.SeverityTicket, slo.SeverityInfo, "none":
	default:
		errf(t, "stale_alert", "must be page, ticket, info or none, got %q", s.StaleAlert)
	}
}
