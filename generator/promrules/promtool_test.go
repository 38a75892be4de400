package promrules

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/example"
)

// promtool is Prometheus' own checker (Debian's prometheus package; .ci/run
// installs it). Missing, the test fails: the rules are only as good as
// Prometheus says.
func promtool(t *testing.T, args ...string) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		t.Fatalf("promtool is missing; install Debian's prometheus package (.ci/run does): %v", err)
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// exampleRules exports the rules of the example site, whose orders-api
// availability SLO has a Prometheus source.
func exampleRules(t *testing.T) (*File, string) {
	t.Helper()
	dir := t.TempDir()
	if err := example.Write(dir, time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if cfg == nil || ds.HasErrors() {
		t.Fatalf("example site.toml: %v", ds)
	}
	f, notes := Build(cfg)
	if len(f.Groups) != 3 || len(notes) != 0 {
		t.Fatalf("groups %d, notes %v", len(f.Groups), notes)
	}
	b, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "rules.yml")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return f, p
}

func TestPromtoolCheckRules(t *testing.T) {
	_, p := exampleRules(t)
	out := promtool(t, "check", "rules", p)
	if !strings.Contains(out, "SUCCESS: 18 rules found") {
		t.Errorf("promtool check rules:\n%s", out)
	}
}

type alertExp struct {
	Labels      map[string]string `yaml:"exp_labels"`
	Annotations map[string]string `yaml:"exp_annotations"`
}

// TestPromtoolTestRules runs promtool's unit tests on the example's
// exported rules (99.9% over 28 d: page 1h/5m at 13.44 × 0.001, page
// 6h/30m at 5.6 × 0.001, ticket 3d/6h at 0.9333 × 0.001), with requests
// scraped every minute, 600 a minute:
//   - 5% errors for 2 hours: every span's error ratio is 0.05, over every
//     threshold: all three alerts fire;
//   - all requests fail for 30 minutes, then none for 30: at 61 min the
//     1h ratio is about 0.49 but the last 5 and 30 minutes are clean, so
//     neither page fires (the trouble is over, as on the site); the 3d
//     and 6h ratios (about 0.49) still fire the ticket;
//   - 0.05% errors: 0.0005 is under even the ticket's 0.000933: nothing.
func TestPromtoolTestRules(t *testing.T) {
	f, rulesPath := exampleRules(t)
	byRule := map[string]alertExp{}
	for _, r := range f.Groups[2].Rules {
		byRule[r.Labels["statusgen_rule"]] = alertExp{r.Labels, r.Annotations}
	}
	exp := func(rules ...string) []alertExp {
		out := []alertExp{}
		for _, r := range rules {
			e, ok := byRule[r]
			if !ok {
				t.Fatalf("no alert rule %s", r)
			}
			out = append(out, e)
		}
		return out
	}
	type alertCase struct {
		EvalTime  string     `yaml:"eval_time"`
		Alertname string     `yaml:"alertname"`
		ExpAlerts []alertExp `yaml:"exp_alerts"`
	}
	type series struct {
		Series string `yaml:"series"`
		Values string `yaml:"values"`
	}
	type test struct {
		Interval    string      `yaml:"interval"`
		InputSeries []series    `yaml:"input_series"`
		AlertTests  []alertCase `yaml:"alert_rule_test"`
	}
	ok := `http_requests_total{job="orders-api",code="200"}`
	bad := `http_requests_total{job="orders-api",code="500"}`
	doc := map[string]any{
		"rule_files":          []string{filepath.Base(rulesPath)},
		"evaluation_interval": "1m",
		"tests": []test{
			{Interval: "1m", InputSeries: []series{{ok, "0+570x180"}, {bad, "0+30x180"}},
				AlertTests: []alertCase{{"2h", AlertName, exp("page:1h/5m", "page:6h/30m", "ticket:3d/6h")}}},
			{Interval: "1m", InputSeries: []series{{ok, "0+0x30 0+600x30"}, {bad, "0+600x30 18000+0x30"}},
				AlertTests: []alertCase{{"61m", AlertName, exp("ticket:3d/6h")}}},
			{Interval: "1m", InputSeries: []series{{ok, "0+9997x180"}, {bad, "0+5x180"}},
				AlertTests: []alertCase{{"2h", AlertName, exp()}}},
		},
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	testPath := filepath.Join(filepath.Dir(rulesPath), "rules_test.yml")
	if err := os.WriteFile(testPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := promtool(t, "test", "rules", testPath)
	if !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool test rules:\n%s", out)
	}
}
