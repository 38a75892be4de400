package site

import (
	"fmt"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
)

// Check loads a site as a build would and returns every diagnostic: the
// errors a build skips or fails on and the warnings (an owner missing, a
// duplicate sample time) that only inform. It writes nothing.
func Check(configPath string, now time.Time) diag.Diagnostics {
	return CheckLoaded(Load(configPath, now))
}

// CheckLoaded is Check of a site already loaded, with the diagnostics of
// its Load: a build and a check from one read.
func CheckLoaded(site *Site, ds diag.Diagnostics) diag.Diagnostics {
	ds = append(diag.Diagnostics(nil), ds...)
	if site == nil {
		return ds
	}
	for i, svc := range site.Config.Services {
		if svc.Owner == "" {
			ds.Warnf(site.Config.RelFile(), site.Config.Line(fmt.Sprintf("service[%d]", i), "id"), 0, "service %q has no owner; add owner = \"Team name\" so people know who answers for it", svc.ID)
		}
	}
	ds = append(ds, incident.Lint(site.Incidents, site.Drafts, site.Config.Location, site.Now)...)
	ds.Sort()
	return ds
}
