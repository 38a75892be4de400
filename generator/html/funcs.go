package html

import (
	"fmt"
	"html/template"
	"path"
	"time"

	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/site"
)

// pageFuncs are the template helpers of the index, service, report and
// SLO pages. Like the others, they format or look up; figures are
// computed before.
func pageFuncs(s *site.Site) template.FuncMap {
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
		"budgetShare": func(objective float64) string { return format.Trim((1-objective)*100, 4) + "%" },
		"verdictText": func(v string) string {
			return map[string]string{"met": "Met", "missed": "Missed", "no_data": "Not enough data"}[v]
		},
		"budgetText": func(p *float64) string {
			if p == nil {
				return "—"
			}
			return format.Pct(p)
		},
		"opText":      opSymbol,
		"weightPct":   func(w float64) string { return format.Trim(w*100, 1) + "%" },
		"minCoverage": s.Config.MinCoverageFor,
	}
}

var incidentStateTexts = map[string]string{
	incident.StateUpcoming: "Upcoming", incident.StateInProgress: "In progress", incident.StateCompleted: "Completed",
	incident.StateOngoing: "Ongoing", incident.StateResolved: "Resolved",
}

// incidentStateText is the label of an incident state.
func incidentStateText(s string) string { return incidentStateTexts[s] }

// incidentFuncs adds the template helpers of the incident pages to fm.
func incidentFuncs(s *site.Site, fm template.FuncMap) template.FuncMap {
	fm["dur"] = format.OptionalDuration
	fm["incidentState"] = func(in *incident.Incident) string { return in.State(s.Now) }
	fm["stateLabel"] = incidentStateText
	return fm
}

// renderReports renders the monthly reports and the SLO documents.
func renderReports(s *site.Site, render func(tmpl, p string, pg *Page) error) error {
	months := s.Months()
	if err := render("reports.html", "reports/index.html", &Page{Path: "reports/", Title: "Monthly reports", Months: months}); err != nil {
		return err
	}
	for _, m := range months {
		p := "reports/" + m.Period + "/index.html"
		title := fmt.Sprintf("Report for %s", m.Start.In(s.Config.Location).Format("January 2006"))
		if err := render("report.html", p, &Page{Path: path.Dir(p) + "/", Title: title, Month: m}); err != nil {
			return err
		}
	}
	for _, svc := range s.Services {
		p := "services/" + svc.ID + "/slo/index.html"
		if err := render("slo.html", p, &Page{Path: path.Dir(p) + "/", Title: "SLO document: " + svc.Name, Service: svc, SLODoc: s.SLODocFor(svc)}); err != nil {
			return err
		}
	}
	return nil
}
