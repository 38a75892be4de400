package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/slo"
)

// Span is how far back `statusgen report` lists incidents: the
// last 28 days ending at now, the default SLO window, so the incidents
// shown are the ones that spent the budgets shown. Ongoing incidents are
// listed whenever they started.
const Span = 28 * 24 * time.Hour

// Report is the SLO report of `statusgen report`: every SLO's headline
// figures at now and the incidents of the period. It is computed from a
// loaded Site and renders as Markdown (for $GITHUB_STEP_SUMMARY) or JSON.
type Report struct {
	Site        *site.Site
	PeriodStart time.Time
	PeriodEnd   time.Time
	SLOs        []Line
	Incidents   []*incident.Incident // overlapping the period or ongoing, newest first
}

// Line is one SLO's line of the report.
type Line struct {
	Service *site.ServiceReport
	*site.SLOReport
	Firing []slo.Alert
}

// New gathers the report of a site at its Now.
func New(s *site.Site) *Report {
	r := &Report{Site: s, PeriodStart: s.Now.Add(-Span), PeriodEnd: s.Now}
	for _, svc := range s.Services {
		for _, o := range svc.SLOs {
			line := Line{Service: svc, SLOReport: o}
			for _, a := range o.Alerts {
				if a.Firing {
					line.Firing = append(line.Firing, a)
				}
			}
			r.SLOs = append(r.SLOs, line)
		}
	}
	for _, in := range s.Incidents {
		if in.Started.After(s.Now) {
			continue // upcoming maintenance
		}
		if in.Ongoing(s.Now) || in.Resolved.After(r.PeriodStart) {
			r.Incidents = append(r.Incidents, in)
		}
	}
	return r
}

// stateMark puts a symbol before an SLO state so a summary reads at a
// glance; the state's words follow it.
var stateMark = map[string]string{
	slo.StateOK: "✅", slo.StateWarning: "⚠️", slo.StateBreached: "❌", slo.StateNoData: "❔",
}

// Markdown writes the report as GitHub-flavoured Markdown. Links go to
// the site when base_url is set.
func (r *Report) Markdown(w io.Writer) error {
	s := r.Site
	loc := s.Config.Location
	var b bytes.Buffer
	title := s.Config.Title
	if title == "" {
		title = "Status"
	}
	fmt.Fprintf(&b, "# %s: SLO report\n\n", mdText(title))
	fmt.Fprintf(&b, "Computed at %s. Overall status: **%s**.\n\n", format.DateTime(s.Now, loc), mdText(site.StatusText(s.Status)))
	counts := map[string]int{}
	for _, o := range r.SLOs {
		counts[o.State]++
	}
	fmt.Fprintf(&b, "%s: %d ok, %d at risk, %d missed, %d without enough data.\n\n",
		diag.CountOf(len(r.SLOs), "SLO", "SLOs"), counts[slo.StateOK], counts[slo.StateWarning], counts[slo.StateBreached], counts[slo.StateNoData])
	if len(r.SLOs) > 0 {
		b.WriteString("| Service | SLO | SLI | Objective | Budget remaining | State | Firing alerts |\n")
		b.WriteString("|---|---|--:|--:|--:|---|---|\n")
		for _, o := range r.SLOs {
			fmt.Fprintf(&b, "| %s | %s (%s, %s) | %s | %s | %s | %s %s | %s |\n",
				r.link(o.Service.Name, "services/"+o.Service.ID+"/"),
				mdText(o.Name), mdText(o.Indicator), mdText(o.WindowSpec.Text),
				format.Pct(o.SLI), format.Objective(o.Objective), budgetText(o.SLOReport),
				stateMark[o.State], mdText(format.StateText(o.State)), alertsText(o.Firing))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## Incidents of the last 28 days\n\n%s to %s",
		r.PeriodStart.In(loc).Format("2 Jan 2006"), r.PeriodEnd.In(loc).Format("2 Jan 2006 15:04 MST"))
	if len(r.Incidents) == 0 {
		b.WriteString(": none.\n")
	} else {
		b.WriteString(".\n\n| Started | Incident | Severity | Services | Resolved | Error budget spent |\n|---|---|---|---|---|---|\n")
		for _, in := range r.Incidents {
			names := make([]string, 0, len(in.Services)+len(in.Unmatched))
			for _, id := range in.Services {
				names = append(names, s.ServiceName(id))
			}
			names = append(names, in.Unmatched...)
			resolved := "**ongoing**"
			if !in.Ongoing(s.Now) {
				resolved = fmt.Sprintf("%s (%s)", format.DateTime(in.Resolved, loc), format.Duration(in.Resolved.Sub(in.Started)))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", format.DateTime(in.Started, loc),
				r.link(in.Title, "incidents/"+in.Slug+"/"), mdText(in.Severity), mdText(strings.Join(names, ", ")), resolved,
				spentText(s.IncidentBudgets(in)))
		}
		fmt.Fprintf(&b, "\nBudget spent is the share of each SLO's error budget used inside the incident; "+
			"**bold** marks %.0f%% or more, the share that calls for a postmortem.\n", site.FlagShare*100)
	}
	if errs, _ := s.Diagnostics.Count(); errs > 0 {
		fmt.Fprintf(&b, "\n%s in the inputs (%s, %s left out); run `statusgen check` for details.\n",
			diag.CountOf(errs, "error", "errors"),
			diag.CountOf(s.SkippedRows, "snapshot row", "snapshot rows"), diag.CountOf(s.RejectedIncidents, "incident file", "incident files"))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// link renders a Markdown link to a page of the site, or plain text
// without base_url.
func (r *Report) link(text, path string) string {
	if r.Site.Config.BaseURL == "" {
		return mdText(text)
	}
	return "[" + mdText(text) + "](" + r.Site.Config.BaseURL + path + ")"
}

// budgetText is the remaining error budget as a share, with minutes for
// time-based SLOs: "-16.0% (−6 min)".
func budgetText(o *site.SLOReport) string {
	if o.Remaining == nil {
		return "no data"
	}
	t := format.Pct(o.Remaining)
	if o.RemainingMinutes != nil {
		t += " (" + format.Minutes(o.RemainingMinutes) + ")"
	}
	return t
}

// spentText lists the budgets an incident spent: "API / Requests
// succeed: **42.0%**", bold when flagged.
func spentText(bs []site.IncidentBudget) string {
	var parts []string
	for _, b := range bs {
		if b.Spent == nil || *b.Spent <= 0 {
			continue
		}
		v := format.Pct(b.Spent)
		if b.Flagged {
			v = "**" + v + "**"
		}
		parts = append(parts, mdText(b.ServiceName+" / "+b.SLOName)+": "+v)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func alertsText(as []slo.Alert) string {
	if len(as) == 0 {
		return "none"
	}
	parts := make([]string, len(as))
	for i, a := range as {
		if a.Kind != slo.KindBurnRate {
			parts[i] = fmt.Sprintf("**%s** %s", a.Severity, mdText(a.Rule))
			continue
		}
		parts[i] = fmt.Sprintf("**%s** %s/%s ≥ %s×", a.Severity, a.Long, a.Short, format.Decimal(a.Threshold))
	}
	return strings.Join(parts, ", ")
}

// mdText makes text safe inside a Markdown table cell: pipes and
// Markdown punctuation are escaped, HTML is neutralised, lines joined.
func mdText(s string) string {
	return strings.NewReplacer(
		"\\", "\\\\", "|", "\\|", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]",
		"<", "&lt;", ">", "&gt;", "&", "&amp;", "\r\n", " ", "\n", " ", "\r", " ",
	).Replace(s)
}

// The JSON form of the report. Ratios are 0–1, times RFC 3339 UTC, null
// where a figure has no data; keys in this order.
type reportDoc struct {
	GeneratedAt string           `json:"generated_at"`
	Title       string           `json:"title"`
	Status      string           `json:"status"`
	Period      reportPeriod     `json:"period"`
	SLOs        []reportSLO      `json:"slos"`
	Incidents   []reportIncident `json:"incidents"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
}

type reportPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type reportSLO struct {
	Service                     string      `json:"service"`
	ServiceName                 string      `json:"service_name"`
	ID                          string      `json:"id"`
	Name                        string      `json:"name"`
	Indicator                   string      `json:"indicator"`
	Window                      string      `json:"window"`
	Objective                   float64     `json:"objective"`
	SLI                         *float64    `json:"sli"`
	Coverage                    float64     `json:"coverage"`
	ErrorBudgetRemaining        *float64    `json:"error_budget_remaining"`
	ErrorBudgetRemainingMinutes *float64    `json:"error_budget_remaining_minutes,omitempty"`
	State                       string      `json:"state"`
	FiringAlerts                []slo.Alert `json:"firing_alerts"`
}

type reportIncident struct {
	Slug        string        `json:"slug"`
	Title       string        `json:"title"`
	Severity    string        `json:"severity"`
	Services    []string      `json:"services"`
	Started     string        `json:"started"`
	Resolved    *string       `json:"resolved"`
	Ongoing     bool          `json:"ongoing"`
	BudgetSpent []reportSpent `json:"budget_spent"`
}

type reportSpent struct {
	Service string   `json:"service"`
	SLO     string   `json:"slo"`
	Spent   *float64 `json:"spent"`
	Flagged bool     `json:"flagged"`
}

// JSON writes the report as one indented JSON document.
func (r *Report) JSON(w io.Writer) error {
	s := r.Site
	errs, warns := s.Diagnostics.Count()
	doc := reportDoc{
		GeneratedAt: format.RFC3339(s.Now), Title: s.Config.Title, Status: s.Status,
		Period: reportPeriod{format.RFC3339(r.PeriodStart), format.RFC3339(r.PeriodEnd)},
		SLOs:   []reportSLO{}, Incidents: []reportIncident{}, Errors: errs, Warnings: warns,
	}
	for _, o := range r.SLOs {
		firing := o.Firing
		if firing == nil {
			firing = []slo.Alert{}
		}
		doc.SLOs = append(doc.SLOs, reportSLO{
			Service: o.Service.ID, ServiceName: o.Service.Name, ID: o.ID, Name: o.Name,
			Indicator: o.Indicator, Window: o.WindowSpec.Text, Objective: slo.Round(o.Objective, 6),
			SLI: format.Round6(o.SLI), Coverage: slo.Round(o.Coverage, 6),
			ErrorBudgetRemaining: format.Round4(o.Remaining), ErrorBudgetRemainingMinutes: format.Round2(o.RemainingMinutes),
			State: o.State, FiringAlerts: firing,
		})
	}
	for _, in := range r.Incidents {
		ri := reportIncident{Slug: in.Slug, Title: in.Title, Severity: in.Severity,
			Services: append([]string{}, in.Services...), Started: format.RFC3339(in.Started), Ongoing: in.Ongoing(s.Now)}
		if !in.Resolved.IsZero() {
			t := format.RFC3339(in.Resolved)
			ri.Resolved = &t
		}
		ri.BudgetSpent = []reportSpent{}
		for _, b := range s.IncidentBudgets(in) {
			ri.BudgetSpent = append(ri.BudgetSpent, reportSpent{b.ServiceID, b.SLOID, format.Round4(b.Spent), b.Flagged})
		}
		doc.Incidents = append(doc.Incidents, ri)
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}
