package config

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Warehouse checks (docs/checks.md):
//
//	[warehouse]
//	dsn_env = "WAREHOUSE_DSN"      # the environment variable that holds the connection string
//	statement_timeout = "30s"      # per query (default 30s, 1s–10m)
//	concurrency = 4                # queries at once (default 4, 1–32)
//
//	[[service.check]]
//	id = "fresh"                   # unique within the service
//	kind = "freshness"             # freshness | volume | schema | null_rate | unique | accepted_values | sql
//	table = "public.orders"
//	column = "loaded_at"
//	metric = "lag_s"               # the snapshot column it writes (a default per kind)

// Warehouse is where the checks run.
type Warehouse struct {
	Driver           string `toml:"driver"`
	DSNEnv           string `toml:"dsn_env"`
	StatementTimeout string `toml:"statement_timeout"`
	Concurrency      int    `toml:"concurrency"`

	TimeoutDur time.Duration `toml:"-"`
}

// Check is one [[service.check]].
type Check struct {
	ID      string   `toml:"id"`
	Kind    string   `toml:"kind"`
	Table   string   `toml:"table"`
	Column  string   `toml:"column"`
	Columns []string `toml:"columns"`
	Values  []string `toml:"values"`
	Period  string   `toml:"period"`
	SQL     string   `toml:"sql"`
	Metric  string   `toml:"metric"`
	Metrics []string `toml:"metrics"`
	// Incident writes a draft incident when the check sees an unexpected
	// schema change ("schema" checks only).
	Incident bool `toml:"incident"`

	PeriodDur time.Duration `toml:"-"`
	Line      int           `toml:"-"` // the line of the check in site.toml
	File      string        `toml:"-"` // site.toml, for messages
}

// Check kinds.
const (
	CheckFreshness      = "freshness"
	CheckVolume         = "volume"
	CheckSchema         = "schema"
	CheckNullRate       = "null_rate"
	CheckUnique         = "unique"
	CheckAcceptedValues = "accepted_values"
	CheckSQL            = "sql"
)

var checkKinds = []string{CheckFreshness, CheckVolume, CheckSchema, CheckNullRate, CheckUnique, CheckAcceptedValues, CheckSQL}

// sqlName is a table or column name as a check may write it: a plain
// identifier, or schema.table.
var (
	sqlIdent   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	sqlTable   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)
	metricName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	envName    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) // an environment variable a check, probe or source reads
)

// OutputColumns are the snapshot columns a check writes.
func (k *Check) OutputColumns() []string {
	if k.Kind == CheckSQL {
		return k.Metrics
	}
	return []string{k.Metric}
}

func (c *Config) validateWarehouse(errf func(table, key, format string, args ...any)) {
	w := c.Warehouse
	if w == nil {
		return
	}
	if w.Driver == "" {
		w.Driver = "postgres"
	} else if w.Driver != "postgres" {
		errf("warehouse", "driver", "unknown driver %q; statusgen speaks \"postgres\" (PostgreSQL and compatible warehouses)", w.Driver)
	}
	if w.DSNEnv == "" {
		errf("warehouse", "dsn_env", "missing; name the environment variable that holds the connection string, e.g. dsn_env = \"WAREHOUSE_DSN\" (never write the string itself in site.toml)")
	} else if !envName.MatchString(w.DSNEnv) {
		// The value is not repeated: it may be the connection string itself.
		errf("warehouse", "dsn_env", "is not an environment variable name; write a name such as \"WAREHOUSE_DSN\" and put the connection string in that variable, not in site.toml")
	}
	w.TimeoutDur = 30 * time.Second
	if w.StatementTimeout != "" {
		d, err := ParseDuration(w.StatementTimeout)
		if err != nil || d < time.Second || d > 10*time.Minute {
			errf("warehouse", "statement_timeout", "bad timeout %q; write a duration from 1s to 10m, e.g. \"30s\"", w.StatementTimeout)
		} else {
			w.TimeoutDur = d
		}
	}
	if w.Concurrency == 0 {
		w.Concurrency = 4
	} else if w.Concurrency < 1 || w.Concurrency > 32 {
		errf("warehouse", "concurrency", "must be from 1 to 32 (queries at once), got %d", w.Concurrency)
		w.Concurrency = 4
	}
}

func (c *Config) validateChecks(errf func(table, key, format string, args ...any), t string, s *Service) {
	if len(s.Checks) > 0 && c.Warehouse == nil {
		errf(t+".check[0]", "kind", "a check needs a [warehouse] table with dsn_env naming the connection string's environment variable")
	}
	ids := map[string]bool{}
	outs := map[string]string{}
	for i, k := range s.Checks {
		ct := fmt.Sprintf("%s.check[%d]", t, i)
		k.Line, k.File = c.Line(ct, "kind"), c.RelFile()
		switch {
		case k.ID == "":
			k.ID = fmt.Sprintf("check-%d", i+1)
		case !IDPattern.MatchString(k.ID):
			errf(ct, "id", "%q is not a valid id; use lower-case letters, digits and dashes", k.ID)
		case ids[k.ID]:
			errf(ct, "id", "duplicate check id %q in this service", k.ID)
		}
		ids[k.ID] = true
		if !contains(checkKinds, k.Kind) {
			errf(ct, "kind", "unknown check %q; use %s%s", k.Kind, strings.Join(checkKinds, ", "), DidYouMean(k.Kind, checkKinds))
			continue
		}
		if k.Kind != CheckSQL {
			if !sqlTable.MatchString(k.Table) {
				errf(ct, "table", "%q is not a table name; write it as table = \"orders\" or \"schema.orders\"", k.Table)
			}
		}
		needColumn := map[string]string{CheckFreshness: "the timestamp column", CheckVolume: "the timestamp column that says when a row arrived",
			CheckNullRate: "the column whose empty cells are counted", CheckAcceptedValues: "the column whose values are checked"}
		if what, ok := needColumn[k.Kind]; ok && !sqlIdent.MatchString(k.Column) {
			errf(ct, "column", "%q is not a column name; write %s, e.g. column = \"loaded_at\"", k.Column, what)
		}
		switch k.Kind {
		case CheckVolume:
			if k.Period == "" {
				k.Period = "1d"
			}
			d, err := ParseDuration(k.Period)
			if err != nil || d < time.Minute || d > 366*24*time.Hour {
				errf(ct, "period", "bad period %q; write a duration such as \"1d\" or \"1h\" (rows counted over the last period)", k.Period)
			}
			k.PeriodDur = d
		case CheckUnique:
			if len(k.Columns) == 0 {
				errf(ct, "columns", "missing; name the key that must be unique, e.g. columns = [\"order_id\"]")
			}
			for _, col := range k.Columns {
				if !sqlIdent.MatchString(col) {
					errf(ct, "columns", "%q is not a column name", col)
				}
			}
		case CheckAcceptedValues:
			if len(k.Values) == 0 {
				errf(ct, "values", "missing; list the values the column may hold, e.g. values = [\"new\", \"paid\"]")
			}
		case CheckSQL:
			if strings.TrimSpace(k.SQL) == "" {
				errf(ct, "sql", "missing; write a query returning good and total (or one number), e.g. sql = \"select count(*) filter (where ok), count(*) from t\"")
			}
			if len(k.Metrics) == 0 || len(k.Metrics) > 2 {
				errf(ct, "metrics", "name the one or two snapshot columns the query's one row fills, e.g. metrics = [\"good\", \"total\"] or [\"late_orders\"]")
			}
		}
		if k.Kind != CheckSQL {
			if k.Metric == "" {
				k.Metric = defaultMetric(k)
			}
			if len(k.Metrics) > 0 {
				errf(ct, "metrics", "belongs to a sql check; write metric = \"…\" for a %s check", k.Kind)
			}
		}
		for _, m := range k.OutputColumns() {
			switch {
			case !metricName.MatchString(m):
				errf(ct, "metric", "%q is not a snapshot column name; use lower-case letters, digits and _", m)
			case m == "time" || m == "status" || m == "checks_failed" || m == "check_errors":
				errf(ct, "metric", "%q is a column statusgen writes itself; choose another name", m)
			case outs[m] != "":
				errf(ct, "metric", "column %q is already written by check %q; give this check its own metric = \"…\"", m, outs[m])
			default:
				outs[m] = k.ID
			}
		}
		if k.Incident && k.Kind != CheckSchema {
			errf(ct, "incident", "only a schema check writes draft incidents; remove it (an anomaly SLO takes draft_incident = true)")
		}
	}
	for i, e := range s.ExpectedSchemaChanges {
		if _, _, _, ok := ParseExpectedChange(e); !ok {
			errf(t, "expected_schema_changes", "item %d %q: write \"<table> added|removed|type_changed <column>\", e.g. \"public.orders added discount_code\"", i+1, e)
		}
	}
}

func defaultMetric(k *Check) string {
	switch k.Kind {
	case CheckFreshness:
		return "lag_s"
	case CheckVolume:
		return "rows"
	case CheckSchema:
		return "schema_changes"
	case CheckNullRate:
		return "null_rate_" + strings.ToLower(k.Column)
	case CheckUnique:
		return "duplicates_" + strings.ToLower(strings.Join(k.Columns, "_"))
	case CheckAcceptedValues:
		return "rejected_" + strings.ToLower(k.Column)
	}
	return k.ID
}

// ParseExpectedChange reads an expected schema change:
// "public.orders added discount_code".
func ParseExpectedChange(s string) (table, change, column string, ok bool) {
	f := strings.Fields(s)
	if len(f) != 3 || !sqlTable.MatchString(f[0]) || !sqlIdent.MatchString(f[2]) {
		return "", "", "", false
	}
	switch f[1] {
	case "added", "removed", "type_changed":
		return f[0], f[1], f[2], true
	}
	return "", "", "", false
}

// SchemaChangeExpected reports whether a change is listed in
// expected_schema_changes.
func (s *Service) SchemaChangeExpected(table, change, column string) bool {
	for _, e := range s.ExpectedSchemaChanges {
		if t, ch, col, ok := ParseExpectedChange(e); ok && strings.EqualFold(t, table) && ch == change && strings.EqualFold(col, column) {
			return true
		}
	}
	return false
}
