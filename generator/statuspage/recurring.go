package statuspage

import (
	"sort"

	"github.com/statusgen/statusgen/generator/incident"
)

// withWindows adds the windows of the recurring maintenance ([[maintenance]]
// in site.toml) that are in progress or start within the site's
// maintenance horizon to the maintenances, newest start first as
// Statuspage lists them. A window's id is the maintenance id and its
// start ("db-patching-20261103t0100z"); it has no page of its own, so its
// shortlink is the status page. Completed windows are left out: they are
// routine, and the list would fill with them.
func (sp *builder) withWindows(ms []spIncident, from string) []spIncident {
	added := false
	for _, w := range sp.st.MaintenanceWindows {
		if w.State(sp.st.Now) == incident.StateCompleted {
			continue
		}
		m := sp.incident(w.AsIncident, from)
		m.Shortlink = sp.st.Link(from, "")
		ms = append(ms, m)
		added = true
	}
	if added {
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].StartedAt > ms[j].StartedAt })
	}
	return ms
}
