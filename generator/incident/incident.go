// Package incident reads incidents/*.md: front matter in TOML, YAML or
// cState form, lifecycle, lint of postmortems and `statusgen new incident`.
package incident

import (
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"time"
)

// Severities of SPEC section 5, least to most severe; maintenance is
// planned work, not a failure.
const (
	SeverityMinor       = "minor"
	SeverityMajor       = "major"
	SeverityCritical    = "critical"
	SeverityMaintenance = "maintenance"
)

// Incident is one incident report or postmortem from incidents/.
type Incident struct {
	Slug     string // the file name without .md; the page is incidents/<slug>/
	Path     string // relative to the site folder
	Title    string
	Services []string // ids of the services it affects
	// Unmatched lists affected names that match no service; they are shown
	// as plain text.
	Unmatched []string
	Severity  string
	Started   time.Time
	Detected  time.Time // zero when absent
	Contained time.Time
	Resolved  time.Time // zero while ongoing
	Owner     string
	Draft     bool
	Updates   []Update
	Actions   []Action
	Body      template.HTML
	// Headings are the body's headings (any level, text only), for the
	// postmortem lint.
	Headings []string
	// BodyLine is the file line the body starts on, where the lint points
	// when a recommended section is missing.
	BodyLine int
	// CState is set when the file uses cState's front matter (date,
	// resolvedWhen, affected, down|disrupted|notice).
	CState bool
	// Informational is cState's informational flag: a notice rather than a
	// failure. It is published as a minor incident.
	Informational bool
}

// Update is one entry of the public timeline.
type Update struct {
	Time   time.Time
	Status string
	Text   string
	Line   int // file line of the update, for diagnostics
}

// Action is an action item from the postmortem's lessons learned.
type Action struct {
	Text  string
	Owner string
	Due   time.Time // a date; zero when absent
	Issue string    // "owner/repo#N" or a URL
	Done  bool
	Line  int // file line of the action, for diagnostics
	// State is the issue's live state, "open" or "closed", when the build
	// could ask GitHub (statusgen github); "" when unknown.
	State string
	// StateSource says where Done comes from: "github" when the live
	// state set it, "" for the front matter's done.
	StateSource string
}

// Ongoing reports whether the incident has not been resolved by now.
func (in *Incident) Ongoing(now time.Time) bool {
	return !in.Started.After(now) && (in.Resolved.IsZero() || in.Resolved.After(now))
}

// Maintenance reports whether this is planned maintenance.
func (in *Incident) Maintenance() bool { return in.Severity == SeverityMaintenance }

// Affects reports whether the incident affects the service.
func (in *Incident) Affects(id string) bool {
	for _, s := range in.Services {
		if s == id {
			return true
		}
	}
	return false
}

// Incident states, as State reports them.
const (
	StateUpcoming   = "upcoming"    // maintenance not yet begun
	StateInProgress = "in_progress" // maintenance under way
	StateCompleted  = "completed"   // maintenance over
	StateOngoing    = "ongoing"     // an incident not yet resolved
	StateResolved   = "resolved"    // an incident over
)

// State says where the incident stands at now: maintenance is upcoming,
// in progress or completed; an incident is ongoing or resolved (an
// incident dated in the future counts as upcoming).
func (in *Incident) State(now time.Time) string {
	switch {
	case in.Started.After(now):
		return StateUpcoming
	case in.Maintenance() && in.Ongoing(now):
		return StateInProgress
	case in.Maintenance():
		return StateCompleted
	case in.Ongoing(now):
		return StateOngoing
	}
	return StateResolved
}

// TimeToDetect is detected − started; nil when detected is not set.
func (in *Incident) TimeToDetect() *time.Duration { return since(in.Started, in.Detected) }

// TimeToContain is contained − started; nil when contained is not set.
func (in *Incident) TimeToContain() *time.Duration { return since(in.Started, in.Contained) }

// TimeToResolve is resolved − started; nil while ongoing.
func (in *Incident) TimeToResolve() *time.Duration { return since(in.Started, in.Resolved) }

func since(a, b time.Time) *time.Duration {
	if a.IsZero() || b.IsZero() {
		return nil
	}
	d := b.Sub(a)
	return &d
}

// Duration is how long the impact lasted, up to now while ongoing; zero
// before it starts.
func (in *Incident) Duration(now time.Time) time.Duration {
	end := in.Resolved
	if end.IsZero() || end.After(now) {
		end = now
	}
	if end.Before(in.Started) {
		return 0
	}
	return end.Sub(in.Started)
}

// OpenActions counts the action items not done.
func (in *Incident) OpenActions() int {
	n := 0
	for _, a := range in.Actions {
		if !a.Done {
			n++
		}
	}
	return n
}

// Overdue reports whether an open action's due date has passed: it is due
// by the end of its day in the site's time zone.
func (a Action) Overdue(now time.Time) bool {
	return !a.Done && !a.Due.IsZero() && !now.Before(a.Due.AddDate(0, 0, 1))
}

// Phase is one step of the incident lifecycle (preparation,
// identification, containment, eradication, recovery, lessons learned)
// as the timestamps of the report place it.
type Phase struct {
	Name string
	// From and To bound the phase; zero when the report does not say.
	From, To time.Time
	// Duration is To − From when both are known.
	Duration *time.Duration
	// Note says what marks the phase, or what is missing.
	Note string
	// Reached is false for phases the incident has not got to yet.
	Reached bool
	// Unrecorded is set when the report has no timestamp that marks the
	// phase (no contained time for containment, for instance).
	Unrecorded bool
}

// Lifecycle lays the incident's timestamps on the six phases of incident
// response: preparation (before impact), identification (started →
// detected), containment (detected → contained), eradication (contained →
// resolved), recovery (resolved) and lessons learned (the action items).
func (in *Incident) Lifecycle(now time.Time) []Phase {
	det, con, res := in.Detected, in.Contained, in.Resolved
	if !res.IsZero() && res.After(now) {
		res = time.Time{}
	}
	ph := []Phase{{Name: "Preparation", To: in.Started, Reached: true, Note: "runbooks, alerts and on-call in place before impact"}}
	idn := Phase{Name: "Identification", From: in.Started, To: det, Reached: !in.Started.After(now), Note: "impact began; ends when the team knew"}
	if det.IsZero() {
		idn.Note = "impact began; the report does not say when it was detected"
	}
	ctn := Phase{Name: "Containment", From: det, To: con, Reached: !con.IsZero() || !det.IsZero(), Note: "impact stopped growing"}
	if con.IsZero() {
		ctn.Note = "the report does not say when impact was contained"
		ctn.Reached = !det.IsZero() || !res.IsZero()
		ctn.Unrecorded = true
	}
	erFrom := con
	if erFrom.IsZero() {
		erFrom = det
	}
	era := Phase{Name: "Eradication", From: erFrom, To: res, Reached: !con.IsZero() || !res.IsZero(), Note: "the cause removed"}
	if res.IsZero() {
		// Ongoing: the cause is not removed yet; the phase runs from
		// containment, if recorded, with no end.
		era.Note = "the cause not removed yet"
		if con.IsZero() {
			era.From = time.Time{}
		}
	}
	rec := Phase{Name: "Recovery", From: res, Reached: !res.IsZero(), Note: "service restored"}
	if res.IsZero() {
		rec.Note = "not yet resolved"
	}
	done := len(in.Actions) - in.OpenActions()
	les := Phase{Name: "Lessons learned", Reached: !res.IsZero(), Note: fmt.Sprintf("%d of %d action items done", done, len(in.Actions))}
	if len(in.Actions) == 0 {
		les.Note = "no action items recorded"
	}
	ph = append(ph, idn, ctn, era, rec, les)
	for i := range ph {
		ph[i].Duration = since(ph[i].From, ph[i].To)
		if ph[i].Duration != nil && *ph[i].Duration < 0 {
			ph[i].Duration = nil
		}
	}
	return ph
}

// parseDirtyTime reads the forms real incident files hold. dateOnly is set
// for a date without a time of day, read as midnight in loc.
func parseDirtyTime(s string, loc *time.Location) (t time.Time, note string, dateOnly bool, err error) {
	s = strings.TrimSpace(s)
	if timeOfDayRE.MatchString(s) {
		return time.Time{}, "", false, errTimeOfDay(s)
	}
	var notes []string
	norm := s
	if len(norm) > 10 && (norm[10] == ' ' || norm[10] == 't') {
		norm = norm[:10] + "T" + norm[11:]
		notes = append(notes, "a space instead of T")
	}
	// Pad a single-digit hour: 2026-11-03T9:12 → 2026-11-03T09:12 (Go's
	// parser would take it silently; the file should be fixed).
	if len(norm) > 12 && norm[10] == 'T' && norm[12] == ':' {
		norm = norm[:11] + "0" + norm[11:]
		notes = append(notes, "a single-digit hour")
	}
	if len(notes) == 0 {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t, "", false, nil
		}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05 -0700", "2006-01-02T15:04:05 MST"} {
		if t, err := time.Parse(layout, norm); err == nil {
			return t, dirtyNote(notes), false, nil
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, norm, loc); err == nil {
			if layout == "2006-01-02" {
				return t, dirtyNote(notes), true, nil
			}
			notes = append(notes, fmt.Sprintf("no time zone (read in %s)", loc))
			return t, dirtyNote(notes), false, nil
		}
	}
	return time.Time{}, "", false, fmt.Errorf("cannot read %q as a time; write RFC 3339 such as 2026-11-03T09:12:00Z", s)
}

// timeOfDayRE matches a time of day written without a date: 10:00,
// 10:00:00, 10:00:00.5.
var timeOfDayRE = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$`)

func errTimeOfDay(s string) error {
	return fmt.Errorf("%s is a time of day without a date; write the date too, such as 2026-11-03T%sZ", s, s)
}

// Times in front matter must fall in [1970, 2200): anything else is a
// typo (or a time of day read as year 0) that would put an incident
// centuries away or keep it open forever.
var (
	earliestIncidentTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	latestIncidentTime   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

func dirtyNote(notes []string) string {
	if len(notes) == 0 {
		return ""
	}
	return "time written with " + strings.Join(notes, ", ") + "; prefer RFC 3339 such as 2026-11-03T09:12:00Z"
}

// UpdatesAt returns the updates published by now, newest first, as every
// page, the feed and the Statuspage JSON list them.
func (in *Incident) UpdatesAt(now time.Time) []Update {
	var out []Update
	for i := len(in.Updates) - 1; i >= 0; i-- {
		if !in.Updates[i].Time.After(now) {
			out = append(out, in.Updates[i])
		}
	}
	return out
}

// PublicTimes returns when an incident was first made public (its first
// update, or its start) and when it last changed by now (its newest
// update or its resolution). A maintenance announced without updates
// carries its planned start.
func (in *Incident) PublicTimes(now time.Time) (created, updated time.Time) {
	created = in.Started
	if len(in.Updates) > 0 && in.Updates[0].Time.Before(created) {
		created = in.Updates[0].Time
	}
	updated = created
	for _, u := range in.Updates {
		if !u.Time.After(now) && u.Time.After(updated) {
			updated = u.Time
		}
	}
	if r := in.Resolved; !r.IsZero() && !r.After(now) && r.After(updated) {
		updated = r
	}
	return created, updated
}

// PublicStatus is the status an incident's readers are told at now, in
// Statuspage's words (the feed and the Statuspage JSON share it), in step
// with Incident.State so the JSON and the pages agree. An incident is
// resolved once its resolved time has passed; before that it has its
// newest update's status (investigating when it has none, monitoring when
// an update says resolved but the file has no resolved time yet).
// Maintenance is scheduled before its window, in_progress (or verifying,
// when the newest update says so) during it, completed after.
func (in *Incident) PublicStatus(now time.Time) string {
	latest := ""
	for _, u := range in.Updates {
		if !u.Time.After(now) {
			latest = u.Status
		}
	}
	switch in.State(now) {
	case StateResolved:
		return "resolved"
	case StateCompleted:
		return "completed"
	case StateInProgress:
		if latest == "verifying" {
			return "verifying"
		}
		return "in_progress"
	}
	if in.Maintenance() {
		return "scheduled"
	}
	switch latest {
	case "identified", "monitoring":
		return latest
	case "resolved":
		return "monitoring"
	}
	return "investigating"
}
