package site

import (
	"sort"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/slo"
)

// StatsSpans are the spans incident statistics cover (SPEC section 5).
var StatsSpans = []int{90, 365}

// IncidentStats returns the statistics over the last 90 and 365 days, of
// every published incident (service "") or of those on one service. A span
// reaching back before the site's records (its first snapshot row or
// first incident, whichever is earlier) is cut to them, so the figures
// say the span they actually cover; a span the same as the one before it
// is left out.
func (s *Site) IncidentStats(service string) []incident.Stats {
	since := s.dataSince
	if n := len(s.Incidents); n > 0 && (since.IsZero() || s.Incidents[n-1].Started.Before(since)) {
		since = s.Incidents[n-1].Started
	}
	ins := s.Incidents
	if service != "" {
		ins = nil
		for _, in := range s.Incidents {
			if in.Affects(service) {
				ins = append(ins, in)
			}
		}
	}
	out := make([]incident.Stats, 0, len(StatsSpans))
	for _, days := range StatsSpans {
		from := s.Now.AddDate(0, 0, -days)
		if from.Before(since) {
			from = since
		}
		st := incident.ComputeStats(ins, from, s.Now, s.Now)
		if n := len(out); n > 0 && out[n-1].Days == st.Days {
			break
		}
		out = append(out, st)
	}
	return out
}

// MonthGroup is one month of the archive, in the site's time zone.
type MonthGroup struct {
	Month     time.Time // the month's first day, local midnight
	Incidents []*incident.Incident
}

// IncidentMonths groups the published incidents by the month they started
// in, newest first, as the archive lists them.
func (s *Site) IncidentMonths() []MonthGroup {
	var out []MonthGroup
	for _, in := range s.Incidents {
		m := slo.MonthStart(in.Started.In(s.Config.Location))
		if len(out) == 0 || !out[len(out)-1].Month.Equal(m) {
			out = append(out, MonthGroup{Month: m})
		}
		out[len(out)-1].Incidents = append(out[len(out)-1].Incidents, in)
	}
	return out
}

// ActionItem is one open action item with the report it comes from.
type ActionItem struct {
	incident.Action
	Incident *incident.Incident
	Overdue  bool
}

// OwnerActions are the open action items one owner answers for.
type OwnerActions struct {
	Owner   string // "" for items nobody owns yet
	Items   []ActionItem
	Overdue int
}

// OpenActionItems lists every open action item across published reports
// and drafts, by owner (A–Z, unowned last), each owner's items by due date
// (undated last).
func (s *Site) OpenActionItems() []OwnerActions {
	by := map[string]*OwnerActions{}
	var owners []string
	all := append(append([]*incident.Incident{}, s.Incidents...), s.Drafts...)
	for _, in := range all {
		for _, a := range in.Actions {
			if a.Done {
				continue
			}
			key := strings.TrimSpace(a.Owner)
			oa := by[key]
			if oa == nil {
				oa = &OwnerActions{Owner: key}
				by[key] = oa
				owners = append(owners, key)
			}
			item := ActionItem{Action: a, Incident: in, Overdue: a.Overdue(s.Now)}
			if item.Overdue {
				oa.Overdue++
			}
			oa.Items = append(oa.Items, item)
		}
	}
	sort.Slice(owners, func(i, j int) bool {
		if (owners[i] == "") != (owners[j] == "") {
			return owners[j] == ""
		}
		return strings.ToLower(owners[i]) < strings.ToLower(owners[j])
	})
	out := make([]OwnerActions, 0, len(owners))
	for _, o := range owners {
		oa := by[o]
		sort.SliceStable(oa.Items, func(i, j int) bool {
			a, b := oa.Items[i], oa.Items[j]
			if a.Due.IsZero() != b.Due.IsZero() {
				return b.Due.IsZero()
			}
			if !a.Due.Equal(b.Due) {
				return a.Due.Before(b.Due)
			}
			return a.Incident.Slug < b.Incident.Slug
		})
		out = append(out, *oa)
	}
	return out
}

// ArchiveFilter is one choice of the archive's filter: a service or a
// severity, with how many published reports it matches.
type ArchiveFilter struct {
	Value, Label string
	Count        int
}

// ArchiveServices lists the services that published reports affect, in
// site.toml order, for the archive's service filter.
func (s *Site) ArchiveServices() []ArchiveFilter {
	var out []ArchiveFilter
	for _, svc := range s.Config.Services {
		n := 0
		for _, in := range s.Incidents {
			if in.Affects(svc.ID) {
				n++
			}
		}
		if n > 0 {
			out = append(out, ArchiveFilter{svc.ID, svc.Name, n})
		}
	}
	return out
}

// ArchiveSeverities lists the severities of published reports, worst
// first, for the archive's severity filter.
func (s *Site) ArchiveSeverities() []ArchiveFilter {
	var out []ArchiveFilter
	for _, sev := range []string{incident.SeverityCritical, incident.SeverityMajor, incident.SeverityMinor, incident.SeverityMaintenance} {
		n := 0
		for _, in := range s.Incidents {
			if in.Severity == sev {
				n++
			}
		}
		if n > 0 {
			out = append(out, ArchiveFilter{sev, strings.ToUpper(sev[:1]) + sev[1:], n})
		}
	}
	return out
}
