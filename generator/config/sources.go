package config

import (
	"regexp"
	"time"
)

// SourcePrometheus is the one kind of declared source so far: a
// Prometheus-compatible query API (Prometheus, Thanos, Mimir,
// VictoriaMetrics).
const SourcePrometheus = "prometheus"

// Source is a service's [service.source]: where `statusgen collect` pulls
// the service's rows from, one row per step. See docs/sources.md.
type Source struct {
	Type string `toml:"type"`
	URL  string `toml:"url"`
	// Good and Total are PromQL expressions of one series each: the
	// events of the step that ends at the row's time.
	Good  string `toml:"good"`
	Total string `toml:"total"`
	// Columns maps a column to a PromQL expression whose value at each
	// step is written in it (lag_s, rows, a threshold SLO's column).
	Columns  map[string]string `toml:"columns"`
	Step     string            `toml:"step"`
	Backfill string            `toml:"backfill"`
	Settle   string            `toml:"settle"`
	// HeaderEnv maps a header (X-Scope-OrgID, Authorization) to the name
	// of the environment variable that holds its value.
	HeaderEnv map[string]string `toml:"header_env"`

	StepDur, BackfillDur, SettleDur time.Duration `toml:"-"`
}

// Defaults and bounds of a source's durations.
const (
	DefaultSourceStep     = 5 * time.Minute
	DefaultSourceBackfill = 7 * 24 * time.Hour
	MaxSourceBackfill     = 400 * 24 * time.Hour
	DefaultSourceSettle   = 2 * time.Minute
)

// columnName is a snapshot column a source may fill.
var columnName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// validateSource checks a [service.source] and sets its durations.
func (c *Config) validateSource(errf func(table, key, format string, args ...any), t string, src *Source) {
	switch src.Type {
	case "":
		src.Type = SourcePrometheus
	case SourcePrometheus:
	default:
		errf(t, "type", "%q is not a source type; write \"prometheus\" (any Prometheus-compatible query API)", src.Type)
	}
	if src.URL == "" {
		errf(t, "url", "missing; write the query API's base URL, e.g. url = \"http://prometheus.internal:9090\"")
	} else if msg := httpURLProblem(src.URL, "http://prometheus.internal:9090", urlProbe); msg != "" {
		errf(t, "url", "%s", msg)
	}
	if (src.Good == "") != (src.Total == "") {
		errf(t, "good", "give good and total together (PromQL of one series each), or neither and use columns")
	}
	if src.Good == "" && len(src.Columns) == 0 {
		errf(t, "good", "a source needs good and total, or [service.source.columns] with a query per column")
	}
	for _, col := range sortedKeys(src.Columns) {
		switch {
		case !columnName.MatchString(col):
			errf(t+".columns", col, "%q is not a column name; use lower-case letters, digits and _ (e.g. lag_s)", col)
		case col == "time" || col == "good" || col == "total":
			errf(t+".columns", col, "%s is written by the source itself; use good = and total = for events", col)
		case src.Columns[col] == "":
			errf(t+".columns", col, "empty; write the PromQL whose value goes in %s", col)
		}
	}
	for _, h := range sortedKeys(src.HeaderEnv) {
		switch {
		case !headerName.MatchString(h):
			errf(t+".header_env", h, "%q is not an HTTP header name; write it like \"X-Scope-OrgID\" or \"Authorization\"", h)
		case !envName.MatchString(src.HeaderEnv[h]):
			errf(t+".header_env", h, "the value is not the name of an environment variable (letters, digits and _); write the variable's name, never the secret itself, and move the secret out of site.toml")
		}
	}
	dur := func(key, v string, def, lo, hi time.Duration, bounds, example string) time.Duration {
		if v == "" {
			return def
		}
		d, err := ParseDuration(v)
		if err != nil || d < lo || d > hi || d%time.Second != 0 {
			errf(t, key, "%q is not a duration of whole seconds %s; write it like %q", v, bounds, example)
			return def
		}
		return d
	}
	src.StepDur = dur("step", src.Step, DefaultSourceStep, time.Second, 24*time.Hour, "from 1s to 1d", "5m")
	src.BackfillDur = dur("backfill", src.Backfill, DefaultSourceBackfill, time.Second, MaxSourceBackfill, "from 1s to 400d", "7d")
	src.SettleDur = dur("settle", src.Settle, DefaultSourceSettle, 0, 24*time.Hour, "from 0s to 1d", "2m")
}
