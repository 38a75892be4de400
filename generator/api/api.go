package api

import (
	"bytes"
	"encoding/json"

	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/slo"
)

// The api/slo.json document of SPEC section 7. Field order is the
// documented key order; ratios are 0–1, times RFC 3339 UTC, and null
// stands where a figure has no data.
type apiDoc struct {
	GeneratedAt string       `json:"generated_at"`
	Site        apiSite      `json:"site"`
	Status      string       `json:"status"`
	Services    []apiService `json:"services"`
	Incidents   apiIncidents `json:"incidents"`
}

type apiSite struct {
	Title    string `json:"title"`
	Timezone string `json:"timezone"`
}

type apiService struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Group string `json:"group"`
	Owner string `json:"owner"`
	// Contact, Runbook and Description as site.toml has them ("" when
	// not set): slo-generator's report carries them in its metadata.
	Contact     string   `json:"contact"`
	Runbook     string   `json:"runbook"`
	Description string   `json:"description"`
	Status      string   `json:"status"`
	SLOs        []apiSLO `json:"slos"`
	// Labels are the service's labels; {} without any. Go writes a map's
	// keys sorted, so the bytes stay the same.
	Labels map[string]string `json:"labels"`
	// SchemaChanges are the changes of the tables the service's schema
	// checks watch (docs/checks.md); absent when there are none.
	SchemaChanges []apiSchemaChange `json:"schema_changes,omitempty"`
}

type apiSchemaChange struct {
	Time     string `json:"time"`
	Table    string `json:"table"`
	Change   string `json:"change"`
	Column   string `json:"column"`
	OldType  string `json:"old_type,omitempty"`
	NewType  string `json:"new_type,omitempty"`
	Expected bool   `json:"expected"`
}

type apiSLO struct {
	ID                          string       `json:"id"`
	Name                        string       `json:"name"`
	Rationale                   string       `json:"rationale"`
	Indicator                   string       `json:"indicator"`
	Objective                   float64      `json:"objective"`
	Window                      string       `json:"window"`
	WindowStart                 string       `json:"window_start"`
	WindowEnd                   string       `json:"window_end"`
	Unit                        string       `json:"unit"`
	Good                        float64      `json:"good"`
	Total                       float64      `json:"total"`
	Bad                         float64      `json:"bad"`
	Coverage                    float64      `json:"coverage"`
	SLI                         *float64     `json:"sli"`
	Gap                         *float64     `json:"gap"`
	ErrorBudgetTarget           float64      `json:"error_budget_target"`
	ErrorBudgetConsumed         *float64     `json:"error_budget_consumed"`
	ErrorBudgetRemaining        *float64     `json:"error_budget_remaining"`
	ErrorBudgetMinutes          *float64     `json:"error_budget_minutes,omitempty"`
	DowntimeMinutes             *float64     `json:"downtime_minutes,omitempty"`
	ErrorBudgetRemainingMinutes *float64     `json:"error_budget_remaining_minutes,omitempty"`
	BurnRates                   apiBurnRates `json:"burn_rates"`
	Alerts                      []slo.Alert  `json:"alerts"`
	ErrorBudgetPolicy           []apiStep    `json:"error_budget_policy"`
	State                       string       `json:"state"`
	History                     []apiPeriod  `json:"history"`
	SLA                         *apiSLA      `json:"sla"`
}

// apiStep is one step of the error-budget policy, as slo-generator names
// them: a burn-rate alert rule with its long window's burn rate.
type apiStep struct {
	StepName          string   `json:"step_name"`
	Severity          string   `json:"severity"`
	Window            string   `json:"window"`
	ShortWindow       string   `json:"short_window"`
	BurnRate          *float64 `json:"burn_rate"`
	ShortBurnRate     *float64 `json:"short_burn_rate"`
	BurnRateThreshold float64  `json:"burn_rate_threshold"`
	Alert             bool     `json:"alert"`
}

// apiBurnRates keeps the spans in order, shortest first.
type apiBurnRates struct {
	M5  *float64 `json:"5m"`
	M30 *float64 `json:"30m"`
	H1  *float64 `json:"1h"`
	H2  *float64 `json:"2h"`
	H6  *float64 `json:"6h"`
	D1  *float64 `json:"1d"`
	D3  *float64 `json:"3d"`
}

type apiPeriod struct {
	Period   string   `json:"period"`
	SLI      *float64 `json:"sli"`
	Coverage float64  `json:"coverage"`
	Met      *bool    `json:"met"`
}

type apiSLA struct {
	Target  float64     `json:"target"`
	Period  string      `json:"period"`
	Periods []apiPeriod `json:"periods"`
}

type apiIncidents struct {
	Published      int      `json:"published"`
	Open           int      `json:"open"`
	MTTRMinutes90d *float64 `json:"mttr_minutes_90d"`
}

// SLOJSON renders api/slo.json.
func SLOJSON(s *site.Site) ([]byte, error) {
	doc := apiDoc{
		GeneratedAt: format.RFC3339(s.Now),
		Site:        apiSite{Title: s.Config.Title, Timezone: s.Config.Timezone},
		Status:      s.Status,
		Services:    []apiService{},
	}
	for _, svc := range s.Services {
		as := apiService{ID: svc.ID, Name: svc.Name, Group: svc.Group, Owner: svc.Owner, Contact: svc.Contact, Runbook: svc.Runbook, Description: svc.Description, Status: svc.Status, SLOs: []apiSLO{}, Labels: map[string]string{}}
		for _, l := range svc.SortedLabels() {
			as.Labels[l.Key] = l.Value
		}
		for _, r := range svc.SLOs {
			as.SLOs = append(as.SLOs, apiSLOOf(r))
		}
		for _, c := range svc.SchemaChanges {
			as.SchemaChanges = append(as.SchemaChanges, apiSchemaChange{Time: format.RFC3339(c.Time), Table: c.Table,
				Change: c.Change, Column: c.Column, OldType: c.OldType, NewType: c.NewType, Expected: c.Expected})
		}
		doc.Services = append(doc.Services, as)
	}
	doc.Incidents = incidentSummary(s)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func apiSLOOf(r *site.SLOReport) apiSLO {
	a := apiSLO{
		ID: r.ID, Name: r.Name, Rationale: r.Rationale, Indicator: r.Indicator, Objective: slo.Round(r.Objective, 6),
		Window: r.WindowSpec.Text, WindowStart: format.RFC3339(r.WindowStart), WindowEnd: format.RFC3339(r.WindowEnd),
		Unit: r.Unit, Good: slo.Round(r.Good, 3), Total: slo.Round(r.Total, 3), Bad: slo.Round(r.Bad, 3), Coverage: slo.Round(r.Coverage, 6),
		SLI: format.Round6(r.SLI), Gap: format.Round6(r.Gap), ErrorBudgetTarget: slo.Round(1-r.Objective, 6),
		ErrorBudgetConsumed: format.Round4(r.Consumed), ErrorBudgetRemaining: format.Round4(r.Remaining),
		ErrorBudgetMinutes: format.Round2(r.BudgetMinutes), DowntimeMinutes: format.Round2(r.DowntimeMinutes), ErrorBudgetRemainingMinutes: format.Round2(r.RemainingMinutes),
		Alerts: r.Alerts, State: r.State, History: apiPeriods(r.History),
	}
	rates := map[string]*float64{}
	for _, b := range r.BurnRates {
		rates[b.Window] = format.Round4(b.Rate)
	}
	a.BurnRates = apiBurnRates{rates["5m"], rates["30m"], rates["1h"], rates["2h"], rates["6h"], rates["1d"], rates["3d"]}
	a.ErrorBudgetPolicy = []apiStep{}
	for _, al := range r.Alerts {
		a.ErrorBudgetPolicy = append(a.ErrorBudgetPolicy, apiStep{
			StepName: StepName(al), Severity: al.Severity, Window: al.Long, ShortWindow: al.Short,
			BurnRate: rates[al.Long], ShortBurnRate: rates[al.Short], BurnRateThreshold: al.Threshold, Alert: al.Firing,
		})
	}
	if r.SLA != nil {
		a.SLA = &apiSLA{Target: slo.Round(r.SLA.Target, 6), Period: r.SLA.Period, Periods: apiPeriods(r.SLA.Periods)}
	}
	return a
}

// StepName names an error-budget policy step after its alert rule:
// severity, long window, short window ("page-1h-5m").
func StepName(al slo.Alert) string { return al.Severity + "-" + al.Long + "-" + al.Short }

func apiPeriods(ps []site.Period) []apiPeriod {
	out := []apiPeriod{}
	for _, p := range ps {
		out = append(out, apiPeriod{Period: p.Period, SLI: format.Round6(p.SLI), Coverage: slo.Round(p.Coverage, 6), Met: p.Met})
	}
	return out
}

// incidentSummary counts published and open incidents (maintenance left
// out) and the mean time to resolve over the last 90 days.
func incidentSummary(s *site.Site) apiIncidents {
	var out apiIncidents
	var sum float64
	n := 0
	since := s.Now.AddDate(0, 0, -90)
	for _, in := range s.Incidents {
		if in.Maintenance() {
			continue
		}
		out.Published++
		if in.Ongoing(s.Now) {
			out.Open++
		}
		if !in.Resolved.IsZero() && !in.Resolved.After(s.Now) && in.Started.After(since) {
			sum += in.Resolved.Sub(in.Started).Minutes()
			n++
		}
	}
	if n > 0 {
		m := slo.Round(sum/float64(n), 2)
		out.MTTRMinutes90d = &m
	}
	return out
}
