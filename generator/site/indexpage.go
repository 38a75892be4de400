package site

import (
	"fmt"

	"github.com/statusgen/statusgen/generator/incident"
)

// ServiceGroup is one heading of the index: a [[group]] and its services,
// in site.toml order.
type ServiceGroup struct {
	Name     string // "" for services without a group
	Status   string // the worst status of its services
	Services []*ServiceReport
}

// Groups returns the services by group: the groups in site.toml order,
// then the services that name none.
func (s *Site) Groups() []ServiceGroup {
	var out []ServiceGroup
	for _, g := range s.Config.Groups {
		sg := ServiceGroup{Name: g.Name, Status: StatusOperational}
		for _, svc := range s.Services {
			if svc.Group == g.ID {
				sg.Services = append(sg.Services, svc)
				sg.Status = WorseStatus(sg.Status, svc.Status)
			}
		}
		if len(sg.Services) > 0 {
			out = append(out, sg)
		}
	}
	rest := ServiceGroup{Status: StatusOperational}
	for _, svc := range s.Services {
		if svc.Group == "" || s.Config.GroupName(svc.Group) == "" {
			rest.Services = append(rest.Services, svc)
			rest.Status = WorseStatus(rest.Status, svc.Status)
		}
	}
	if len(rest.Services) > 0 {
		if len(out) > 0 {
			rest.Name = "Other services"
		}
		out = append(out, rest)
	}
	return out
}

// Active returns the incidents in progress and the maintenance in
// progress or announced, for the top of the index: ongoing first (newest
// first), then upcoming maintenance (soonest first).
func (s *Site) Active() (ongoing, upcoming []*incident.Incident) {
	for _, in := range s.Incidents {
		switch {
		case in.Ongoing(s.Now):
			ongoing = append(ongoing, in)
		case in.Maintenance() && in.Started.After(s.Now):
			upcoming = append([]*incident.Incident{in}, upcoming...)
		}
	}
	return ongoing, upcoming
}

// UptimeSummary is the text alternative of a service's uptime bars.
type UptimeSummary struct {
	Availability *float64 // over the whole history
	Text         string   // e.g. "90 days: 86 at 99.9% or better, 2 below, 2 without data"
}

// Uptime summarises a service's uptime bars: the availability over all
// the days and how many days were good, worse or without data.
func (s *Site) Uptime(rep *ServiceReport) UptimeSummary {
	ok, below, empty := 0, 0, 0
	for _, d := range rep.Days {
		switch {
		case d.Availability == nil:
			empty++
		case *d.Availability >= 0.999:
			ok++
		default:
			below++
		}
	}
	u := UptimeSummary{Text: fmt.Sprintf("%d days: %d at 99.9%% or better, %d below, %d without data", len(rep.Days), ok, below, empty)}
	var src source
	switch {
	case rep.Snapshot != nil && rep.Snapshot.Status != nil:
		src = timeSource{rep.Snapshot.Status}
	case rep.Snapshot != nil && len(rep.SLOs) > 0:
		src = s.sourceFor(rep.Service, rep.Snapshot, 0)
	}
	if src != nil && len(rep.Days) > 0 {
		t := src.totals(rep.Days[0].Date.Unix(), s.Now.Unix())
		if t.Valid > 0 {
			a := t.Good / t.Valid
			u.Availability = &a
		}
	}
	return u
}

// RecentIncidents returns up to n published incidents that have started by
// now, newest first: announced maintenance is listed as scheduled, not as
// a recent incident.
func (s *Site) RecentIncidents(n int) []*incident.Incident {
	var out []*incident.Incident
	for _, in := range s.Incidents {
		if len(out) == n {
			break
		}
		if !in.Started.After(s.Now) {
			out = append(out, in)
		}
	}
	return out
}
