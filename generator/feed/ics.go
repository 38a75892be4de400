package feed

import (
	"net/url"
	"strings"

	"github.com/statusgen/statusgen/generator/ical"
	"github.com/statusgen/statusgen/generator/site"
)

// ICSPath is the maintenance calendar people subscribe their calendars to.
const ICSPath = "maintenance.ics"

// MaintenanceICS renders maintenance.ics: each recurring maintenance of
// site.toml as one event with its RRULE (a calendar shows every window,
// also beyond the site's horizon), and each published one-off
// maintenance as a single event. Uids are stable across builds:
// "maintenance-<id>@<host>" and "incident-<slug>@<host>", where host is
// base_url's, else "statusgen". DTSTAMP is the build's now.
func MaintenanceICS(s *site.Site) []byte {
	host := "statusgen"
	if u, err := url.Parse(s.Config.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	cal := &ical.Calendar{
		ProdID:     "-//statusgen//maintenance//EN",
		Name:       s.Config.Title + ": maintenance",
		ZonesUntil: s.Now.AddDate(2, 0, 0),
	}
	for _, m := range s.Config.Maintenance {
		if m.StartTime.IsZero() {
			continue
		}
		desc := m.Description
		if desc != "" {
			desc += "\n\n"
		}
		desc += "Affects: " + serviceNames(s, m.Services)
		cal.Events = append(cal.Events, ical.Event{
			UID: "maintenance-" + m.ID + "@" + host, Stamp: s.Now,
			Start: m.StartTime, End: m.StartTime.Add(m.DurationDur),
			Summary: m.Title, Description: desc, RRule: strings.TrimPrefix(strings.TrimSpace(m.RRule), "RRULE:"),
			Categories: append([]string{"maintenance"}, m.Services...),
		})
	}
	for i := len(s.Incidents) - 1; i >= 0; i-- { // oldest first
		in := s.Incidents[i]
		if !in.Maintenance() {
			continue
		}
		e := ical.Event{
			UID: "incident-" + in.Slug + "@" + host, Stamp: s.Now,
			Start: in.Started.UTC(), End: in.Resolved,
			Summary: in.Title, Description: "Affects: " + serviceNames(s, in.Services),
			Categories: append([]string{"maintenance"}, in.Services...),
		}
		if s.Config.BaseURL != "" {
			e.URL = s.Link(ICSPath, "incidents/"+in.Slug+"/")
		}
		cal.Events = append(cal.Events, e)
	}
	return cal.Encode()
}

func serviceNames(s *site.Site, ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = s.ServiceName(id)
	}
	return strings.Join(names, ", ")
}
