package config

import (
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

// The anomaly and deadline keys are checked, each error at its line.
func TestDataSLOKeys(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
[warehouse]
dsn_env = "postgres://u:secret@h/db"
[[service]]
id = "etl"
expected_schema_changes = ["public.orders dropped x"]
  [[service.slo]]
  id = "a"
  indicator = "anomaly"
  objective = 99
  baseline_weeks = 60
  season = "weekly"
  deadline = "06:00"
  [[service.slo]]
  id = "d"
  indicator = "deadline"
  period = "hour"
  deadline = "01:15"
  objective = 99
  draft_incident = true
  [[service.check]]
  kind = "freshnes"
  [[service.check]]
  kind = "volume"
  table = "orders; drop table x"
  column = "loaded_at"
`)
	cfg, ds := LoadConfig(dir + "/site.toml")
	want := []string{
		`site.toml:2: [warehouse] dsn_env: is not an environment variable name`,
		`site.toml:5: [service] expected_schema_changes: item 1 "public.orders dropped x"`,
		`site.toml:6: [service.slo] column: missing; an anomaly SLO names the CSV column`,
		`site.toml:10: [service.slo] baseline_weeks: must be from 1 to 52`,
		`site.toml:11: [service.slo] season: must be "hour_of_week" or "day_of_week"`,
		`site.toml:12: [service.slo] deadline: belongs to a deadline SLO`,
		`site.toml:17: [service.slo] deadline: "01:15" is more than an hour`,
		`site.toml:19: [service.slo] draft_incident: only an anomaly SLO writes draft incidents`,
		`site.toml:21: [service.check] kind: unknown check "freshnes"; use freshness`,
		`site.toml:24: [service.check] table: "orders; drop table x" is not a table name`,
	}
	ds.Sort()
	got := ds.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	if strings.Contains(got, "secret") {
		t.Errorf("the connection string was printed:\n%s", got)
	}
	if cfg == nil {
		t.Fatal("no config")
	}
	// The good keys: defaults filled in.
	dir = testsite.Write(t, `
-- site.toml --
timezone = "Europe/Berlin"
[[service]]
id = "etl"
  [[service.slo]]
  id = "a"
  indicator = "anomaly"
  column = "rows"
  objective = 99
  [[service.slo]]
  id = "d"
  indicator = "deadline"
  deadline = "6:30"
  objective = 99
`)
	cfg, ds = LoadConfig(dir + "/site.toml")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	a, d := cfg.Services[0].SLOs[0].Data, cfg.Services[0].SLOs[1].Data
	if a.Weeks != 4 || a.K != 3 || a.MinHistory != 3 || a.MinWidth != 0.05 || a.DayOfWeek {
		t.Errorf("anomaly defaults %+v", a)
	}
	if d.Hourly || d.Hours != 6 || d.Minutes != 30 || cfg.Services[0].SLOs[1].DeadlineText() != "06:30" {
		t.Errorf("deadline %+v", d)
	}
}
