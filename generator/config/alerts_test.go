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

func TestNotifyConfig(t *testing.T) {
	const head = "[[group]]\nid = \"apis\"\n[[service]]\nid = \"orders-api\"\ngroup = \"apis\"\n" +
		"[[channel]]\nid = \"oncall\"\ntype = \"slack\"\nurl_env = \"SLACK_URL\"\n"
	tests := []struct {
		name, extra, want string
	}{
		{"unknown channel", "[[route]]\nchannels = [\"on-call\"]\n", `site.toml:11: [route] channels: names no [[channel]]: "on-call"; did you mean "oncall"?`},
		{"unknown service", "[[route]]\nchannels = [\"oncall\"]\nservices = [\"order-api\"]\n", `site.toml:12: [route] services: names no [[service]]: "order-api"; did you mean "orders-api"?`},
		{"unknown group", "[[route]]\nchannels = [\"oncall\"]\ngroups = [\"api\"]\n", `site.toml:12: [route] groups: names no [[group]]: "api"`},
		{"unknown severity", "[[route]]\nchannels = [\"oncall\"]\nseverities = [\"critical\"]\n", `site.toml:12: [route] severities: unknown severity "critical"`},
		{"secret in site.toml", "[[channel]]\nid = \"x\"\ntype = \"slack\"\nurl_env = \"https://hooks.example.com/T0/B0/xyz\"\n",
			`site.toml:13: [channel] url_env: "https://hooks.example.com/T0/B0/xyz" is not an environment variable name`},
		{"webhook without secret", "[[channel]]\nid = \"x\"\ntype = \"webhook\"\nurl_env = \"U\"\n", `site.toml:10: [channel] secret_env: missing`},
		{"bad type", "[[channel]]\nid = \"x\"\ntype = \"teams\"\n", `site.toml:12: [channel] type: must be slack, googlechat, webhook or email, got "teams"`},
		{"email", "[[channel]]\nid = \"m\"\ntype = \"email\"\nsmtp = \"mail.example.com\"\nfrom = \"x\"\n",
			`site.toml:13: [channel] smtp: "mail.example.com" is not host:port`},
		{"repeat", "[notify]\nrepeat = \"1m\"\n", `site.toml:11: [notify] repeat: bad repeat "1m"`},
	}
	for _, tt := range tests {
		_, ds := loadTOML(t, head+tt.extra)
		if !strings.Contains(ds.Error(), tt.want) {
			t.Errorf("%s: %s\nwant %s", tt.name, ds.Error(), tt.want)
		}
	}
	cfg, ds := loadTOML(t, head+"[[route]]\nchannels = [\"oncall\"]\ngroups = [\"apis\"]\nseverities = [\"page\"]\n")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	svc := cfg.Services[0]
	if got := cfg.ChannelsFor(svc, "page"); len(got) != 1 || got[0] != "oncall" {
		t.Errorf("page goes to %v", got)
	}
	if got := cfg.ChannelsFor(svc, "ticket"); len(got) != 0 {
		t.Errorf("ticket goes to %v", got)
	}
	if cfg.Notify.RepeatDur != 4*time.Hour || cfg.Notify.State != ".statusgen/notify-state.json" {
		t.Errorf("notify defaults %+v", cfg.Notify)
	}
}

func TestPromSourceConfig(t *testing.T) {
	const head = "[[service]]\nid = \"api\"\n  [[service.slo]]\n  id = \"r\"\n  indicator = \"ratio\"\n  objective = 99\n    [service.slo.prometheus]\n"
	for _, tt := range []struct{ extra, want string }{
		{"    total_query = 'sum(rate(x[{{.window}}]))'\n", `site.toml:7: [service.slo.prometheus] error_query: missing`},
		{"    error_query = 'sum(rate(e[5m]))'\n    total_query = 'sum(rate(x[{{.window}}]))'\n", `site.toml:8: [service.slo.prometheus] error_query: "sum(rate(e[5m]))" has no {{.window}}`},
		{"    error_query = 'sum(rate(e[{{.window}}]))'\n", `[service.slo.prometheus] total_query: missing`},
	} {
		_, ds := loadTOML(t, head+tt.extra)
		if !strings.Contains(ds.Error(), tt.want) {
			t.Errorf("%s\nwant %s", ds.Error(), tt.want)
		}
	}
}
