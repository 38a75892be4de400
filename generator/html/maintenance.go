package html

import (
	"html/template"

	"github.com/statusgen/statusgen/generator/site"
)

// maintenanceFuncs are the helpers of maintenance-partials.html: the
// recurring maintenance windows in progress or next, site-wide and for a
// service, and a window's state.
func maintenanceFuncs(s *site.Site, fm template.FuncMap) template.FuncMap {
	fm["upcomingWindows"] = s.UpcomingWindows
	fm["serviceWindows"] = func(svc *site.ServiceReport) []*site.MaintenanceWindow { return s.UpcomingWindowsOf(svc.ID) }
	fm["windowState"] = func(w *site.MaintenanceWindow) string { return w.State(s.Now) }
	return fm
}
