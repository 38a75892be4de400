package openslo

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/example"
)

// Fixtures of the kinds the OpenSLO specification's examples show (an
// occurrences threshold SLO, a ratio over a calendar month with two
// objectives, RatioTimeslices, an SLI referenced by name, a Service and
// an alert policy), written here in our own words.
var fixtures = map[string]string{
	"search.yaml": `# Searches answer within half a second.
apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
  displayName: Searches are fast
spec:
  description: Shoppers leave when search is slow.
  service: web-shop
  indicator:
    metadata:
      name: search-duration
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: histogram_quantile(0.99, rate(search_seconds_bucket[5m]))
  timeWindow:
    - duration: 2w
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Good experience
      op: lt
      value: 500
      target: 0.99
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: page-on-fast-burn
`,
	"availability.yaml": `apiVersion: openslo/v1
kind: Service
metadata:
  name: web-availability
  displayName: Web availability
  labels:
    env: prod
    tier:
      - gold
      - edge
spec:
  description: The public web front.
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: uptime
  displayName: Up each month
spec:
  description: Matches the contract.
  service: web-availability
  indicator:
    metadata:
      name: up-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Datadog
            spec:
              query: sum:requests.ok{*}
        total:
          metricSource:
            type: Datadog
            spec:
              query: sum:requests{*}
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: 2022-01-01 12:00:00
        timeZone: America/New_York
  budgetingMethod: Timeslices
  objectives:
    - displayName: Internal
      target: 0.995
      timeSliceTarget: 0.99
      timeSliceWindow: 1m
    - displayName: Contract
      targetPercent: 99
      timeSliceTarget: 0.99
      timeSliceWindow: 1m
`,
	"refs/main-page.yaml": `apiVersion: openslo/v1
kind: SLI
metadata:
  name: main-page-codes
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: statusgen
        spec:
          column: ok
    total:
      metricSource:
        type: statusgen
        spec:
          column: all
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: main-page
spec:
  service: web-shop
  indicatorRef: main-page-codes
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: RatioTimeslices
  objectives:
    - displayName: Main page answers
      target: 0.999
      timeSliceWindow: 1m
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: page-on-fast-burn
spec:
  conditions: []
`,
}

func writeFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range fixtures {
		p := filepath.Join(dir, "openslo", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readDir(t *testing.T, dir string) ([]*Service, string) {
	t.Helper()
	files, err := Files(filepath.Join(dir, "openslo"))
	if err != nil {
		t.Fatal(err)
	}
	svcs, ds := Read(files, func(p string) string { r, _ := filepath.Rel(dir, p); return filepath.ToSlash(r) }, "Europe/Berlin")
	if ds.HasErrors() {
		t.Fatalf("errors: %s", ds.Error())
	}
	return svcs, ds.Error()
}

func TestReadSpecExamples(t *testing.T) {
	dir := writeFixtures(t)
	svcs, warnings := readDir(t, dir)
	f := func(v float64) *float64 { return &v }
	want := []*Service{
		{ID: "web-availability", Name: "Web availability", Description: "The public web front.", Interval: "1m",
			Labels: map[string]string{"env": "prod", "tier": "gold, edge"}, Where: "openslo/availability.yaml:1",
			SLOs: []*SLO{
				{ID: "uptime", Name: "Internal", Rationale: "Matches the contract.", Indicator: "ratio", Objective: 99.5, Window: "month", Good: "good", Total: "total", Where: "openslo/availability.yaml:46"},
				{ID: "uptime-2", Name: "Contract", Rationale: "Matches the contract.", Indicator: "ratio", Objective: 99, Window: "month", Good: "good", Total: "total", Where: "openslo/availability.yaml:50"},
			}},
		{ID: "web-shop", Interval: "1m", Where: "openslo/refs/main-page.yaml:19",
			SLOs: []*SLO{
				{ID: "main-page", Name: "Main page answers", Indicator: "ratio", Objective: 99.9, Window: "28d", Good: "ok", Total: "all", Where: "openslo/refs/main-page.yaml:31"},
				{ID: "search-latency", Name: "Good experience", Rationale: "Shoppers leave when search is slow.", Indicator: "threshold", Objective: 99, Window: "2w", Column: "value", Op: "<", Threshold: f(500), Where: "openslo/search.yaml:24"},
			}},
	}
	// Files are read in name order: availability, refs/main-page, search.
	if !reflect.DeepEqual(svcs, want) {
		for _, s := range svcs {
			t.Logf("%+v", *s)
			for _, o := range s.SLOs {
				t.Logf("  %+v", *o)
			}
		}
		t.Fatal("services differ from the expected mapping")
	}
	for _, w := range []string{
		"openslo/availability.yaml:9:7: warning: label tier has 2 values; statusgen labels hold one, so they are joined",
		"openslo/availability.yaml:43:19: warning: calendar time zone America/New_York differs from the site's (Europe/Berlin)",
		"openslo/availability.yaml:44:20: warning: Timeslices of a ratio metric have no counterpart",
		"openslo/availability.yaml:48:24: warning: timeSliceTarget has no counterpart",
		"openslo/availability.yaml:30:13: warning: metric source \"Datadog\" is not queried",
		"openslo/refs/main-page.yaml:29:20: warning: RatioTimeslices has no counterpart",
		"openslo/refs/main-page.yaml:36:7: warning: kind AlertPolicy has no counterpart in statusgen",
		"openslo/search.yaml:16:11: warning: metric source \"Prometheus\" is not queried",
		"openslo/search.yaml:15:9: warning: the threshold metric names no statusgen column",
		"openslo/search.yaml:29:5: warning: alert policies have no counterpart",
	} {
		if !strings.Contains(warnings, w) {
			t.Errorf("no warning %q in:\n%s", w, warnings)
		}
	}
}

// Bad input is an error with its line; the rest is still read.
func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "bad.yaml")
	os.WriteFile(p, []byte(`apiVersion: openslo/v1
kind: SLO
metadata:
  name: Bad_Name
spec:
  service: x
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: short
spec:
  service: x
  indicator:
    spec:
      ratioMetric: {good: {}, total: {}}
  timeWindow:
    - duration: 5m
      isRolling: true
  objectives:
    - target: 0.99
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: fine
spec:
  service: x
  indicator:
    spec:
      ratioMetric: {good: {}, total: {}}
  objectives:
    - target: 1.5
    - target: 0.9
`), 0o644)
	svcs, ds := Read([]string{p}, func(string) string { return "bad.yaml" }, "UTC")
	got := ds.Error()
	for _, w := range []string{
		`bad.yaml:4:9: SLO name "Bad_Name" is not a statusgen id`,
		`bad.yaml:18:17: timeWindow 5m is shorter than statusgen's shortest window (1h)`,
		`bad.yaml:33:15: target "1.5": a ratio between 0 and 1`,
		`bad.yaml:28:3: warning: no timeWindow; statusgen's default window 28d is used`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("no %q in:\n%s", w, got)
		}
	}
	if len(svcs) != 1 || len(svcs[0].SLOs) != 1 || svcs[0].SLOs[0].ID != "fine-2" || svcs[0].SLOs[0].Objective != 90 {
		t.Errorf("read %+v", svcs)
	}
}

// The example site exported and imported into an empty site gives back
// every service and SLO with every figure.
func TestRoundTripKeepsEveryFigure(t *testing.T) {
	files, err := example.Files(testNow)
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "site.toml"), files["site.toml"], 0o644)
	orig, ds := config.LoadConfig(filepath.Join(src, "site.toml"))
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	y, notes, err := Export(orig)
	if err != nil {
		t.Fatal(err)
	}
	// What OpenSLO cannot say is left out with a note; every other SLO
	// comes back whole.
	left := 0
	for _, s := range orig.Services {
		var kept []*config.SLOConfig
		for _, o := range s.SLOs {
			if Exportable(o) {
				kept = append(kept, o)
			} else {
				left++
			}
		}
		s.SLOs = kept
	}
	if left == 0 || len(notes) != left {
		t.Errorf("%d SLOs left out, %d notes: %q", left, len(notes), notes)
	}
	dst := t.TempDir()
	yp := filepath.Join(dst, "slos.yaml")
	os.WriteFile(yp, y, 0o644)
	svcs, rds := Read([]string{yp}, filepath.Base, orig.Timezone)
	if rds.HasErrors() || len(rds) != 0 {
		t.Fatalf("reading our own export: %s", rds.Error())
	}
	site := filepath.Join(dst, "site.toml")
	start := "title = \"Copy\"\ntimezone = \"Europe/Berlin\"\n"
	os.WriteFile(site, []byte(start), 0o644)
	empty, _ := config.LoadConfig(site)
	text, _ := Merge(start, empty, svcs)
	if err := WriteConfig(site, text); err != nil {
		t.Fatal(err)
	}
	back, ds := config.LoadConfig(site)
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	if len(back.Services) != len(orig.Services) {
		t.Fatalf("%d services back, want %d", len(back.Services), len(orig.Services))
	}
	for i, a := range orig.Services {
		b := back.Services[i]
		if a.ID != b.ID || a.Name != b.Name || a.Description != b.Description || a.Owner != b.Owner ||
			a.Contact != b.Contact || a.Runbook != b.Runbook || a.Interval != b.Interval || !reflect.DeepEqual(a.Labels, b.Labels) {
			t.Errorf("service %s: %+v, want %+v", a.ID, *b, *a)
		}
		if len(a.SLOs) != len(b.SLOs) {
			t.Fatalf("service %s: %d SLOs back, want %d", a.ID, len(b.SLOs), len(a.SLOs))
		}
		for j, o := range a.SLOs {
			p := b.SLOs[j]
			same := o.ID == p.ID && o.Name == p.Name && o.Indicator == p.Indicator && o.Objective == p.Objective &&
				o.WindowSpec == p.WindowSpec && o.Column == p.Column && o.Op == p.Op && reflect.DeepEqual(o.Threshold, p.Threshold) &&
				o.Good == p.Good && o.Total == p.Total && o.TimeBased() == p.TimeBased() && reflect.DeepEqual(o.SLA, p.SLA) &&
				o.SLAPeriod == p.SLAPeriod && reflect.DeepEqual(o.MinCoverage, p.MinCoverage) && o.Rationale == p.Rationale
			if !same {
				t.Errorf("SLO %s/%s: %+v, want %+v", a.ID, o.ID, *p, *o)
			}
		}
	}
	// Exporting the copy gives the same YAML.
	y2, _, err := Export(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(y2) != string(y) {
		t.Errorf("second export differs:\n%s\n---\n%s", y2, y)
	}
}
