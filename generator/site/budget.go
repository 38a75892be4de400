package site

import (
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/slo"
)

// FlagShare is the share of an error budget at or over which an incident
// is flagged: the SRE workbook's rule that an incident spending 20% of a
// budget deserves a postmortem.
const FlagShare = 0.2

// IncidentBudget is the share of one SLO's error budget that one incident
// spent (SPEC section 4, last figure).
type IncidentBudget struct {
	ServiceID   string
	ServiceName string
	SLOID       string
	SLOName     string
	Unit        string // "seconds" or "events", as the SLO counts
	// Bad is the bad seconds (weighted) or bad events inside the incident,
	// [started, resolved) — up to now while it is ongoing.
	Bad float64
	// Spent is Bad ÷ (B × valid of the SLO window that ends at resolved):
	// 0.25 means a quarter of the budget. Nil when that window has no data.
	Spent *float64
	// Flagged is Spent ≥ FlagShare.
	Flagged bool
}

// IncidentBudgets returns, for each SLO of each service the incident
// affects (in site.toml order), the share of the SLO's error budget spent
// inside the incident. Maintenance spends no budget (it is excluded from
// SLOs) and an incident that has not started by the build's now spent
// none: both return nil.
func (s *Site) IncidentBudgets(in *incident.Incident) []IncidentBudget {
	if in == nil || in.Maintenance() {
		return nil
	}
	start, end, ok := s.incidentSpan(in)
	if !ok {
		return nil
	}
	var out []IncidentBudget
	for _, svc := range s.Services {
		if !in.Affects(svc.ID) {
			continue
		}
		for _, r := range svc.SLOs {
			if r.src == nil {
				continue
			}
			inside := r.src.totals(start, end)
			wa, wb := budgetWindow(r.SLOConfig, time.Unix(end, 0), s.Config.Location)
			win := r.src.totals(wa.Unix(), wb.Unix())
			b := IncidentBudget{ServiceID: svc.ID, ServiceName: svc.Name, SLOID: r.ID, SLOName: r.Name,
				Unit: r.Unit, Bad: inside.Valid - inside.Good}
			if denom := (1 - r.Objective) * win.Valid; denom > 0 {
				spent := b.Bad / denom
				b.Spent = &spent
				b.Flagged = spent >= FlagShare-1e-12
			}
			out = append(out, b)
		}
	}
	return out
}

// incidentSpan returns an incident's impact [started, resolved) in Unix
// seconds, cut at now while it is ongoing; ok is false when it has not
// started by now.
func (s *Site) incidentSpan(in *incident.Incident) (start, end int64, ok bool) {
	now := s.Now
	if in.Started.IsZero() || !in.Started.Before(now) {
		return 0, 0, false
	}
	e := now
	if !in.Resolved.IsZero() && in.Resolved.Before(now) {
		e = in.Resolved
	}
	if !in.Started.Before(e) {
		return 0, 0, false
	}
	return in.Started.Unix(), e.Unix(), true
}

// budgetWindow is the SLO window an incident's budget is measured against:
// the rolling window that ends at end. A calendar SLO uses, as its rolling
// length, the length of the calendar period (in the site's time zone)
// that holds the last second before end, so an October incident in
// Europe/Berlin is measured against 31 days and one hour.
func budgetWindow(o *config.SLOConfig, end time.Time, loc *time.Location) (time.Time, time.Time) {
	if o.WindowSpec.Rolling > 0 {
		return end.Add(-o.WindowSpec.Rolling), end
	}
	return end.Add(-slo.PeriodLength(end.Add(-time.Second), o.WindowSpec.Calendar, loc)), end
}
