package site

import (
	"sort"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
)

// MaintenanceHorizon is how far ahead recurring maintenance windows are
// announced: on the status page, in the Statuspage documents and as the
// windows the model knows of.
const MaintenanceHorizon = 30 * 24 * time.Hour

// MaintenanceWindow is one window of a recurring maintenance
// ([[maintenance]] in site.toml). It counts as a one-off maintenance
// incident does: its time is left out of the SLOs measured by incidents,
// and a service is under maintenance while it lasts.
type MaintenanceWindow struct {
	*config.Maintenance
	Start, End time.Time
	// ID is stable across builds: the maintenance id and the start in
	// UTC, "db-patching-20261103t0100z".
	ID string
	// AsIncident is the window as a maintenance incident, for the
	// figures and outputs that take incidents. It has no page.
	AsIncident *incident.Incident
}

// State is upcoming, in_progress or completed at now.
func (w *MaintenanceWindow) State(now time.Time) string { return w.AsIncident.State(now) }

// maintenanceWindows expands every recurring maintenance over the span the
// figures look at (from the oldest history cut) up to now plus the
// horizon, oldest first.
func (s *Site) maintenanceWindows(from time.Time) []*MaintenanceWindow {
	var out []*MaintenanceWindow
	for _, m := range s.Config.Maintenance {
		for _, w := range m.Windows(from, s.Now.Add(MaintenanceHorizon)) {
			id := m.ID + "-" + strings.ToLower(w.Start.UTC().Format("20060102T1504Z"))
			in := &incident.Incident{
				Slug: id, Title: m.Title, Services: m.Services, Severity: incident.SeverityMaintenance,
				Started: w.Start.UTC(), Resolved: w.End.UTC(),
			}
			out = append(out, &MaintenanceWindow{Maintenance: m, Start: w.Start.UTC(), End: w.End.UTC(), ID: id, AsIncident: in})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// windowsOf returns the windows that affect a service.
func (s *Site) windowsOf(id string) []*MaintenanceWindow {
	var out []*MaintenanceWindow
	for _, w := range s.MaintenanceWindows {
		if w.Affects(id) {
			out = append(out, w)
		}
	}
	return out
}

// UpcomingWindows returns, for the status page, the recurring windows in
// progress and the next window of each recurring maintenance that starts
// within the horizon, soonest first.
func (s *Site) UpcomingWindows() []*MaintenanceWindow { return s.upcoming("") }

// UpcomingWindowsOf is UpcomingWindows for one service.
func (s *Site) UpcomingWindowsOf(id string) []*MaintenanceWindow { return s.upcoming(id) }

func (s *Site) upcoming(id string) []*MaintenanceWindow {
	var out []*MaintenanceWindow
	next := map[string]bool{}
	for _, w := range s.MaintenanceWindows {
		if id != "" && !w.Affects(id) {
			continue
		}
		switch w.State(s.Now) {
		case incident.StateInProgress:
			out = append(out, w)
		case incident.StateUpcoming:
			if !next[w.Maintenance.ID] {
				next[w.Maintenance.ID] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// MaintenanceNow returns, by service id, the title of the maintenance in
// progress at now: a published one-off maintenance (incidents/*.md with
// severity = "maintenance") or a window of a [[maintenance]] of
// site.toml. statusgen probe records such a service's check as
// "maintenance", a sample the SLOs leave out (exclude_maintenance), so
// planned downtime spends no budget of a probed service either. Incident
// files that cannot be read are left out, as a build leaves them out.
func MaintenanceNow(cfg *config.Config, now time.Time) map[string]string {
	out := map[string]string{}
	var ds diag.Diagnostics
	for _, in := range incident.Load(cfg, &ds) {
		if in.Draft || !in.Maintenance() || !in.Ongoing(now) {
			continue
		}
		for _, id := range in.Services {
			if _, ok := out[id]; !ok {
				out[id] = in.Title
			}
		}
	}
	for _, m := range cfg.Maintenance {
		for _, w := range m.Windows(now, now.Add(time.Second)) {
			if w.Start.After(now) {
				continue
			}
			for _, id := range m.Services {
				if _, ok := out[id]; !ok {
					out[id] = m.Title
				}
			}
		}
	}
	return out
}
