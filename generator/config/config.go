// Package config reads site.toml: its decoding with a line for every key,
// its defaults and its validation, reported through diag.
package config

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// Config is a site's site.toml (SPEC section 2), decoded and validated.
// Every path in it is relative to Dir, the folder that holds site.toml.
type Config struct {
	Title              string             `toml:"title"`
	BaseURL            string             `toml:"base_url"`
	Timezone           string             `toml:"timezone"`
	Description        string             `toml:"description"`
	HistoryDays        int                `toml:"history_days"`
	DegradedWeight     float64            `toml:"degraded_weight"`
	ExcludeMaintenance *bool              `toml:"exclude_maintenance"`
	MinCoverage        *float64           `toml:"min_coverage"`
	IncidentWeights    map[string]float64 `toml:"incident_weights"`
	Groups             []Group            `toml:"group"`
	Services           []*Service         `toml:"service"`
	Warehouse          *Warehouse         `toml:"warehouse"`
	// Notify, Channels and Routes configure statusgen notify (notify.go).
	Notify   Notify     `toml:"notify"`
	Channels []*Channel `toml:"channel"`
	Routes   []*Route   `toml:"route"`
	// Maintenance are the recurring maintenance windows (maintenance.go).
	Maintenance []*Maintenance `toml:"maintenance"`

	Dir      string         `toml:"-"` // folder of site.toml
	File     string         `toml:"-"` // site.toml's path as given
	Location *time.Location `toml:"-"` // Timezone, resolved

	index *TOMLIndex // lines of keys, for diagnostics after loading
}

// RelFile is site.toml's name as diagnostics print it.
func (c *Config) RelFile() string { return filepath.Base(c.File) }

// Line returns the line of a key in site.toml, e.g. Line("service[2]",
// "owner"); it falls back to the table's header line.
func (c *Config) Line(table, key string) int {
	if c.index == nil {
		return 0
	}
	return c.index.line(table, key)
}

// Group gathers services on the status page.
type Group struct {
	ID   string `toml:"id"`
	Name string `toml:"name"`
}

// Service is one monitored thing: an API, a pipeline, a warehouse.
type Service struct {
	ID          string       `toml:"id"`
	Name        string       `toml:"name"`
	Group       string       `toml:"group"`
	Description string       `toml:"description"`
	Owner       string       `toml:"owner"`
	Contact     string       `toml:"contact"`
	Runbook     string       `toml:"runbook"`
	Interval    string       `toml:"interval"`
	Probe       *Probe       `toml:"probe"`
	SLOs        []*SLOConfig `toml:"slo"`
	// Labels describe the service (env = "prod", source = "kafka");
	// see labels.go.
	Labels map[string]string `toml:"labels"`
	// StaleAfter is how old the newest sample may be before the service's
	// status is unknown; see StaleAfterFor.
	StaleAfter string  `toml:"stale_after"`
	Source     *Source `toml:"source"` // pulled by `statusgen collect` (sources.go)
	// StaleAlert is the severity of the alert on stale data, or "none";
	// see alerts.go.
	StaleAlert string `toml:"stale_alert"`

	// IntervalDur is Interval parsed; zero means "the median gap of the
	// service's samples".
	IntervalDur time.Duration `toml:"-"`
	// StaleAfterDur is StaleAfter parsed; zero means two intervals.
	StaleAfterDur time.Duration `toml:"-"`
	// Checks are the warehouse checks of `statusgen check-data`; see checks.go.
	Checks []*Check `toml:"check"`
	// ExpectedSchemaChanges lists schema changes that are planned; see checks.go.
	ExpectedSchemaChanges []string `toml:"expected_schema_changes"`
}

// Probe configures `statusgen probe` for a service.
type Probe struct {
	URL          string  `toml:"url"`
	Method       string  `toml:"method"`
	Timeout      string  `toml:"timeout"`
	ExpectStatus []int   `toml:"expect_status"`
	ExpectBody   string  `toml:"expect_body"`
	DegradedMS   float64 `toml:"degraded_ms"`
	// The probe kinds (probekinds.go, docs/probe.md).
	Kind         string            `toml:"kind"`
	Address      string            `toml:"address"`
	HeaderEnv    map[string]string `toml:"header_env"`
	ExpectJSON   []*JSONCheck      `toml:"expect_json"`
	ExpectRegexp string            `toml:"expect_regexp"`
	CheckCert    bool              `toml:"check_cert"`
	CAFile       string            `toml:"ca_file"`

	TimeoutDur     time.Duration  `toml:"-"`
	ExpectRegexpRE *regexp.Regexp `toml:"-"`
	CAPath         string         `toml:"-"` // CAFile from the site folder
}

// SLOConfig is one [[service.slo]]: what is measured (the indicator), the
// target and the window.
type SLOConfig struct {
	ID          string   `toml:"id"`
	Name        string   `toml:"name"`
	Indicator   string   `toml:"indicator"`
	Objective   float64  `toml:"objective"`
	Window      string   `toml:"window"`
	SLA         *float64 `toml:"sla"`
	SLAPeriod   string   `toml:"sla_period"`
	Rationale   string   `toml:"rationale"`
	Column      string   `toml:"column"`
	Op          string   `toml:"op"`
	Threshold   *float64 `toml:"threshold"`
	Good        string   `toml:"good"`
	Total       string   `toml:"total"`
	Budgeting   string   `toml:"budgeting"`
	MinCoverage *float64 `toml:"min_coverage"`
	// Anomaly and deadline indicators; see data.go.
	BaselineWeeks *int     `toml:"baseline_weeks"`
	BaselineK     *float64 `toml:"baseline_k"`
	BaselineMin   *int     `toml:"baseline_min"`
	BaselineWidth *float64 `toml:"baseline_min_width"`
	Season        string   `toml:"season"`
	Deadline      string   `toml:"deadline"`
	Period        string   `toml:"period"`
	DraftIncident bool     `toml:"draft_incident"`
	Data          DataSLO  `toml:"-"`
	// Alerts are the SLO's alert rules; none: the defaults (alerts.go).
	Alerts []*AlertConfig `toml:"alert"`
	// Prometheus holds the queries of the same SLO in Prometheus, for
	// export prometheus-rules (promsource.go).
	Prometheus *PromSource `toml:"prometheus"`

	// WindowSpec is Window parsed.
	WindowSpec WindowSpec `toml:"-"`
}

// WindowSpec is an SLO window: rolling (a duration ending now) or calendar
// (the current month, quarter or year in the site's time zone, to date).
type WindowSpec struct {
	Rolling  time.Duration // > 0 for rolling windows
	Calendar string        // "month", "quarter" or "year" for calendar windows
	Text     string        // as written, e.g. "28d"
}

// Indicator kinds of SPEC section 4.
const (
	IndicatorStatus    = "status"
	IndicatorRatio     = "ratio"
	IndicatorThreshold = "threshold"
	IndicatorIncidents = "incidents"
	IndicatorAnomaly   = "anomaly"
	IndicatorDeadline  = "deadline"
)

// Objective returns the SLO target as a ratio (99.9 → 0.999).
func (s *SLOConfig) ObjectiveRatio() float64 { return s.Objective / 100 }

// TimeBased reports whether the SLO counts seconds rather than events.
func (s *SLOConfig) TimeBased() bool {
	switch s.Indicator {
	case IndicatorStatus, IndicatorIncidents:
		return true
	case IndicatorThreshold:
		return s.Budgeting == "timeslices"
	}
	return false
}

// MinCoverageFor returns the coverage under which an SLO is no_data.
func (c *Config) MinCoverageFor(s *SLOConfig) float64 {
	if s.MinCoverage != nil {
		return *s.MinCoverage
	}
	if c.MinCoverage != nil {
		return *c.MinCoverage
	}
	return 0.9
}

// ExcludesMaintenance reports whether maintenance time is left out of SLOs.
func (c *Config) ExcludesMaintenance() bool {
	return c.ExcludeMaintenance == nil || *c.ExcludeMaintenance
}

// IncidentWeight returns how much of an incident's time counts as bad for
// the incidents indicator (SPEC section 4).
func (c *Config) IncidentWeight(severity string) float64 {
	if w, ok := c.IncidentWeights[severity]; ok {
		return w
	}
	switch severity {
	case "critical":
		return 1
	case "major":
		return 0.3
	}
	return 0
}

// Service returns the service with the given id, or nil.
func (c *Config) Service(id string) *Service {
	for _, s := range c.Services {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// GroupName returns the display name of a group id.
func (c *Config) GroupName(id string) string {
	for _, g := range c.Groups {
		if g.ID == id {
			return g.Name
		}
	}
	return id
}

var (
	// IDPattern is the form of every id: lower-case letters, digits and
	// dashes, starting with a letter or digit.
	IDPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	methodPattern = regexp.MustCompile(`^[A-Z]+$`)
	// schemePattern finds the scheme of a link (RFC 3986: a letter, then
	// letters, digits, "+", "-" or ".") and the character after its colon.
	schemePattern = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):(.?)`)
)

// Bounds of site.toml's numbers and durations, documented in
// docs/configuration.md.
const (
	// maxHistoryDays bounds the uptime bars, one per local day: at a year
	// a day's bar is still about a pixel wide in a service's card, and the
	// home page holds about 40 KB of bars per service.
	maxHistoryDays = 366
	// Samples are counted in whole seconds, so a shorter interval would
	// be none at all; a sample standing for more than a month would keep
	// a stale status current for two.
	minInterval = time.Second
	maxInterval = 31 * 24 * time.Hour
	// Below 100ms network jitter alone reads as down; a probe that waits
	// longer than a minute holds up the next run of a 5-minute schedule.
	minProbeTimeout = 100 * time.Millisecond
	maxProbeTimeout = time.Minute
	// Rolling SLO windows run from an hour to a year: the longest
	// calendar window, and the span of the monthly SLO history.
	minWindow = time.Hour
	maxWindow = 366 * 24 * time.Hour
)

// scriptSchemes are the link schemes a browser runs or reads local data
// through; "javascript: alert(1)" is one even with its space.
var scriptSchemes = []string{"javascript", "vbscript", "livescript", "data", "file", "blob", "filesystem"}

// LoadConfig reads and validates site.toml. Every problem is returned at
// once as Diagnostics naming the file, the line and the key.
func LoadConfig(path string) (*Config, diag.Diagnostics) {
	var ds diag.Diagnostics
	rel := filepath.Base(path)
	// The site folder is the folder of path as given, even when site.toml
	// is a link: a link to a site.toml elsewhere is refused like any other
	// input that leaves the site folder.
	src, err := sitefs.ReadSiteFile(filepath.Dir(path), path)
	if errors.Is(err, sitefs.ErrOutsideSite) {
		ds.Errorf(rel, 0, 0, "%v; to build the site the link points to, pass -c with the real path of its site.toml", err)
		return nil, ds
	}
	if errors.Is(err, sitefs.ErrNotRegular) {
		ds.Errorf(rel, 0, 0, "%v", err)
		return nil, ds
	}
	if err != nil {
		ds.Errorf(rel, 0, 0, "cannot read the site configuration: %v (run statusgen in the folder that holds site.toml, or pass -c path/to/site.toml)", err)
		return nil, ds
	}
	// Defaults go in first, so a key written with an empty or zero value
	// (history_days = 0) is told apart from a key not written.
	cfg := &Config{File: path, Dir: filepath.Dir(path), Title: "Status", Timezone: "UTC", HistoryDays: 90}
	ix := IndexTOML(string(src), 1)
	bad, ok := decodeTOML(string(src), cfg, rel, ix, &ds)
	if !ok {
		return nil, ds
	}
	cfg.index = ix
	cfg.validate(&ds, rel, ix, bad)
	return cfg, ds
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

func stripIndices(table string) string { return indexRE.ReplaceAllString(table, "") }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c *Config) validate(ds *diag.Diagnostics, rel string, ix *TOMLIndex, bad map[string]bool) {
	// A value of the wrong type was reported and left at its default;
	// complaints about that default would only repeat the error.
	errf := func(table, key, format string, args ...any) {
		if bad[JoinKeyPath(table, key)] {
			return
		}
		ds.Errorf(rel, ix.line(table, key), 0, "%s: %s", keyName(table, key), fmt.Sprintf(format, args...))
	}
	if c.Title == "" {
		c.Title = "Status"
	}
	c.Location = time.UTC
	switch {
	case c.Timezone == "":
		errf("", "timezone", "empty; write an IANA name such as \"Europe/Berlin\" or \"UTC\" (or leave the key out for UTC)")
	case strings.EqualFold(c.Timezone, "Local") || strings.EqualFold(c.Timezone, "localtime"):
		errf("", "timezone", "%q is the time zone of the machine that builds the site, so pages would change with the machine; write an IANA name such as \"Europe/Berlin\" or \"UTC\"", c.Timezone)
	default:
		if loc, err := time.LoadLocation(c.Timezone); err != nil {
			errf("", "timezone", "unknown time zone %q; use an IANA name such as \"Europe/Berlin\" or \"UTC\"", c.Timezone)
		} else {
			c.Location = loc
		}
	}
	if c.BaseURL != "" {
		if msg := httpURLProblem(c.BaseURL, "https://status.example.com/", urlBase); msg != "" {
			errf("", "base_url", "%s", msg)
		} else if !strings.HasSuffix(c.BaseURL, "/") {
			c.BaseURL += "/"
		}
	}
	if c.HistoryDays < 1 || c.HistoryDays > maxHistoryDays {
		errf("", "history_days", "must be between 1 and %d (days of uptime bars), got %d", maxHistoryDays, c.HistoryDays)
	}
	if c.DegradedWeight < 0 || c.DegradedWeight > 1 {
		errf("", "degraded_weight", "must be between 0 and 1, got %v", c.DegradedWeight)
	}
	if c.MinCoverage != nil && (*c.MinCoverage < 0 || *c.MinCoverage > 1) {
		errf("", "min_coverage", "must be between 0 and 1, got %v", *c.MinCoverage)
	}
	for sev, w := range c.IncidentWeights {
		if !contains([]string{"minor", "major", "critical"}, sev) {
			errf("incident_weights", sev, "unknown severity %q; use minor, major or critical", sev)
		}
		if w < 0 || w > 1 {
			errf("incident_weights", sev, "must be between 0 and 1, got %v", w)
		}
	}

	c.validateWarehouse(errf)
	groups := map[string]bool{}
	for i, g := range c.Groups {
		t := fmt.Sprintf("group[%d]", i)
		switch {
		case g.ID == "":
			errf(t, "id", "missing; every [[group]] needs an id")
		case !IDPattern.MatchString(g.ID):
			errf(t, "id", "%q is not a valid id; use lower-case letters, digits and dashes", g.ID)
		case groups[g.ID]:
			errf(t, "id", "duplicate group id %q", g.ID)
		}
		groups[g.ID] = true
		if g.Name == "" {
			c.Groups[i].Name = g.ID
		}
	}

	defer c.validateNotify(errf)
	if len(c.Services) == 0 && !bad["service"] {
		ds.Errorf(rel, 0, 0, "the site has no services; add one, e.g. [[service]] with id = \"orders-api\" and name = \"Orders API\" on the lines below it (docs/configuration.md)")
	}
	seen := map[string]bool{}
	for i, s := range c.Services {
		t := fmt.Sprintf("service[%d]", i)
		switch {
		case s.ID == "":
			errf(t, "id", "missing; every [[service]] needs an id")
		case !IDPattern.MatchString(s.ID):
			errf(t, "id", "%q is not a valid id; use lower-case letters, digits and dashes (it is used in URLs and folder names)", s.ID)
		case seen[s.ID]:
			errf(t, "id", "duplicate service id %q", s.ID)
		}
		seen[s.ID] = true
		if s.Name == "" {
			s.Name = s.ID
		}
		if s.Group != "" && !groups[s.Group] {
			errf(t, "group", "names no [[group]]: %q%s", s.Group, DidYouMean(s.Group, groupIDs(c.Groups)))
		}
		if msg := contactProblem(s.Contact); msg != "" {
			errf(t, "contact", "%s", msg)
		}
		if s.Runbook != "" {
			if msg := httpURLProblem(s.Runbook, "https://wiki.example.com/runbooks/orders-api", urlLink); msg != "" {
				errf(t, "runbook", "%s", msg)
			}
		}
		if s.Interval != "" {
			d, err := ParseDuration(s.Interval)
			switch {
			case err != nil || d <= 0:
				errf(t, "interval", "bad duration %q; write it like \"5m\", \"1h\" or \"1d\"", s.Interval)
			case d < minInterval || d > maxInterval || d%time.Second != 0:
				errf(t, "interval", "%q is out of range; a sample stands for whole seconds, from 1s to 31d (e.g. \"5m\" for a probe every 5 minutes, \"1d\" for a daily job)", s.Interval)
			default:
				s.IntervalDur = d
			}
		}
		validateLabels(errf, t, s.Labels)
		validateStaleAfter(errf, t, s)
		validateStaleAlert(errf, t, s)
		if p := s.Probe; p != nil {
			c.validateProbe(errf, t+".probe", p)
		}
		c.validateChecks(errf, t, s)
		if src := s.Source; src != nil {
			c.validateSource(errf, t+".source", src)
		}
		sloSeen := map[string]bool{}
		for j, o := range s.SLOs {
			c.validateSLO(errf, fmt.Sprintf("%s.slo[%d]", t, j), o, sloSeen)
		}
	}
	c.validateMaintenance(errf)
}

func (c *Config) validateProbe(errf func(table, key, format string, args ...any), t string, p *Probe) {
	c.validateProbeKind(errf, t, p)
	if p.Kind == ProbeHTTP {
		if p.URL == "" {
			errf(t, "url", "missing; write the address to check, e.g. url = \"https://api.example.com/healthz\"")
		} else if msg := httpURLProblem(p.URL, "https://api.example.com/healthz", urlProbe); msg != "" {
			errf(t, "url", "%s", msg)
		}
	}
	if p.Method == "" {
		p.Method = "GET"
	}
	p.Method = strings.ToUpper(p.Method)
	if !methodPattern.MatchString(p.Method) {
		errf(t, "method", "%q is not an HTTP method; write GET, HEAD or POST", p.Method)
	}
	p.TimeoutDur = 10 * time.Second
	if p.Timeout != "" {
		d, err := ParseDuration(p.Timeout)
		switch {
		case err != nil || d <= 0:
			errf(t, "timeout", "bad duration %q; write it like \"10s\"", p.Timeout)
		case d < minProbeTimeout || d > maxProbeTimeout:
			errf(t, "timeout", "%q is out of range; write a duration from 100ms to 1m, such as \"10s\"", p.Timeout)
		default:
			p.TimeoutDur = d
		}
	}
	if len(p.ExpectStatus) == 0 {
		p.ExpectStatus = []int{200}
	}
	for _, code := range p.ExpectStatus {
		if code < 100 || code > 599 {
			errf(t, "expect_status", "%d is not an HTTP status; write codes from 100 to 599, e.g. [200, 204]", code)
			break
		}
	}
	if p.DegradedMS < 0 {
		errf(t, "degraded_ms", "must be 0 or more, got %v", p.DegradedMS)
	}
}

func (c *Config) validateSLO(errf func(table, key, format string, args ...any), t string, o *SLOConfig, seen map[string]bool) {
	switch {
	case o.ID == "":
		errf(t, "id", "missing; every [[service.slo]] needs an id")
	case !IDPattern.MatchString(o.ID):
		errf(t, "id", "%q is not a valid id; use lower-case letters, digits and dashes", o.ID)
	case seen[o.ID]:
		errf(t, "id", "duplicate SLO id %q in this service", o.ID)
	}
	seen[o.ID] = true
	if o.Name == "" {
		o.Name = o.ID
	}
	if o.Indicator == "" {
		o.Indicator = IndicatorStatus
	}
	switch o.Indicator {
	case IndicatorStatus, IndicatorIncidents:
	case IndicatorRatio:
		if o.Good == "" {
			o.Good = "good"
		}
		if o.Total == "" {
			o.Total = "total"
		}
	case IndicatorThreshold:
		if o.Column == "" {
			errf(t, "column", "missing; a threshold SLO names the CSV column it compares, e.g. column = \"latency_ms\"")
		}
		if !contains([]string{"<", "<=", ">", ">="}, o.Op) {
			errf(t, "op", "must be one of \"<\", \"<=\", \">\", \">=\", got %q", o.Op)
		}
		if o.Threshold == nil {
			errf(t, "threshold", "missing; a threshold SLO needs the value to compare with, e.g. threshold = 300")
			o.Threshold = new(float64) // so check can read on and report the rest
		}
		if o.Budgeting != "" && o.Budgeting != "events" && o.Budgeting != "timeslices" {
			errf(t, "budgeting", "must be \"events\" or \"timeslices\", got %q", o.Budgeting)
		}
	case IndicatorAnomaly, IndicatorDeadline:
		c.validateDataSLO(errf, t, o)
	default:
		errf(t, "indicator", "unknown indicator %q; use status, ratio, threshold, incidents, anomaly or deadline%s", o.Indicator,
			DidYouMean(o.Indicator, []string{"status", "ratio", "threshold", "incidents", "anomaly", "deadline"}))
	}
	if !(o.Objective > 0 && o.Objective < 100) {
		errf(t, "objective", "must be a percentage between 0 and 100 (exclusive), e.g. 99.9; got %v", o.Objective)
	}
	if o.Window == "" {
		o.Window = "28d"
	}
	w, err := ParseWindow(o.Window)
	if err != nil {
		errf(t, "window", "%v", err)
	}
	o.WindowSpec = w
	if o.SLA != nil && !(*o.SLA > 0 && *o.SLA < 100) {
		errf(t, "sla", "must be a percentage between 0 and 100 (exclusive), e.g. 99.5; got %v", *o.SLA)
	}
	if o.SLAPeriod == "" {
		o.SLAPeriod = "quarter"
	} else if !contains([]string{"month", "quarter", "year"}, o.SLAPeriod) {
		errf(t, "sla_period", "must be month, quarter or year, got %q", o.SLAPeriod)
	}
	if o.MinCoverage != nil && (*o.MinCoverage < 0 || *o.MinCoverage > 1) {
		errf(t, "min_coverage", "must be between 0 and 1, got %v", *o.MinCoverage)
	}
	validateAlerts(errf, t, o)
	validatePromSource(errf, t, o.Prometheus)
	if o.DraftIncident && o.Indicator != IndicatorAnomaly {
		errf(t, "draft_incident", "only an anomaly SLO writes draft incidents; remove it (a schema check takes incident = true)")
	}
}

func keyName(table, key string) string {
	kind := stripIndices(table)
	if kind == "" {
		return key
	}
	return "[" + kind + "] " + key
}

func groupIDs(gs []Group) []string {
	ids := make([]string, len(gs))
	for i, g := range gs {
		ids[i] = g.ID
	}
	sort.Strings(ids)
	return ids
}

// DidYouMean is "; did you mean …?" naming the candidate nearest to s, or
// "" when none is near.
func DidYouMean(s string, candidates []string) string {
	if m := suggest(s, candidates); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}

// urlUse says where a URL of site.toml ends up, which decides what it may
// hold.
type urlUse int

const (
	urlProbe urlUse = iota // fetched by probe, never published
	urlLink                // published as a link (runbook, contact)
	urlBase                // the site's own address, with its pages below it
)

// httpURLProblem says what is wrong with s as an absolute http(s) URL, or
// returns "". The scheme is read as a browser reads it, after trimming
// spaces and control characters, and spaces and control characters are
// then refused anywhere: browsers drop some of them, so " javascript:"
// and "java\tscript:" would run as scripts. A published link holds no
// user name or password; a base URL has the site's pages below it, so it
// takes no query or fragment. example is an address of the right kind,
// for the message. A password is never repeated in the message.
func httpURLProblem(s, example string, use urlUse) string {
	t := strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	u, err := url.Parse(t)
	show := s
	if err == nil && u.User != nil {
		show = u.Redacted()
	}
	switch {
	case err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "":
		return fmt.Sprintf("%q is not an http:// or https:// URL; write it like %q", show, example)
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return fmt.Sprintf("%q holds a space or control character; remove it (inside an address, write a space as %%20)", show)
	case u.Hostname() == "":
		return fmt.Sprintf("%q has no host name; write it like %q", show, example)
	case use != urlProbe && u.User != nil:
		return fmt.Sprintf("%q holds a user name or password, which would be published; leave them out of the address", show)
	case use == urlBase && (u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.HasSuffix(t, "#")):
		return fmt.Sprintf("%q has a query or fragment (?… or #…), which the pages below it cannot follow; write it like %q", show, example)
	}
	return ""
}

// contactProblem says what is wrong with a service's contact, or returns
// "". A contact is plain text ("#payments-oncall", "Payments team",
// "Slack: #payments") or an https://, http:// or mailto: link; any other
// link (javascript:, data:, file:, …) is refused, as a browser reads it:
// case-insensitively, after trimming spaces.
func contactProblem(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return fmt.Sprintf("%q holds a control character (a tab or line break); write it on one line", s)
	}
	t := strings.TrimSpace(s)
	m := schemePattern.FindStringSubmatch(t)
	if m == nil {
		return ""
	}
	scheme := strings.ToLower(m[1])
	switch scheme {
	case "http", "https":
		if msg := httpURLProblem(t, "https://wiki.example.com/oncall", urlLink); msg != "" {
			return msg
		}
		return ""
	case "mailto":
		if addr := t[len("mailto:"):]; addr == "" || strings.ContainsFunc(addr, unicode.IsSpace) {
			return fmt.Sprintf("%q is not a mailto: address; write it like \"mailto:oncall@example.com\"", s)
		}
		return ""
	}
	if (m[2] == "" || m[2] == " ") && !contains(scriptSchemes, scheme) {
		return "" // "Slack: #payments" is text, not a link
	}
	return fmt.Sprintf("%q is a %s link; write an https:// link, a mailto: address or plain text such as \"#payments-oncall\"", s, scheme+":")
}

// ParseDuration parses Go durations ("90s", "1h30m") extended with days and
// weeks ("28d", "4w"), which SLO windows need.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		v, err := strconv.ParseFloat(s[:n-1], 64)
		unit := 24 * time.Hour
		if s[n-1] == 'w' {
			unit *= 7
		}
		// NaN fails every comparison; 2^63 ns is where Duration overflows.
		if err != nil || !(v >= 0 && v*float64(unit) < math.MaxInt64) {
			return 0, fmt.Errorf("bad duration %q", s)
		}
		return time.Duration(v * float64(unit)), nil
	}
	return time.ParseDuration(s)
}

// ParseWindow parses an SLO window: "28d", "4w", "720h", "month", "quarter"
// or "year".
func ParseWindow(s string) (WindowSpec, error) {
	switch s {
	case "month", "quarter", "year":
		return WindowSpec{Calendar: s, Text: s}, nil
	}
	d, err := ParseDuration(s)
	if err != nil || d < minWindow || d > maxWindow {
		return WindowSpec{Text: s}, fmt.Errorf("bad window %q; use a rolling window such as \"28d\", \"4w\" or \"24h\" (from 1h to 366d), or \"month\", \"quarter\" or \"year\"", s)
	}
	return WindowSpec{Rolling: d, Text: s}, nil
}
