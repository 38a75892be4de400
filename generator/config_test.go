package generator

import (
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

// Every problem in site.toml is reported at once, each with its line.
func TestConfigReportsEveryErrorWithItsLine(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
title = "T"
timezone = "Mars/Olympus"
histroy_days = 30

[[group]]
id = "apis"

[[service]]
id = "api"
group = "apis"
interval = "5 minutes"

  [[service.slo]]
  id = "a"
  objective = 100
  window = "fortnight"

[[service]]
id = "api"
group = "nope"

  [service.probe]
  url = "ftp://x"
  timeout = "soon"
`)
	_, ds := LoadConfig(dir + "/site.toml")
	want := []string{
		`site.toml:2: timezone: unknown time zone "Mars/Olympus"`,
		`site.toml:3: unknown key "histroy_days"; did you mean "history_days"?`,
		`site.toml:11: [service] interval: bad duration "5 minutes"`,
		`site.toml:15: [service.slo] objective: must be a percentage between 0 and 100`,
		`site.toml:16: [service.slo] window: bad window "fortnight"`,
		`site.toml:19: [service] id: duplicate service id "api"`,
		`site.toml:20: [service] group: names no [[group]]: "nope"`,
		`site.toml:23: [service.probe] url: must be an http:// or https:// URL`,
		`site.toml:24: [service.probe] timeout: bad duration "soon"`,
	}
	ds.Sort()
	got := ds.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing diagnostic %q\ngot:\n%s", w, got)
		}
	}
	if errs, _ := ds.Count(); errs != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", errs, len(want), got)
	}
}

func TestConfigSyntaxErrorHasLine(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
title = "T"
[[service]
id = "x"
`)
	_, ds := LoadConfig(dir + "/site.toml")
	if len(ds) != 1 || ds[0].Line != 2 || !strings.HasPrefix(ds[0].Error(), "site.toml:2") {
		t.Fatalf("want one error on line 2, got %v", ds)
	}
}

func TestConfigDefaults(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
[[service]]
id = "api"
  [[service.slo]]
  id = "availability"
  objective = 99.9
  [[service.slo]]
  id = "jobs"
  indicator = "ratio"
  objective = 99
  window = "month"
`)
	cfg, ds := LoadConfig(dir + "/site.toml")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	s := cfg.Services[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"timezone", cfg.Timezone, "UTC"},
		{"history_days", cfg.HistoryDays, 90},
		{"service name", s.Name, "api"},
		{"indicator", s.SLOs[0].Indicator, "status"},
		{"window", s.SLOs[0].WindowSpec.Rolling.Hours(), 28 * 24.0},
		{"calendar window", s.SLOs[1].WindowSpec.Calendar, "month"},
		{"ratio good column", s.SLOs[1].Good, "good"},
		{"sla period", s.SLOs[0].SLAPeriod, "quarter"},
		{"min coverage", cfg.MinCoverageFor(s.SLOs[0]), 0.9},
		{"exclude maintenance", cfg.ExcludesMaintenance(), true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]float64{"5m": 300, "90s": 90, "1h30m": 5400, "28d": 28 * 86400, "2w": 14 * 86400, "1.5d": 129600} {
		d, err := ParseDuration(in)
		if err != nil || d.Seconds() != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %vs", in, d, err, want)
		}
	}
	for _, bad := range []string{"", "5", "d", "-1d", "soon"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) succeeded", bad)
		}
	}
}

// A value of the wrong type is reported with its line, and so is every
// other problem of the file.
func TestConfigTypeErrorsAllWithLines(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
title = 3
timezone = "Nowhere/X"
[[service]]
id = "a"
interval = 5
  [[service.slo]]
  id = "s"
  objective = "99.9"
`)
	_, ds := LoadConfig(dir + "/site.toml")
	ds.Sort()
	want := []string{
		`site.toml:1: title: expected text in quotes, got a whole number`,
		`site.toml:2: timezone: unknown time zone "Nowhere/X"`,
		`site.toml:5: interval: expected text in quotes, got a whole number`,
		`site.toml:8: objective: expected a number, got text in quotes`,
	}
	got := ds.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if errs, _ := ds.Count(); errs != len(want) {
		t.Errorf("%d errors, want %d (no repeats of a type error):\n%s", errs, len(want), got)
	}
}
