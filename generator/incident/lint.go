package incident

import (
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
)

// PostmortemSections are the sections a postmortem of a resolved major or
// critical incident should have (SPEC section 5), each with the heading
// texts that count for it. A heading counts when, lower-cased and without a
// leading number or trailing colon, it starts with one of them.
var PostmortemSections = []struct {
	Name     string
	Headings []string
}{
	{"Summary", []string{"summary", "overview", "executive summary", "tl;dr"}},
	{"Impact", []string{"impact", "customer impact", "user impact"}},
	{"Timeline", []string{"timeline", "chronology"}},
	{"Root cause", []string{"root cause", "cause", "contributing factors", "what went wrong"}},
	{"Resolution", []string{"resolution", "recovery", "remediation", "mitigation", "fix"}},
	{"Action items", []string{"action items", "actions", "follow-up", "follow up", "corrective actions", "next steps"}},
	{"Lessons learned", []string{"lessons learned", "lessons", "learnings", "what went well", "takeaways"}},
}

// PostmortemGrace is how long after an incident is resolved its postmortem
// may still be incomplete before check warns.
const PostmortemGrace = 5 * 24 * time.Hour

// Lint checks the postmortems of a loaded site, its published incidents
// and its drafts, at now in the site's time zone loc, and returns warnings: missing recommended sections for resolved
// major and critical incidents resolved more than five days ago, action
// items without an owner or a due date, and overdue action items.
func Lint(incidents, drafts []*Incident, loc *time.Location, now time.Time) diag.Diagnostics {
	var ds diag.Diagnostics
	all := append(append([]*Incident{}, incidents...), drafts...)
	Sort(all)
	for _, in := range all {
		lintSections(now, in, &ds)
		for _, a := range in.Actions {
			if a.Done {
				continue
			}
			what := strings.TrimSpace(a.Text)
			if r := []rune(what); len(r) > 60 {
				what = string(r[:57]) + "..."
			}
			if a.Owner == "" {
				ds.Warnf(in.Path, a.Line, 0, "action item %q has no owner; add owner = \"Team name\" so someone answers for it", what)
			}
			if a.Due.IsZero() {
				ds.Warnf(in.Path, a.Line, 0, "action item %q has no due date; add due = %s", what, now.In(loc).AddDate(0, 0, 30).Format("2006-01-02"))
			} else if a.Overdue(now) {
				ds.Warnf(in.Path, a.Line, 0, "action item %q is overdue (due %s); finish it and set done = true, or agree a new due date",
					what, a.Due.Format("2006-01-02"))
			}
		}
	}
	return ds
}

func lintSections(now time.Time, in *Incident, ds *diag.Diagnostics) {
	if in.Severity != SeverityMajor && in.Severity != SeverityCritical {
		return
	}
	if in.Resolved.IsZero() || now.Sub(in.Resolved) <= PostmortemGrace {
		return
	}
	var missing []string
	for _, sec := range PostmortemSections {
		if sec.Name == "Action items" && len(in.Actions) > 0 {
			continue // the [[actions]] of the front matter are the section
		}
		if !hasSection(in.Headings, sec.Headings) {
			missing = append(missing, sec.Name)
		}
	}
	line := in.BodyLine
	if line == 0 {
		line = 1
	}
	for _, m := range missing {
		ds.Warnf(in.Path, line, 0, "postmortem has no %q section; add \"## %s\" (recommended for %s incidents resolved more than 5 days ago)", m, m, in.Severity)
	}
}

// HasPostmortem reports whether the body has every postmortem section
// (the front matter's [[actions]] count for "Action items"), so no page
// says a postmortem is still due.
func (in *Incident) HasPostmortem() bool {
	for _, sec := range PostmortemSections {
		if sec.Name == "Action items" && len(in.Actions) > 0 {
			continue
		}
		if !hasSection(in.Headings, sec.Headings) {
			return false
		}
	}
	return true
}

// hasSection reports whether any heading names the section.
func hasSection(headings, names []string) bool {
	for _, h := range headings {
		h = strings.ToLower(strings.TrimSpace(h))
		h = strings.TrimLeft(h, "0123456789.) ")
		h = strings.TrimRight(h, ": ")
		for _, n := range names {
			if strings.HasPrefix(h, n) {
				return true
			}
		}
	}
	return false
}
