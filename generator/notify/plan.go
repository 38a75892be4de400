// Package notify is `statusgen notify`: it compares the alerts firing and
// the incidents published at now with what each channel was last told
// (the state file), and sends only the transitions, through Slack, Google
// Chat, a signed JSON webhook or e-mail (docs/notify.md).
package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/slo"
)

// Kinds of event.
const (
	KindFired              = "alert_fired"
	KindRepeat             = "alert_firing" // still firing, after the repeat interval
	KindResolved           = "alert_resolved"
	KindIncidentOpened     = "incident_opened"
	KindIncidentUpdated    = "incident_updated"
	KindIncidentResolved   = "incident_resolved"
	KindMaintenanceStarted = "maintenance_started"
)

// Event is one message: a transition of an alert, an incident or a
// maintenance, with everything a reader needs to act on it.
type Event struct {
	ID       string    `json:"id"`   // stable within a run; receivers may drop repeats
	Kind     string    `json:"kind"` // one of the Kind constants
	Key      string    `json:"key"`  // what it is about: "alert:svc/slo/page:1h/5m", "incident:slug"
	Time     time.Time `json:"time"` // the run's now
	Severity string    `json:"severity"`
	Title    string    `json:"title"` // one line
	// Service and SLO (SLO empty for stale data and incidents).
	Service     string `json:"service,omitempty"`
	ServiceName string `json:"service_name,omitempty"`
	SLO         string `json:"slo,omitempty"`
	SLOName     string `json:"slo_name,omitempty"`
	Rule        string `json:"rule,omitempty"` // the alert rule in words
	// Text is the incident's newest public update.
	Text    string  `json:"text,omitempty"`
	Figures []Field `json:"figures"`
	Owner   string  `json:"owner,omitempty"`
	Runbook string  `json:"runbook,omitempty"`
	Link    string  `json:"link,omitempty"` // the page on the site
}

// Field is one named figure of a message ("SLI", "99.12%").
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Delivery is an event for one channel, and what the channel's state
// becomes once it is sent.
type Delivery struct {
	Channel string
	Event   Event
	apply   func(*ChannelState)
}

// Plan compares the site at its now with the state and returns what to
// send, channel by channel in [[channel]] order, each channel's events in
// a stable order. Things that need no message (an old resolved incident
// seen for the first time) are recorded in st directly.
func Plan(s *site.Site, st *State) []Delivery {
	cfg := s.Config
	p := &planner{site: s, st: st, out: map[string][]Delivery{}}
	for id := range st.Channels {
		if cfg.Channel(id) == nil {
			delete(st.Channels, id) // the channel is gone from site.toml
		}
	}
	for _, ch := range cfg.Channels {
		if st.Channels[ch.ID] == nil {
			st.Channels[ch.ID] = newChannelState()
			p.fresh = append(p.fresh, ch.ID)
		}
	}
	p.alerts()
	p.incidents()
	var out []Delivery
	for _, ch := range cfg.Channels {
		ds := p.out[ch.ID]
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].Event.Key < ds[j].Event.Key })
		out = append(out, ds...)
	}
	return out
}

type planner struct {
	site  *site.Site
	st    *State
	fresh []string // channels without state before this run
	out   map[string][]Delivery
}

func (p *planner) add(ch string, ev Event, apply func(*ChannelState)) {
	ev.Time = p.site.Now
	sum := sha256.Sum256([]byte(ch + "\x00" + ev.Key + "\x00" + ev.Kind + "\x00" + format.RFC3339(ev.Time)))
	ev.ID = hex.EncodeToString(sum[:16])
	p.out[ch] = append(p.out[ch], Delivery{Channel: ch, Event: ev, apply: apply})
}

// inMaintenance reports whether a maintenance of the service is under way.
func inMaintenance(rep *site.ServiceReport, now time.Time) bool {
	for _, in := range rep.Open {
		if in.Maintenance() && in.Ongoing(now) {
			return true
		}
	}
	return false
}

// firing is one alert firing now.
type firing struct {
	rep   *site.ServiceReport
	slo   *site.SLOReport // nil for stale data
	alert slo.Alert
}

func alertKey(svc, sloID, name string) string { return "alert:" + svc + "/" + sloID + "/" + name }

func (p *planner) alerts() {
	cfg, now := p.site.Config, p.site.Now
	firingNow := map[string]map[string]bool{} // channel → keys firing and routed there
	for _, rep := range p.site.Services {
		var fs []firing
		if a := rep.StaleAlert; a != nil && a.Firing {
			fs = append(fs, firing{rep, nil, *a})
		}
		for _, r := range rep.SLOs {
			for _, a := range r.Alerts {
				if a.Firing {
					fs = append(fs, firing{rep, r, a})
				}
			}
		}
		silenced := inMaintenance(rep, now)
		for _, f := range fs {
			sloID := "-"
			if f.slo != nil {
				sloID = f.slo.ID
			}
			key := alertKey(rep.ID, sloID, f.alert.Name())
			for _, ch := range cfg.ChannelsFor(rep.Service, f.alert.Severity) {
				if firingNow[ch] == nil {
					firingNow[ch] = map[string]bool{}
				}
				firingNow[ch][key] = true
				cs := p.st.Channels[ch]
				prev, seen := cs.Alerts[key]
				if silenced {
					continue // told after the maintenance, if it still fires
				}
				ev := p.alertEvent(f, key)
				switch {
				case !seen:
					ev.Kind = KindFired
					ev.Title = fmt.Sprintf("[%s] %s: %s", strings.ToUpper(f.alert.Severity), what(f), f.alert.Rule)
					as := AlertState{Since: now, LastSent: now, Severity: ev.Severity, ServiceName: ev.ServiceName, SLOName: ev.SLOName, Rule: ev.Rule}
					p.add(ch, ev, func(cs *ChannelState) { cs.Alerts[key] = as })
				case now.Sub(prev.LastSent) >= cfg.Notify.RepeatDur:
					ev.Kind = KindRepeat
					ev.Title = fmt.Sprintf("[%s] still firing since %s: %s: %s", strings.ToUpper(f.alert.Severity),
						format.DateTime(prev.Since, cfg.Location), what(f), f.alert.Rule)
					p.add(ch, ev, func(cs *ChannelState) {
						a := cs.Alerts[key]
						a.LastSent = now
						cs.Alerts[key] = a
					})
				}
			}
		}
	}
	// Resolved: told before, not firing (or no longer routed there) now.
	for _, ch := range cfg.Channels {
		cs := p.st.Channels[ch.ID]
		for _, key := range sortedKeys(cs.Alerts) {
			if firingNow[ch.ID][key] {
				continue
			}
			prev := cs.Alerts[key]
			svc, sloID := splitAlertKey(key)
			ev := Event{Kind: KindResolved, Key: key, Severity: prev.Severity, Service: svc, ServiceName: prev.ServiceName,
				SLOName: prev.SLOName, Rule: prev.Rule}
			if sloID != "-" {
				ev.SLO = sloID
			}
			ev.Title = fmt.Sprintf("[RESOLVED] %s: %s (firing since %s)", whatNames(prev.ServiceName, prev.SLOName), prev.Rule,
				format.DateTime(prev.Since, cfg.Location))
			ev.Figures = []Field{{"Firing for", format.Duration(now.Sub(prev.Since))}}
			if rep := p.service(svc); rep != nil {
				p.describeService(&ev, rep)
				if r := findSLO(rep, sloID); r != nil {
					ev.Figures = append(ev.Figures, sloFigures(r)...)
				}
			}
			k := key
			p.add(ch.ID, ev, func(cs *ChannelState) { delete(cs.Alerts, k) })
		}
	}
}

func (p *planner) service(id string) *site.ServiceReport {
	for _, rep := range p.site.Services {
		if rep.ID == id {
			return rep
		}
	}
	return nil
}

func findSLO(rep *site.ServiceReport, id string) *site.SLOReport {
	for _, r := range rep.SLOs {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func splitAlertKey(key string) (svc, sloID string) {
	parts := strings.SplitN(strings.TrimPrefix(key, "alert:"), "/", 3)
	if len(parts) < 2 {
		return parts[0], "-"
	}
	return parts[0], parts[1]
}

func what(f firing) string {
	if f.slo == nil {
		return f.rep.Name + " data is stale"
	}
	return whatNames(f.rep.Name, f.slo.Name)
}

func whatNames(service, sloName string) string {
	if sloName == "" {
		return service + " data is stale"
	}
	return service + " / " + sloName
}

func (p *planner) describeService(ev *Event, rep *site.ServiceReport) {
	ev.Service, ev.ServiceName = rep.ID, rep.Name
	ev.Owner, ev.Runbook = rep.Owner, rep.Runbook
	ev.Link = p.site.Link("", "services/"+rep.ID+"/")
}

func (p *planner) alertEvent(f firing, key string) Event {
	cfg := p.site.Config
	ev := Event{Key: key, Severity: f.alert.Severity, Rule: f.alert.Rule}
	p.describeService(&ev, f.rep)
	if f.slo == nil {
		ev.Figures = []Field{{"Newest data", lastData(f.rep, cfg)}, {"Stale after", format.Duration(f.rep.StaleAfter)}}
		return ev
	}
	ev.SLO, ev.SLOName = f.slo.ID, f.slo.Name
	switch f.alert.Kind {
	case slo.KindBurnRate:
		ev.Figures = append(ev.Figures,
			Field{"Burn rate " + f.alert.Long, format.Rate(f.alert.LongRate)},
			Field{"Burn rate " + f.alert.Short, format.Rate(f.alert.ShortRate)},
			Field{"Threshold", format.Decimal(f.alert.Threshold) + "×"})
	case slo.KindRuns:
		v := fmt.Sprintf("%d of the last %d", f.alert.Failed, f.alert.OfLast)
		if n := len(f.slo.Runs); n > 0 {
			v += " (newest at " + format.DateTime(f.slo.Runs[n-1].Time, cfg.Location) + ")"
		}
		ev.Figures = append(ev.Figures, Field{"Failed runs", v})
	}
	ev.Figures = append(ev.Figures, sloFigures(f.slo)...)
	return ev
}

func lastData(rep *site.ServiceReport, cfg *config.Config) string {
	if rep.LastData.IsZero() {
		return "none"
	}
	return format.DateTime(rep.LastData, cfg.Location)
}

// sloFigures are an SLO's headline figures.
func sloFigures(r *site.SLOReport) []Field {
	return []Field{
		{"SLI", format.Pct(r.SLI) + " over " + r.WindowSpec.Text},
		{"Objective", format.Objective(r.Objective)},
		{"Error budget left", format.Pct(r.Remaining)},
		{"State", format.StateText(r.State)},
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// resolvedQuietAfter: an incident first seen already resolved longer ago
// than this is recorded without a message (a backfilled postmortem).
const resolvedQuietAfter = 7 * 24 * time.Hour

func (p *planner) incidents() {
	cfg, now := p.site.Config, p.site.Now
	present := map[string]bool{}
	for _, in := range p.site.Incidents {
		present[in.Slug] = true
		chans := p.incidentChannels(in)
		if in.Maintenance() {
			if in.State(now) != incident.StateInProgress {
				continue
			}
			for _, ch := range chans {
				if p.st.Channels[ch].Maintenance[in.Slug] != "" {
					continue
				}
				ev := p.incidentEvent(in, KindMaintenanceStarted)
				ev.Title = fmt.Sprintf("[MAINTENANCE] %s: started, until %s", in.Title, format.DateTime(in.Resolved, cfg.Location))
				slug := in.Slug
				p.add(ch, ev, func(cs *ChannelState) { cs.Maintenance[slug] = "started" })
			}
			continue
		}
		if in.Started.After(now) {
			continue
		}
		status := in.PublicStatus(now)
		updates := 0
		for _, u := range in.Updates {
			if !u.Time.After(now) {
				updates++
			}
		}
		resolved := status == "resolved"
		is := IncidentState{Status: status, Updates: updates, Resolved: resolved}
		for _, ch := range chans {
			cs := p.st.Channels[ch]
			prev, seen := cs.Incidents[in.Slug]
			kind := ""
			switch {
			case !seen && resolved && (p.isFresh(ch) || now.Sub(in.Resolved) > resolvedQuietAfter):
				cs.Incidents[in.Slug] = is // history, not news
			case !seen && resolved:
				kind = KindIncidentResolved
			case !seen:
				kind = KindIncidentOpened
			case resolved && !prev.Resolved:
				kind = KindIncidentResolved
			case !resolved && (prev.Status != status || prev.Updates != updates || prev.Resolved):
				kind = KindIncidentUpdated
			}
			if kind == "" {
				continue
			}
			ev := p.incidentEvent(in, kind)
			word := map[string]string{KindIncidentOpened: "NEW INCIDENT", KindIncidentUpdated: "UPDATE", KindIncidentResolved: "RESOLVED"}[kind]
			ev.Title = fmt.Sprintf("[%s] %s (%s, %s)", word, in.Title, in.Severity, status)
			slug := in.Slug
			p.add(ch, ev, func(cs *ChannelState) { cs.Incidents[slug] = is })
		}
	}
	// Forget incidents whose files are gone.
	for _, cs := range p.st.Channels {
		for slug := range cs.Incidents {
			if !present[slug] {
				delete(cs.Incidents, slug)
			}
		}
		for slug := range cs.Maintenance {
			if !present[slug] {
				delete(cs.Maintenance, slug)
			}
		}
	}
}

func (p *planner) isFresh(ch string) bool {
	for _, f := range p.fresh {
		if f == ch {
			return true
		}
	}
	return false
}

// incidentChannels are the channels routed for any service the incident
// affects, at the incident's severity (config.IncidentSeverity).
func (p *planner) incidentChannels(in *incident.Incident) []string {
	cfg := p.site.Config
	want := map[string]bool{}
	for _, id := range in.Services {
		if svc := cfg.Service(id); svc != nil {
			for _, ch := range cfg.ChannelsFor(svc, config.IncidentSeverity(in.Severity)) {
				want[ch] = true
			}
		}
	}
	var out []string
	for _, ch := range cfg.Channels {
		if want[ch.ID] {
			out = append(out, ch.ID)
		}
	}
	return out
}

func (p *planner) incidentEvent(in *incident.Incident, kind string) Event {
	cfg, now := p.site.Config, p.site.Now
	ev := Event{Kind: kind, Key: "incident:" + in.Slug, Severity: config.IncidentSeverity(in.Severity),
		Owner: in.Owner, Link: p.site.Link("", "incidents/"+in.Slug+"/")}
	if in.Maintenance() {
		ev.Key = "maintenance:" + in.Slug
	}
	var names []string
	for _, id := range in.Services {
		names = append(names, p.site.ServiceName(id))
		if svc := cfg.Service(id); svc != nil {
			if ev.Service == "" {
				ev.Service, ev.ServiceName = svc.ID, svc.Name
				ev.Runbook = svc.Runbook
				if ev.Owner == "" {
					ev.Owner = svc.Owner
				}
			}
		}
	}
	for _, u := range in.Updates {
		if !u.Time.After(now) {
			ev.Text = u.Text
		}
	}
	ev.Figures = []Field{
		{"Services", strings.Join(names, ", ")},
		{"Severity", in.Severity},
		{"Status", in.PublicStatus(now)},
		{"Started", format.DateTime(in.Started, cfg.Location)},
	}
	if !in.Resolved.IsZero() && !in.Resolved.After(now) {
		ev.Figures = append(ev.Figures, Field{"Resolved", format.DateTime(in.Resolved, cfg.Location)},
			Field{"Duration", format.Duration(in.Resolved.Sub(in.Started))})
	} else if in.Maintenance() && !in.Resolved.IsZero() {
		ev.Figures = append(ev.Figures, Field{"Until", format.DateTime(in.Resolved, cfg.Location)})
	}
	return ev
}
