package statuspage

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/site"
)

// The Atlassian Statuspage v2 public API (SPEC section 7), so status
// aggregators and existing Statuspage clients read a statusgen site as they
// read any hosted status page. Field names and their order are
// Statuspage's; values come from the Site.
//
// Decisions where Statuspage has no equivalent (see docs/api.md):
//   - ids are readable and stable: a component's id is its service id, a
//     group's is "group-" + the group id, an incident's is its slug, an
//     update's is the slug + "-" + its position in the timeline (1 = oldest).
//   - unknown (no fresh data, no open incident) is not a Statuspage status.
//     It is published as degraded_performance: never green on no data,
//     and not an outage nobody observed. api/slo.json keeps "unknown".
//   - links (page url, shortlink) are absolute under base_url, and
//     relative to the JSON file that holds them when base_url is unset.

// Paths of the Statuspage documents in public/.
const (
	spSummary     = "api/v2/summary.json"
	spStatus      = "api/v2/status.json"
	spComponents  = "api/v2/components.json"
	spIncidents   = "api/v2/incidents.json"
	spUnresolved  = "api/v2/incidents/unresolved.json"
	spMaintenance = "api/v2/scheduled-maintenances.json"
	// Beyond SPEC section 7, as Statuspage also serves them.
	spUpcomingPath = "api/v2/scheduled-maintenances/upcoming.json"
	spActivePath   = "api/v2/scheduled-maintenances/active.json"
)

// spLimit is how many incidents and maintenances the list documents hold,
// newest first, as Statuspage does.
const spLimit = 50

type spPage struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

type spComponent struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Status             string   `json:"status"`
	CreatedAt          string   `json:"created_at"`
	UpdatedAt          string   `json:"updated_at"`
	Position           int      `json:"position"`
	Description        *string  `json:"description"`
	Showcase           bool     `json:"showcase"`
	StartDate          *string  `json:"start_date"`
	GroupID            *string  `json:"group_id"`
	PageID             string   `json:"page_id"`
	Group              bool     `json:"group"`
	OnlyShowIfDegraded bool     `json:"only_show_if_degraded"`
	Components         []string `json:"components,omitempty"` // a group's members
}

type spIncident struct {
	ID              string        `json:"id"`
	Name            string        `json:"name"`
	Status          string        `json:"status"`
	CreatedAt       string        `json:"created_at"`
	UpdatedAt       string        `json:"updated_at"`
	MonitoringAt    *string       `json:"monitoring_at"`
	ResolvedAt      *string       `json:"resolved_at"`
	Impact          string        `json:"impact"`
	Shortlink       string        `json:"shortlink"`
	StartedAt       string        `json:"started_at"`
	PageID          string        `json:"page_id"`
	IncidentUpdates []spUpdate    `json:"incident_updates"`
	Components      []spComponent `json:"components"`
	// Scheduled maintenances only.
	ScheduledFor   *string `json:"scheduled_for,omitempty"`
	ScheduledUntil *string `json:"scheduled_until,omitempty"`
}

type spUpdate struct {
	ID                   string  `json:"id"`
	Status               string  `json:"status"`
	Body                 string  `json:"body"`
	IncidentID           string  `json:"incident_id"`
	CreatedAt            string  `json:"created_at"`
	UpdatedAt            string  `json:"updated_at"`
	DisplayAt            string  `json:"display_at"`
	AffectedComponents   *[]any  `json:"affected_components"`
	DeliverNotifications bool    `json:"deliver_notifications"`
	CustomTweet          *string `json:"custom_tweet"`
	TweetID              *string `json:"tweet_id"`
}

type spIndicator struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

type spSummaryDoc struct {
	Page                  spPage        `json:"page"`
	Components            []spComponent `json:"components"`
	Incidents             []spIncident  `json:"incidents"`
	ScheduledMaintenances []spIncident  `json:"scheduled_maintenances"`
	Status                spIndicator   `json:"status"`
}

type spStatusDoc struct {
	Page   spPage      `json:"page"`
	Status spIndicator `json:"status"`
}

type spComponentsDoc struct {
	Page       spPage        `json:"page"`
	Components []spComponent `json:"components"`
}

type spIncidentsDoc struct {
	Page      spPage       `json:"page"`
	Incidents []spIncident `json:"incidents"`
}

type spMaintenancesDoc struct {
	Page                  spPage       `json:"page"`
	ScheduledMaintenances []spIncident `json:"scheduled_maintenances"`
}

// statuspageStatus maps a SPEC section 4 status to Statuspage's component
// vocabulary. Unknown becomes degraded_performance: never green on no data.
func statuspageStatus(s string) string {
	if s == site.StatusUnknown || s == "" {
		return site.StatusDegraded
	}
	return s
}

// Page indicators, best to worst, and what a component status or an
// incident impact raises the page to.
var (
	indicatorRank       = map[string]int{"none": 0, "maintenance": 1, "minor": 2, "major": 3, "critical": 4}
	indicatorOfStatus   = map[string]string{site.StatusOperational: "none", site.StatusMaintenance: "maintenance", site.StatusDegraded: "minor", site.StatusPartial: "major", site.StatusMajor: "critical"}
	indicatorDescriptor = map[string]string{
		"none": "All Systems Operational", "maintenance": "Service Under Maintenance",
		"minor": "Minor Service Outage", "major": "Partial System Outage", "critical": "Major System Outage",
	}
)

// statuspage holds what every document shares.
type builder struct {
	st         *site.Site
	page       spPage
	components []spComponent
	byID       map[string]spComponent
	cache      map[string][2][]spIncident
}

func newBuilder(s *site.Site) *builder {
	sp := &builder{st: s, byID: map[string]spComponent{}, cache: map[string][2][]spIncident{}}
	sp.page = spPage{ID: pageID(s), Name: s.Config.Title, TimeZone: s.Config.Timezone, UpdatedAt: format.RFC3339(s.Now)}
	sp.components = spComponentList(s, sp.page.ID)
	for _, c := range sp.components {
		sp.byID[c.ID] = c
	}
	return sp
}

// pageID names the page: the title as a slug, stable across builds.
func pageID(s *site.Site) string {
	if id := pageSlug(s.Config.Title); id != "" {
		return id
	}
	return "statusgen"
}

// pageSlug lower-cases s and keeps letters and digits, joined by single
// hyphens.
func pageSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

func groupComponentID(id string) string { return "group-" + id }

// spComponents lists the services as components, each group as a group
// component placed before its members, in site.toml order.
func spComponentList(s *site.Site, pageID string) []spComponent {
	var out []spComponent
	done := map[string]bool{}
	comp := func(r *site.ServiceReport, groupID *string) spComponent {
		c := spComponent{
			ID: r.ID, Name: r.Name, Status: statuspageStatus(r.Status),
			CreatedAt: format.RFC3339(s.Now), UpdatedAt: format.RFC3339(s.Now),
			Description: spString(r.Description), Showcase: true, GroupID: groupID, PageID: pageID,
		}
		if snap := r.Snapshot; snap != nil && !snap.FirstTime.IsZero() {
			c.CreatedAt = format.RFC3339(snap.FirstTime)
			d := snap.FirstTime.In(s.Config.Location).Format(time.DateOnly)
			c.StartDate = &d
		}
		return c
	}
	for _, r := range s.Services {
		if done[r.ID] {
			continue
		}
		if r.Group == "" {
			out = append(out, comp(r, nil))
			done[r.ID] = true
			continue
		}
		gid := groupComponentID(r.Group)
		name := r.GroupName
		if name == "" {
			name = r.Group
		}
		g := spComponent{ID: gid, Name: name, Status: site.StatusOperational, UpdatedAt: format.RFC3339(s.Now),
			Showcase: false, PageID: pageID, Group: true, Components: []string{}}
		var members []spComponent
		for _, m := range s.Services {
			if m.Group != r.Group {
				continue
			}
			c := comp(m, &gid)
			members = append(members, c)
			g.Components = append(g.Components, c.ID)
			g.Status = site.WorseStatus(g.Status, c.Status)
			if g.CreatedAt == "" || c.CreatedAt < g.CreatedAt {
				g.CreatedAt = c.CreatedAt
			}
			done[m.ID] = true
		}
		out = append(out, g)
		out = append(out, members...)
	}
	for i := range out {
		out[i].Position = i + 1
	}
	if out == nil {
		out = []spComponent{}
	}
	return out
}

func spString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func spTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := format.RFC3339(t)
	return &v
}

// spIncident converts one incident; from is the path of the document that
// holds it, for relative links.
func (sp *builder) incident(in *incident.Incident, from string) spIncident {
	now := sp.st.Now
	created, updated := in.PublicTimes(now)
	var monitoring time.Time
	var updates []spUpdate
	for i, u := range in.Updates {
		if u.Time.After(now) {
			continue
		}
		if u.Status == "monitoring" && monitoring.IsZero() {
			monitoring = u.Time
		}
		t := format.RFC3339(u.Time)
		updates = append(updates, spUpdate{
			ID: in.Slug + "-" + strconv.Itoa(i+1), Status: u.Status, Body: u.Text, IncidentID: in.Slug,
			CreatedAt: t, UpdatedAt: t, DisplayAt: t,
		})
	}
	// Statuspage lists updates newest first.
	for i, j := 0, len(updates)-1; i < j; i, j = i+1, j-1 {
		updates[i], updates[j] = updates[j], updates[i]
	}
	if updates == nil {
		updates = []spUpdate{}
	}
	resolved := spResolvedAt(in, now)
	out := spIncident{
		ID: in.Slug, Name: in.Title, Status: in.PublicStatus(now),
		CreatedAt: format.RFC3339(created), UpdatedAt: format.RFC3339(updated),
		MonitoringAt: spTime(monitoring), ResolvedAt: spTime(resolved),
		Impact: in.Severity, Shortlink: sp.st.Link(from, "incidents/"+in.Slug+"/"),
		StartedAt: format.RFC3339(in.Started), PageID: sp.page.ID,
		IncidentUpdates: updates, Components: []spComponent{},
	}
	for _, id := range in.Services {
		if c, ok := sp.byID[id]; ok {
			out.Components = append(out.Components, c)
		}
	}
	if in.Maintenance() {
		out.ScheduledFor = spTime(in.Started)
		out.ScheduledUntil = spTime(in.Resolved)
	}
	return out
}

// pageFor returns the page object with its url as seen from the document
// at from.
func (sp *builder) pageFor(from string) spPage {
	p := sp.page
	p.URL = strings.TrimSuffix(sp.st.Link(from, ""), "index.html")
	if p.URL == "" {
		p.URL = "./"
	}
	return p
}

// lists returns, newest first, the incidents (maintenance left out) and
// the maintenances, each converted for the document at from.
func (sp *builder) lists(from string) (incidents, maintenances []spIncident) {
	// Links differ only by the document's depth: convert once per depth.
	key := site.RootOf(from)
	if l, ok := sp.cache[key]; ok {
		return l[0], l[1]
	}
	defer func() { sp.cache[key] = [2][]spIncident{incidents, maintenances} }()
	incidents, maintenances = []spIncident{}, []spIncident{}
	for _, in := range sp.st.Incidents {
		if in.Maintenance() {
			maintenances = append(maintenances, sp.incident(in, from))
		} else {
			incidents = append(incidents, sp.incident(in, from))
		}
	}
	return incidents, sp.withWindows(maintenances, from)
}

func spOpen(ins []spIncident) []spIncident {
	out := []spIncident{}
	for _, in := range ins {
		if in.Status != "resolved" && in.Status != "postmortem" {
			out = append(out, in)
		}
	}
	return out
}

func spNotCompleted(ms []spIncident) []spIncident {
	out := []spIncident{}
	for _, m := range ms {
		if m.Status != "completed" {
			out = append(out, m)
		}
	}
	return out
}

func spWithStatus(ms []spIncident, statuses ...string) []spIncident {
	out := []spIncident{}
	for _, m := range ms {
		if slices.Contains(statuses, m.Status) {
			out = append(out, m)
		}
	}
	return out
}

func spFirst(ins []spIncident) []spIncident {
	if len(ins) > spLimit {
		return ins[:spLimit]
	}
	return ins
}

// indicator is the page's status: the worst of its components and of its
// unresolved incidents and maintenances in progress.
func (sp *builder) indicator(open, maint []spIncident) spIndicator {
	worst := "none"
	raise := func(ind string) {
		if indicatorRank[ind] > indicatorRank[worst] {
			worst = ind
		}
	}
	for _, c := range sp.components {
		if !c.Group {
			raise(indicatorOfStatus[c.Status])
		}
	}
	for _, in := range open {
		raise(in.Impact)
	}
	for _, m := range maint {
		if m.Status == "in_progress" || m.Status == "verifying" {
			raise("maintenance")
		}
	}
	desc := indicatorDescriptor[worst]
	if sp.st.Status == site.StatusUnknown && worst == "minor" {
		desc = "Status Unknown: No Recent Data"
	}
	return spIndicator{Indicator: worst, Description: desc}
}

// Documents renders the Statuspage v2 documents, keyed by their path
// in public/.
func Documents(s *site.Site) (map[string][]byte, error) {
	sp := newBuilder(s)
	out := map[string][]byte{}
	add := func(p string, doc any) error {
		b, err := format.JSON(doc)
		out[p] = b
		return err
	}
	docs := []struct {
		path string
		doc  func(from string) any
	}{
		{spSummary, func(from string) any {
			ins, ms := sp.lists(from)
			open, active := spOpen(ins), spNotCompleted(ms)
			return spSummaryDoc{Page: sp.pageFor(from), Components: sp.components, Incidents: open,
				ScheduledMaintenances: active, Status: sp.indicator(open, ms)}
		}},
		{spStatus, func(from string) any {
			ins, ms := sp.lists(from)
			return spStatusDoc{Page: sp.pageFor(from), Status: sp.indicator(spOpen(ins), ms)}
		}},
		{spComponents, func(from string) any {
			return spComponentsDoc{Page: sp.pageFor(from), Components: sp.components}
		}},
		{spIncidents, func(from string) any {
			ins, _ := sp.lists(from)
			return spIncidentsDoc{Page: sp.pageFor(from), Incidents: spFirst(ins)}
		}},
		{spUnresolved, func(from string) any {
			ins, _ := sp.lists(from)
			return spIncidentsDoc{Page: sp.pageFor(from), Incidents: spOpen(ins)}
		}},
		{spMaintenance, func(from string) any {
			_, ms := sp.lists(from)
			return spMaintenancesDoc{Page: sp.pageFor(from), ScheduledMaintenances: spFirst(ms)}
		}},
		{spUpcomingPath, func(from string) any {
			_, ms := sp.lists(from)
			return spMaintenancesDoc{Page: sp.pageFor(from), ScheduledMaintenances: spWithStatus(ms, "scheduled")}
		}},
		{spActivePath, func(from string) any {
			_, ms := sp.lists(from)
			return spMaintenancesDoc{Page: sp.pageFor(from), ScheduledMaintenances: spWithStatus(ms, "in_progress", "verifying")}
		}},
	}
	for _, d := range docs {
		if err := add(d.path, d.doc(d.path)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// spResolvedAt is when the incident or maintenance ended by now; zero
// while it has not.
func spResolvedAt(in *incident.Incident, now time.Time) time.Time {
	if in.Resolved.IsZero() || in.Resolved.After(now) {
		return time.Time{}
	}
	return in.Resolved
}
