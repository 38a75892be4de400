package generator

import (
	"html/template"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/slo"
)

// StatsSpans are the spans incident statistics cover (SPEC section 5).
var StatsSpans = []int{90, 365}

// IncidentStats are the incident figures of one span ending at the build's
// now: how often things failed, how fast the team detected, contained and
// resolved them, and whether the lessons turned into done work.
type IncidentStats struct {
	Days     int
	From, To time.Time
	// Incidents counts incidents (not maintenance) that started in the span.
	Incidents int
	// BySeverity counts every published report that started in the span,
	// critical first, maintenance last.
	BySeverity []SeverityCount
	// Detect, Contain and Resolve summarise detected − started,
	// contained − started and resolved − started over the incidents that
	// record those times (maintenance left out).
	Detect, Contain, Resolve DurationStats
	// Failures counts major and critical incidents; MTBF is the time in
	// the span without one of them divided by their count (nil without
	// failures).
	Failures int
	MTBF     *time.Duration
	// OpenActions and OverdueActions count the action items of the span's
	// incidents that are not done, and those of them past their due date.
	OpenActions, OverdueActions int
}

// SeverityCount is how many reports of one severity a span holds.
type SeverityCount struct {
	Severity string
	Count    int
}

// DurationStats summarises a set of durations. Mean, Median and P90 are
// nil when N is 0. The median of an even count is the mean of the middle
// two; P90 is the nearest-rank 90th percentile (the smallest value that at
// least 90% of the set is at or under), so it is always an observed value.
type DurationStats struct {
	N                 int
	Mean, Median, P90 *time.Duration
}

// summarise computes DurationStats, rounded to the second.
func summarise(ds []time.Duration) DurationStats {
	out := DurationStats{N: len(ds)}
	if len(ds) == 0 {
		return out
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var sum float64
	for _, d := range s {
		sum += float64(d)
	}
	mean := time.Duration(sum / float64(len(s))).Round(time.Second)
	n := len(s)
	median := s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	median = median.Round(time.Second)
	p90 := s[int(math.Ceil(0.9*float64(n)))-1]
	out.Mean, out.Median, out.P90 = &mean, &median, &p90
	return out
}

// ComputeIncidentStats computes the statistics of the incidents that
// started in [from, to), at now (for overdue actions). Incidents are taken
// as given: filter them by service first for per-service figures.
func ComputeIncidentStats(ins []*incident.Incident, from, to, now time.Time) IncidentStats {
	st := IncidentStats{From: from, To: to, Days: int(math.Round(to.Sub(from).Hours() / 24))}
	counts := map[string]int{}
	var detect, contain, resolve []time.Duration
	type span struct{ a, b time.Time }
	var failures []span
	for _, in := range ins {
		if in.Started.Before(from) || !in.Started.Before(to) {
			continue
		}
		counts[in.Severity]++
		for _, a := range in.Actions {
			if !a.Done {
				st.OpenActions++
				if a.Overdue(now) {
					st.OverdueActions++
				}
			}
		}
		if in.Maintenance() {
			continue
		}
		st.Incidents++
		if d := in.TimeToDetect(); d != nil {
			detect = append(detect, *d)
		}
		if d := in.TimeToContain(); d != nil {
			contain = append(contain, *d)
		}
		if d := in.TimeToResolve(); d != nil && !in.Resolved.After(now) {
			resolve = append(resolve, *d)
		}
		if in.Severity == incident.SeverityMajor || in.Severity == incident.SeverityCritical {
			st.Failures++
			end := in.Resolved
			if end.IsZero() || end.After(to) {
				end = to
			}
			failures = append(failures, span{in.Started, end})
		}
	}
	for _, sev := range []string{incident.SeverityCritical, incident.SeverityMajor, incident.SeverityMinor, incident.SeverityMaintenance} {
		st.BySeverity = append(st.BySeverity, SeverityCount{sev, counts[sev]})
	}
	st.Detect, st.Contain, st.Resolve = summarise(detect), summarise(contain), summarise(resolve)
	if st.Failures > 0 {
		// Time inside failures, overlapping ones counted once.
		sort.Slice(failures, func(i, j int) bool { return failures[i].a.Before(failures[j].a) })
		var down time.Duration
		var curA, curB time.Time
		for i, f := range failures {
			if i == 0 || f.a.After(curB) {
				down += curB.Sub(curA)
				curA, curB = f.a, f.b
			} else if f.b.After(curB) {
				curB = f.b
			}
		}
		down += curB.Sub(curA)
		mtbf := ((to.Sub(from) - down) / time.Duration(st.Failures)).Round(time.Second)
		st.MTBF = &mtbf
	}
	return st
}

// IncidentStats returns the statistics over the last 90 and 365 days, of
// every published incident (service "") or of those on one service.
func (s *Site) IncidentStats(service string) []IncidentStats {
	ins := s.Incidents
	if service != "" {
		ins = nil
		for _, in := range s.Incidents {
			if in.Affects(service) {
				ins = append(ins, in)
			}
		}
	}
	out := make([]IncidentStats, 0, len(StatsSpans))
	for _, days := range StatsSpans {
		out = append(out, ComputeIncidentStats(ins, s.Now.AddDate(0, 0, -days), s.Now, s.Now))
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

// fmtDurationPtr prints an optional duration, "—" when there is none.
func fmtDurationPtr(d *time.Duration) string {
	if d == nil {
		return "—"
	}
	return fmtDuration(*d)
}

var incidentStateTexts = map[string]string{
	incident.StateUpcoming: "Upcoming", incident.StateInProgress: "In progress", incident.StateCompleted: "Completed",
	incident.StateOngoing: "Ongoing", incident.StateResolved: "Resolved",
}

// incidentStateText is the label of an incident state.
func incidentStateText(s string) string { return incidentStateTexts[s] }

// incidentFuncs adds the template helpers of the incident pages to fm.
func (s *Site) incidentFuncs(fm template.FuncMap) template.FuncMap {
	fm["dur"] = fmtDurationPtr
	fm["incidentState"] = func(in *incident.Incident) string { return in.State(s.Now) }
	fm["stateLabel"] = incidentStateText
	return fm
}
