package site

import (
	"time"

	"github.com/statusgen/statusgen/generator/chartscript"
	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/pages"
	"github.com/statusgen/statusgen/generator/slo"
)

// Site is everything a build knows: the configuration, the figures of
// every service and SLO at Now, and the published incidents. Templates
// render it; they compute nothing.
type Site struct {
	Config    *config.Config
	Now       time.Time
	Services  []*ServiceReport
	Incidents []*incident.Incident // published (not drafts), newest first
	// Drafts are checked but not published.
	Drafts []*incident.Incident
	// MaintenanceWindows are the windows of the recurring maintenance of
	// site.toml from the oldest history up to MaintenanceHorizon ahead,
	// oldest first (maintenance.go).
	MaintenanceWindows []*MaintenanceWindow
	// Pages are the extra pages of content/pages/.
	Pages  []*pages.Page
	Status string // overall: the worst service status
	// Labels are the services' labels by key, each value with its services
	// and incidents (labels.go).
	Labels []*LabelKey

	Diagnostics diag.Diagnostics
	// ConfigErrors is set when site.toml has errors: the site was read as
	// well as it could be, for check, but must not be published.
	ConfigErrors bool
	// RejectedIncidents counts incident files left out because of errors.
	RejectedIncidents int
	// SkippedRows counts snapshot rows that could not be read.
	SkippedRows int
	// ChartScript is the charting script copied into assets/; nil when it
	// could not be had (pages then show their static charts only).
	ChartScript *chartscript.Script

	// dataSince is the time of the site's first snapshot row (zero when
	// there is none): incident-based SLOs count from it.
	dataSince time.Time
}

// Component statuses of SPEC section 4, in the Statuspage vocabulary.
const (
	StatusOperational = "operational"
	StatusUnknown     = "unknown"
	StatusMaintenance = "under_maintenance"
	StatusDegraded    = "degraded_performance"
	StatusPartial     = "partial_outage"
	StatusMajor       = "major_outage"
)

// statusRank orders statuses from best to worst. Unknown ranks above
// operational so a page with a silent service never says "all operational".
var statusRank = map[string]int{
	StatusOperational: 0, StatusUnknown: 1, StatusMaintenance: 2,
	StatusDegraded: 3, StatusPartial: 4, StatusMajor: 5,
}

// WorseStatus returns the worse of two statuses.
func WorseStatus(a, b string) string {
	if statusRank[b] > statusRank[a] {
		return b
	}
	return a
}

// ServiceReport is one service with its figures at the build's now.
type ServiceReport struct {
	*config.Service
	GroupName string
	Status    string
	// StatusReason says where Status comes from (an incident, the latest
	// sample, stale data).
	StatusReason string
	SLOs         []*SLOReport
	Snapshot     *metrics.Snapshot
	Incidents    []*incident.Incident // published incidents on this service, newest first
	Open         []*incident.Incident // ongoing incidents and maintenance in progress
	Days         []Day                // uptime bars, oldest first, history_days long
	// LastData is the time of the newest sample (zero without any).
	LastData time.Time
	// StaleAfter is how old LastData may be before the data is stale:
	// stale_after, else two sampling intervals.
	StaleAfter time.Duration
	// Stale is true when the service expects samples (it is not measured
	// by incidents alone) and has none newer than StaleAfter.
	Stale bool
	// StaleAlert is the alert on stale data (stale_alert); nil when
	// turned off or the service has no metrics to go stale.
	StaleAlert *slo.Alert
	Runs       *Runs // what imported pipeline runs checked (runs.go); nil without
	// Data is each numeric column an SLO or a warehouse check watches, per
	// day (data.go); SchemaChanges the changes of the tables its schema
	// checks watch, oldest first.
	Data          []*DataSeries
	SchemaChanges []metrics.SchemaChange
}

// Day is one uptime bar: a calendar day in the site's time zone.
type Day struct {
	Date         time.Time // local midnight
	Availability *float64  // nil without data
	Coverage     float64
	DowntimeMin  float64 // bad minutes that day (time-based)
	// Incidents on the service that overlap the day (maintenance
	// included), newest first: the uptime bar's details list them.
	Incidents []*incident.Incident
}

// SLOReport is one SLO's figures over its window at now.
type SLOReport struct {
	*config.SLOConfig
	Objective   float64 // as a ratio
	WindowStart time.Time
	WindowEnd   time.Time
	Unit        string // "seconds" or "events"
	Good, Total float64
	// Bad is Total − Good: bad events, or bad seconds of a time-based SLO.
	Bad float64
	// Gap is SLI − objective (slo.Gap); nil without an SLI.
	Gap *float64
	slo.Figures
	BurnRates []BurnRate
	// Alerts are the SLO's alert rules (site.toml's or the defaults for
	// its interval) evaluated at now.
	Alerts []slo.Alert
	// Runs are the SLO's last runs, oldest first (see metrics.Snapshot).
	Runs    []slo.Run
	State   string
	History []Period
	SLA     *SLAReport
	// Latest is the newest row's value of a threshold SLO's column (nil
	// for other SLOs or without a row): how stale a failing freshness
	// pipeline is.
	Latest *LatestValue

	src source // the SLO's totals over any span of the timeline
}

// LatestValue is a threshold column's value in the newest row.
type LatestValue struct {
	Time  time.Time
	Value float64
	Good  bool // the value is within the threshold
}

// BurnRate is the burn rate over one span ending at now.
type BurnRate struct {
	Window string
	Rate   *float64
	// Over is Rate at or over the lowest threshold of the alerts that use
	// the span (as long or short window); a span no alert uses is held
	// against the lowest threshold of all.
	Over bool
}

// Period is an SLO's result over one calendar period.
type Period struct {
	Period   string // "2026-10", "2026-Q3", "2026"
	Start    time.Time
	End      time.Time
	SLI      *float64
	Coverage float64
	Met      *bool // nil without data or with coverage under min_coverage
}

// SLAReport is the external promise judged per SLA period.
type SLAReport struct {
	Target  float64 // ratio
	Period  string
	Periods []Period
}

var statusTexts = map[string]string{
	StatusOperational: "Operational", StatusUnknown: "Unknown (no recent data)",
	StatusMaintenance: "Under maintenance", StatusDegraded: "Degraded performance",
	StatusPartial: "Partial outage", StatusMajor: "Major outage",
}

// StatusText is how a page names a status.
func StatusText(s string) string { return statusTexts[s] }

// ServiceName is the name of the service with the id, or the id itself
// when site.toml has no such service.
func (s *Site) ServiceName(id string) string {
	if svc := s.Config.Service(id); svc != nil {
		return svc.Name
	}
	return id
}
