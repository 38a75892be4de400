package config

import (
	"strings"
	"testing"
	"time"
)

func TestAlertRulesConfig(t *testing.T) {
	const head = "[[service]]\nid = \"dbt\"\n  [[service.slo]]\n  id = \"runs\"\n  indicator = \"ratio\"\n  objective = 99\n"
	tests := []struct {
		name    string
		alerts  string
		wantErr string   // "" for none
		want    []string // rule names
	}{
		{"defaults", "", "", []string{"ticket:3d/6h", "page:3/3runs", "ticket:2/4runs"}},
		{"in a row", "    [[service.slo.alert]]\n    severity = \"page\"\n    failed_runs = 3\n", "", []string{"page:3/3runs"}},
		{"k of n", "    [[service.slo.alert]]\n    severity = \"ticket\"\n    failed_runs = 2\n    of_last = 4\n", "", []string{"ticket:2/4runs"}},
		{"budget", "    [[service.slo.alert]]\n    severity = \"info\"\n    long = \"1d\"\n    short = \"2h\"\n    budget = 10\n", "", []string{"info:1d/2h"}},
		{"burn rate", "    [[service.slo.alert]]\n    severity = \"page\"\n    long = \"1h\"\n    short = \"5m\"\n    burn_rate = 14.4\n", "", []string{"page:1h/5m"}},
		{"bad severity", "    [[service.slo.alert]]\n    severity = \"critical\"\n    failed_runs = 3\n",
			`site.toml:8: [service.slo.alert] severity: must be page, ticket or info, got "critical"`, nil},
		{"of_last too small", "    [[service.slo.alert]]\n    severity = \"page\"\n    failed_runs = 3\n    of_last = 2\n",
			`site.toml:10: [service.slo.alert] of_last: must be from failed_runs (3) to 24`, nil},
		{"no threshold", "    [[service.slo.alert]]\n    severity = \"page\"\n    long = \"1h\"\n    short = \"5m\"\n",
			`[service.slo.alert] burn_rate: missing; give the threshold as burn_rate = 14.4 or as budget = 2`, nil},
		{"short longer", "    [[service.slo.alert]]\n    severity = \"page\"\n    long = \"1h\"\n    short = \"2h\"\n    burn_rate = 3\n",
			`site.toml:10: [service.slo.alert] short: "2h" is longer than long = "1h"`, nil},
		{"both kinds", "    [[service.slo.alert]]\n    severity = \"page\"\n    long = \"1h\"\n    failed_runs = 2\n",
			`failed_runs: a rule is either in runs`, nil},
		{"bad span", "    [[service.slo.alert]]\n    severity = \"page\"\n    long = \"soon\"\n    short = \"5m\"\n    budget = 2\n",
			`site.toml:9: [service.slo.alert] long: bad span "soon"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, ds := loadTOML(t, head+tt.alerts)
			if tt.wantErr == "" {
				if ds.HasErrors() {
					t.Fatalf("errors: %v", ds)
				}
				var got []string
				for _, r := range cfg.Services[0].SLOs[0].AlertRules(time.Hour) {
					got = append(got, r.Name())
				}
				if strings.Join(got, " ") != strings.Join(tt.want, " ") {
					t.Errorf("rules %v, want %v", got, tt.want)
				}
				return
			}
			if !strings.Contains(ds.Error(), tt.wantErr) {
				t.Errorf("errors %q, want %q", ds.Error(), tt.wantErr)
			}
		})
	}
	// An incidents SLO has no runs.
	_, ds := loadTOML(t, "[[service]]\nid = \"x\"\n  [[service.slo]]\n  id = \"i\"\n  indicator = \"incidents\"\n  objective = 99\n    [[service.slo.alert]]\n    severity = \"page\"\n    failed_runs = 1\n")
	if !strings.Contains(ds.Error(), "an incidents SLO has no runs") {
		t.Errorf("incidents SLO with a runs rule: %v", ds)
	}
	// stale_alert
	_, ds = loadTOML(t, "[[service]]\nid = \"x\"\nstale_alert = \"loud\"\n")
	if !strings.Contains(ds.Error(), `site.toml:3: [service] stale_alert: must be page, ticket, info or none, got "loud"`) {
		t.Errorf("stale_alert: %v", ds)
	}
}
