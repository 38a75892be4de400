package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// api/slo.json carries what google/slo-generator's report has: the
// service's contact, runbook and description, and per SLO its rationale,
// bad events, gap to target and the error-budget policy steps.
func TestSLOJSONSuperset(t *testing.T) {
	// One sample a minute over the 1-day window, minutes 100–109 down and
	// minutes 600–719 missing (as TestSLOJSONHandComputed):
	//   valid = 79,200 s, bad = 600 s, sli = 78,600 / 79,200 = 0.992424
	//   gap   = 0.992424… − 0.999 = −0.006576 (rounded to 6 places)
	//   steps: page-1h-5m, page-6h-30m, ticket-3d-6h; W = 1d = 24h, so
	//   thresholds 0.02×24/1 = 0.48, 0.05×24/6 = 0.2, 0.1×24/72 = 0.0333
	//   burn 1h = 0 (the last hour is up), 6h = 0 (all up), 3d: over the
	//   data there is, 600 / 79,200 / 0.001 = 7.5758 ≥ 0.0333, and 6h = 0
	//   < 0.0333, so no step alerts.
	from := fixedNow.Add(-24 * time.Hour)
	out, _, _ := buildSite(t, `
-- site.toml --
[[service]]
id = "api"
interval = "1m"
description = "Takes orders"
owner = "Checkout"
contact = "#checkout-oncall"
runbook = "https://wiki.example.com/runbooks/api"
  [[service.slo]]
  id = "availability"
  objective = 99.9
  window = "1d"
  rationale = "Checkout depends on it."
-- content/metrics/api/2026-11.csv --
`+minuteRows(from, 1440, [2]int{100, 110}, [2]int{600, 720}))
	b, err := os.ReadFile(filepath.Join(out, "api", "slo.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Services []map[string]any `json:"services"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	svc := doc.Services[0]
	for k, v := range map[string]any{"owner": "Checkout", "contact": "#checkout-oncall", "runbook": "https://wiki.example.com/runbooks/api", "description": "Takes orders"} {
		if svc[k] != v {
			t.Errorf("service %s = %v, want %v", k, svc[k], v)
		}
	}
	o := svc["slos"].([]any)[0].(map[string]any)
	for k, v := range map[string]any{"rationale": "Checkout depends on it.", "bad": 600.0, "gap": -0.006576} {
		if o[k] != v {
			t.Errorf("slo %s = %v, want %v", k, o[k], v)
		}
	}
	steps := o["error_budget_policy"].([]any)
	want := []struct {
		name, window string
		threshold    float64
	}{{"page-1h-5m", "1h", 0.48}, {"page-6h-30m", "6h", 0.2}, {"ticket-3d-6h", "3d", 0.0333}}
	if len(steps) != len(want) {
		t.Fatalf("%d steps, want %d", len(steps), len(want))
	}
	for i, w := range want {
		st := steps[i].(map[string]any)
		if st["step_name"] != w.name || st["window"] != w.window || st["burn_rate_threshold"] != w.threshold || st["alert"] != false {
			t.Errorf("step %d = %v, want %s over %s at %v, not alerting", i, st, w.name, w.window, w.threshold)
		}
	}
	if r := steps[2].(map[string]any)["burn_rate"]; r != 7.5758 {
		t.Errorf("ticket step burn rate = %v, want 7.5758", r)
	}
}
