package generator

import (
	"fmt"
	"html/template"
	"time"

	"github.com/statusgen/statusgen/generator/format"
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

// pageFuncs are the template helpers of the index, service, report and
// SLO pages. Like the others, they format or look up; figures are
// computed before.
func (s *Site) pageFuncs() template.FuncMap {
	loc := s.Config.Location
	return template.FuncMap{
		"groups": s.Groups,
		"ongoingIncidents": func() []*incident.Incident {
			o, _ := s.Active()
			return o
		},
		"upcomingMaintenance": func() []*incident.Incident {
			_, u := s.Active()
			return u
		},
		"uptime": s.Uptime,
		// when prints a moment in the site's time zone, named, in a <time>
		// element that assets/site.js can switch to the reader's zone.
		"when": func(t time.Time) template.HTML {
			if t.IsZero() {
				return "—"
			}
			return template.HTML(`<time datetime="` + t.UTC().Format(time.RFC3339) + `">` +
				template.HTMLEscapeString(format.DateTime(t, loc)) + `</time>`)
		},
		"dayOnly": func(t time.Time) string { return t.In(loc).Format("Mon 2 Jan") },
		"monthName": func(t time.Time) string {
			return t.In(loc).Format("January 2006")
		},
		"budgetShare": func(objective float64) string { return trimPct(round((1-objective)*100, 3)) },
		"verdictText": func(v string) string {
			return map[string]string{"met": "Met", "missed": "Missed", "no_data": "No data"}[v]
		},
		"budgetText": func(p *float64) string {
			if p == nil {
				return "—"
			}
			return trimPct(round(*p*100, 1))
		},
		"weightPct":   func(w float64) string { return trimPct(round(w*100, 1)) },
		"minCoverage": s.Config.MinCoverageFor,
	}
}
