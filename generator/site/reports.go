package site

import (
	"sort"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/slo"
)

// MonthReport is one calendar month (site time zone) for a stakeholder
// who reads one page a month: every SLO met or missed, the budget it
// spent, the month's incidents and the action items still open.
type MonthReport struct {
	Period   string // "2026-10"
	Start    time.Time
	End      time.Time // the next month's start, or now for the current month
	Complete bool      // false for the month still running
	SLOs     []MonthSLO
	Met      int
	Missed   int
	NoData   int
	// Incidents overlapping the month, oldest first.
	Incidents []MonthIncident
	// Actions are the open action items of the month's incidents.
	Actions []OpenAction
	// OpenActionsTotal counts open action items over all incidents.
	OpenActionsTotal int
}

// MonthSLO is one SLO's result over the month.
type MonthSLO struct {
	Service *ServiceReport
	SLO     *SLOReport
	Period  *Period // nil when the month has no data for it
	// BudgetSpent is (1 − sli) ÷ (1 − objective): 1 means the whole budget.
	BudgetSpent *float64
	Verdict     string // "met", "missed" or "no_data"
}

// MonthIncident is an incident with its duration as the report shows it.
type MonthIncident struct {
	*incident.Incident
	Duration time.Duration // resolved − started; up to now while ongoing
	Ongoing  bool
}

// OpenAction is an action item not done, with the incident it came from.
type OpenAction struct {
	incident.Action
	Incident *incident.Incident
	Overdue  bool // due before now
}

// SLODoc is the published SLO document of one service.
type SLODoc struct {
	Service *ServiceReport
	// DegradedWeight, ExcludesMaintenance and MinCoverage are the
	// conventions the figures follow.
	DegradedWeight      float64
	ExcludesMaintenance bool
	IncidentWeights     []SeverityWeight
}

// SeverityWeight is how much of an incident's time counts as bad.
type SeverityWeight struct {
	Severity string
	Weight   float64
}

// Months returns the monthly reports, newest first: every month of the
// SLO history (up to 12) that has data for any SLO.
func (s *Site) Months() []*MonthReport {
	byName := map[string]*MonthReport{}
	var names []string
	// Incident-based SLOs have data for every month; a month is reported
	// when a metric-based SLO has data in it (or the site has only
	// incident-based SLOs).
	metrics := false
	for _, svc := range s.Services {
		for _, r := range svc.SLOs {
			metrics = metrics || r.Indicator != config.IndicatorIncidents
		}
	}
	for _, svc := range s.Services {
		for _, r := range svc.SLOs {
			if metrics && r.Indicator == config.IndicatorIncidents {
				continue
			}
			for i := range r.History {
				p := &r.History[i]
				if byName[p.Period] == nil {
					byName[p.Period] = &MonthReport{Period: p.Period, Start: p.Start, End: p.End}
					names = append(names, p.Period)
				}
			}
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	var out []*MonthReport
	for _, n := range names {
		out = append(out, s.month(byName[n]))
	}
	return out
}

func (s *Site) month(m *MonthReport) *MonthReport {
	m.Complete = !m.End.After(s.Now) && slo.MonthStart(s.Now.In(s.Config.Location)).After(m.Start)
	for _, svc := range s.Services {
		for _, r := range svc.SLOs {
			row := MonthSLO{Service: svc, SLO: r, Verdict: "no_data"}
			for i := range r.History {
				if p := &r.History[i]; p.Period == m.Period {
					row.Period = p
					if p.SLI != nil {
						spent := (1 - *p.SLI) / (1 - r.Objective)
						row.BudgetSpent = &spent
						switch {
						case p.Met == nil: // coverage under min_coverage
						case *p.Met:
							row.Verdict = "met"
						default:
							row.Verdict = "missed"
						}
					}
				}
			}
			switch row.Verdict {
			case "met":
				m.Met++
			case "missed":
				m.Missed++
			default:
				m.NoData++
			}
			m.SLOs = append(m.SLOs, row)
		}
	}
	for i := len(s.Incidents) - 1; i >= 0; i-- {
		in := s.Incidents[i]
		end := in.Resolved
		if end.IsZero() || end.After(s.Now) {
			end = s.Now
		}
		if !in.Started.Before(m.End) || end.Before(m.Start) || in.Started.After(s.Now) {
			continue
		}
		m.Incidents = append(m.Incidents, MonthIncident{Incident: in, Duration: end.Sub(in.Started), Ongoing: in.Ongoing(s.Now)})
		for _, a := range in.Actions {
			if !a.Done {
				m.Actions = append(m.Actions, OpenAction{Action: a, Incident: in, Overdue: !a.Due.IsZero() && a.Due.Before(s.Now)})
			}
		}
	}
	for _, in := range s.Incidents {
		for _, a := range in.Actions {
			if !a.Done {
				m.OpenActionsTotal++
			}
		}
	}
	return m
}

// SLODocFor gathers what the SLO document of a service states.
func (s *Site) SLODocFor(svc *ServiceReport) *SLODoc {
	d := &SLODoc{Service: svc, DegradedWeight: s.Config.DegradedWeight, ExcludesMaintenance: s.Config.ExcludesMaintenance()}
	for _, sev := range []string{incident.SeverityCritical, incident.SeverityMajor, incident.SeverityMinor} {
		d.IncidentWeights = append(d.IncidentWeights, SeverityWeight{sev, s.Config.IncidentWeight(sev)})
	}
	return d
}
