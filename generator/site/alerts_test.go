package site

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// hourlyRuns writes an hourly job's runs ending at last (oldest first):
// x for a failed run (good 0 of 1), o for a good one.
func hourlyRuns(last time.Time, runs string) string {
	var b strings.Builder
	b.WriteString("time,good,total\n")
	for i, r := range runs {
		g := 1
		if r == 'x' {
			g = 0
		}
		fmt.Fprintf(&b, "%s,%d,1\n", last.Add(time.Duration(i-len(runs)+1)*time.Hour).Format(time.RFC3339), g)
	}
	return b.String()
}

// The case: six hours of failed hourly dbt runs fired only the
// ticket alert. With the sparse defaults, three failed runs in a row
// page; two page nothing, and the 2-of-4 ticket fires.
func TestHourlyJobAlerts(t *testing.T) {
	now := testsite.Time(t, "2026-11-23T12:00:00Z")
	last := now.Add(-10 * time.Minute) // the 11:50 run
	tests := []struct {
		name        string
		runs        string
		alerts      string // extra site.toml lines
		wantFiring  []string
		wantState   string
		wantRuleTxt string
	}{
		// A 1-day window of 24 hourly runs (sli 21/24 < 99%: breached).
		// 21 good runs, then 3 failed: page 3/3 fires, ticket 2/4 (3 of
		// the last 4) fires, ticket 3d/6h: 6h burn = 3/6 / 0.01 = 50 and
		// 3d = 3/24 / 0.01 = 12.5 (24 runs in the last 3 d), both ≥ 0.1 ×
		// 24 h / 72 h = 0.0333: fires.
		{"3 failed in a row", strings.Repeat("o", 21) + "xxx", "",
			[]string{"ticket:3d/6h", "page:3/3runs", "ticket:2/4runs"}, "breached", "3 failed runs in a row"},
		// Two failed: no page; the ticket rules fire.
		{"2 failed", strings.Repeat("o", 22) + "xx", "",
			[]string{"ticket:3d/6h", "ticket:2/4runs"}, "breached", ""},
		// Recovered: x x x o → the page rule sees x x o (2 < 3) and stops.
		{"recovered", strings.Repeat("o", 20) + "xxxo", "",
			[]string{"ticket:3d/6h", "ticket:2/4runs"}, "breached", ""},
		// Rules of site.toml replace the defaults: one page on 2 in a row.
		{"own rule", strings.Repeat("o", 22) + "xx",
			"    [[service.slo.alert]]\n    severity = \"page\"\n    failed_runs = 2\n",
			[]string{"page:2/2runs"}, "breached", "2 failed runs in a row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testsite.SiteFiles(t, map[string]string{
				"site.toml": "title = \"T\"\n[[service]]\nid = \"dbt\"\ninterval = \"1h\"\n" +
					"  [[service.slo]]\n  id = \"runs\"\n  indicator = \"ratio\"\n  objective = 99\n  window = \"1d\"\n" + tt.alerts,
				"content/metrics/dbt/2026-11.csv": hourlyRuns(last, tt.runs),
			})
			st, ds := Load(cfg, now)
			if st == nil || ds.HasErrors() {
				t.Fatalf("load: %v", ds)
			}
			r := st.Services[0].SLOs[0]
			var firing []string
			for _, a := range r.Alerts {
				if a.Firing {
					firing = append(firing, a.Name())
				}
			}
			if fmt.Sprint(firing) != fmt.Sprint(tt.wantFiring) || r.State != tt.wantState {
				t.Errorf("firing %v state %s; want %v %s", firing, r.State, tt.wantFiring, tt.wantState)
			}
			if tt.wantRuleTxt != "" && !strings.Contains(fmt.Sprint(r.Alerts), tt.wantRuleTxt) {
				t.Errorf("no rule reads %q: %+v", tt.wantRuleTxt, r.Alerts)
			}
			if sa := st.Services[0].StaleAlert; sa == nil || sa.Firing || sa.Severity != "ticket" {
				t.Errorf("stale alert %+v; want a quiet ticket", sa)
			}
		})
	}
}

// A custom burn-rate rule with spans outside the seven reported ones is
// exact: 12h and 1h are cuts of the timeline.
func TestCustomBurnRule(t *testing.T) {
	now := testsite.Time(t, "2026-11-23T12:00:00Z")
	var b strings.Builder
	b.WriteString("time,status\n")
	// 5-minute samples over the last 3 days; down for the last 90 minutes.
	for ts := now.Add(-72 * time.Hour); ts.Before(now); ts = ts.Add(5 * time.Minute) {
		st := "up"
		if !ts.Before(now.Add(-90 * time.Minute)) {
			st = "down"
		}
		fmt.Fprintf(&b, "%s,%s\n", ts.Format(time.RFC3339), st)
	}
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml": "title = \"T\"\n[[service]]\nid = \"api\"\ninterval = \"5m\"\n" +
			"  [[service.slo]]\n  id = \"up\"\n  objective = 99\n  window = \"28d\"\n" +
			"    [[service.slo.alert]]\n    severity = \"ticket\"\n    long = \"12h\"\n    short = \"90m\"\n    budget = 10\n",
		"content/metrics/api/2026-11.csv": b.String(),
	})
	st, ds := Load(cfg, now)
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	a := st.Services[0].SLOs[0].Alerts
	// threshold 0.1 × 672 h / 12 h = 5.6. 12h burn: 1.5 h down of 12 h =
	// 0.125 / 0.01 = 12.5; 90m burn: all down = 100. Both ≥ 5.6: fires.
	if len(a) != 1 || a[0].Threshold != 5.6 || !a[0].Firing || a[0].Name() != "ticket:12h/90m" ||
		a[0].LongRate == nil || math.Abs(*a[0].LongRate-12.5) > 1e-9 || math.Abs(*a[0].ShortRate-100) > 1e-9 {
		t.Fatalf("alerts %+v (rates %v %v)", a, deref(a[0].LongRate), deref(a[0].ShortRate))
	}
}

// Stale data is an alert condition: a daily job 30 h quiet under
// stale_after 26h fires its stale_alert; "none" turns it off.
func TestStaleAlert(t *testing.T) {
	now := testsite.Time(t, "2026-11-23T12:00:00Z")
	for _, tt := range []struct {
		key  string
		want string // "" for no alert
	}{
		{"", "ticket"}, {`stale_alert = "page"`, "page"}, {`stale_alert = "none"`, ""},
	} {
		cfg := testsite.SiteFiles(t, map[string]string{
			"site.toml": "title = \"T\"\n[[service]]\nid = \"etl\"\ninterval = \"1d\"\nstale_after = \"26h\"\n" + tt.key + "\n" +
				"  [[service.slo]]\n  id = \"runs\"\n  objective = 90\n",
			"content/metrics/etl/2026-11.csv": "time,status\n2026-11-21T06:00:00Z,up\n2026-11-22T06:00:00Z,up\n",
		})
		st, ds := Load(cfg, now)
		if st == nil || ds.HasErrors() {
			t.Fatalf("load: %v", ds)
		}
		a := st.Services[0].StaleAlert
		switch {
		case tt.want == "" && a != nil:
			t.Errorf("%q: alert %+v, want none", tt.key, a)
		case tt.want != "" && (a == nil || !a.Firing || a.Severity != tt.want):
			t.Errorf("%q: alert %+v, want %s firing", tt.key, a, tt.want)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
