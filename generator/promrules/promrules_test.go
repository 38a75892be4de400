package promrules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/config"
)

func load(t *testing.T, src string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.LoadConfig(p)
	if cfg == nil || ds.HasErrors() {
		t.Fatalf("site.toml: %v", ds)
	}
	return cfg
}

// A good_query is turned into an error ratio; a calendar month is ranged
// as 30d, so the thresholds are the workbook's for 30 days (14.4, 6, 1);
// a custom span gets its own recording rule; a runs rule is left out with
// a note; service labels ride along.
func TestBuild(t *testing.T) {
	cfg := load(t, `
[[service]]
id = "ingest"
name = "Ingest"
labels = { team = "data" }
  [[service.slo]]
  id = "events"
  indicator = "ratio"
  objective = 99
  window = "month"
    [service.slo.prometheus]
    good_query = 'sum(rate(events_ok_total[{{.window}}]))'
    total_query = 'sum(rate(events_total[{{.window}}]))'
    [[service.slo.alert]]
    severity = "page"
    long = "12h"
    short = "1h"
    budget = 10
    [[service.slo.alert]]
    severity = "ticket"
    failed_runs = 2
  [[service.slo]]
  id = "no-source"
  objective = 99
`)
	f, notes := Build(cfg)
	if len(f.Groups) != 3 || len(notes) != 1 || !strings.Contains(notes[0], "ingest/events: rule ticket:2/2runs (2 failed runs in a row) is stated in runs") {
		t.Fatalf("groups %d, notes %v", len(f.Groups), notes)
	}
	var records []string
	for _, r := range f.Groups[0].Rules {
		records = append(records, r.Labels["sloth_window"])
		if r.Labels["team"] != "data" {
			t.Errorf("labels %v", r.Labels)
		}
	}
	// The seven reported spans and 12h, in order.
	if strings.Join(records, " ") != "5m 30m 1h 2h 6h 12h 1d 3d" {
		t.Errorf("recorded spans %v", records)
	}
	if e := f.Groups[0].Rules[0].Expr; !strings.HasPrefix(e, "1 - (") || !strings.Contains(e, "events_ok_total[5m]") {
		t.Errorf("good query expr %s", e)
	}
	meta := f.Groups[1].Rules
	if meta[0].Record != "slo:sli_error:ratio_rate30d" || meta[2].Expr != "vector(0.01)" || meta[3].Expr != "vector(30)" {
		t.Errorf("meta %+v", meta[:4])
	}
	// 10% of 30 d within 12 h: 0.1 × 720 / 12 = 6.
	a := f.Groups[2].Rules
	if len(a) != 1 || !strings.Contains(a[0].Expr, "slo:sli_error:ratio_rate12h{") || !strings.Contains(a[0].Expr, ">= (6 * 0.01)") ||
		a[0].Labels["statusgen_rule"] != "page:12h/1h" {
		t.Errorf("alert %+v", a)
	}
}
