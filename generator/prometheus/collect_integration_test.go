package prometheus

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
)

// TestCollectReal: a site declares a Prometheus source; two collect runs
// 15 minutes apart add exactly the steps that came due in between, and a
// third at the same time asks nothing. Real Prometheus (Debian's package,
// installed by .ci/run) over history backfilled with promtool.
func TestCollectReal(t *testing.T) {
	for _, tool := range []string{"prometheus", "promtool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: this test needs a real Prometheus; .ci/run installs it (apt_install prometheus), or run: apt-get install prometheus", tool)
		}
	}
	work := t.TempDir()
	// Two counters, one sample a minute from s−60m to s+60m: code="200"
	// grows by 10 a minute, code="500" by 1. At every step:
	//   good  = increase(200[5m])         = 5 × 10 = 50
	//   total = increase(all[5m])         = 5 × 11 = 55
	//   rps   = sum(rate(all[5m]))        = 11 / 60 = 0.183333 (6 decimals)
	s := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	var c200, c500 strings.Builder
	for m := -60; m <= 60; m++ {
		ts := s.Add(time.Duration(m) * time.Minute).Unix()
		fmt.Fprintf(&c200, "http_requests_total{code=\"200\"} %d %d\n", 1000+10*(m+60), ts)
		fmt.Fprintf(&c500, "http_requests_total{code=\"500\"} %d %d\n", 100+(m+60), ts)
	}
	om := "# HELP http_requests Requests served.\n# TYPE http_requests counter\n" + c200.String() + c500.String() + "# EOF\n"
	omFile := filepath.Join(work, "history.om")
	data := filepath.Join(work, "data")
	if err := os.WriteFile(omFile, []byte(om), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("promtool", "tsdb", "create-blocks-from", "openmetrics", omFile, data).CombinedOutput(); err != nil {
		t.Fatalf("promtool tsdb create-blocks-from openmetrics: %v\n%s", err, out)
	}
	url := startPrometheus(t, work, data)

	dir := t.TempDir()
	site := fmt.Sprintf(`title = "T"
base_url = "https://s.example.com/"

[[service]]
id = "api"
name = "API"
  [service.source]
  url      = %q
  good     = 'sum(increase(http_requests_total{code!~"5.."}[5m]))'
  total    = 'sum(increase(http_requests_total[5m]))'
  step     = "5m"
  backfill = "30m"
  settle   = "2m"
  [service.source.columns]
  rps = 'sum(rate(http_requests_total[5m]))'

  [[service.slo]]
  id = "ok"
  indicator = "ratio"
  objective = 99
`, url)
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	svc := cfg.Service("api")
	client, err := SourceClient(svc.Source, &http.Client{Timeout: time.Minute}, nil)
	if err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "content/metrics/api/source-2025-06.csv")
	row := func(m int) string {
		return s.Add(time.Duration(m)*time.Minute).Format(time.RFC3339) + ",50,55,0.183333\n"
	}

	// First run at 00:30: no row yet, so from now − backfill (00:00) to
	// now − settle (00:28), aligned down: 00:00 … 00:25, 6 steps.
	col, err := Collect(context.Background(), client, cfg, svc, s.Add(30*time.Minute), false)
	if err != nil {
		t.Fatal(err)
	}
	want := "time,good,total,rps\n" + row(0) + row(5) + row(10) + row(15) + row(20) + row(25)
	if got, _ := os.ReadFile(csv); string(got) != want || col.Added != 6 || col.Steps != 6 || !col.Newest.IsZero() {
		t.Fatalf("first run %+v:\n%s\nwant\n%s", col, got, want)
	}
	// 15 minutes later: the steps after 00:25 up to 00:43 → 00:30, 00:35, 00:40.
	col, err = Collect(context.Background(), client, cfg, svc, s.Add(45*time.Minute), false)
	if err != nil {
		t.Fatal(err)
	}
	want += row(30) + row(35) + row(40)
	if got, _ := os.ReadFile(csv); string(got) != want || col.Added != 3 || col.Duplicates != 0 || col.Newest != s.Add(25*time.Minute) ||
		col.Start != s.Add(30*time.Minute) || col.End != s.Add(40*time.Minute) {
		t.Fatalf("second run %+v:\n%s\nwant\n%s", col, got, want)
	}
	// Again at the same time: nothing due, no request, nothing written.
	col, err = Collect(context.Background(), client, cfg, svc, s.Add(45*time.Minute), false)
	if err != nil || col.Due || col.Requests != 0 || col.Added != 0 {
		t.Errorf("third run: %v %+v", err, col)
	}
	if got, _ := os.ReadFile(csv); string(got) != want {
		t.Errorf("the third run changed the file:\n%s", got)
	}

	// The backfill collect leaves out: import prometheus without queries
	// takes the source's, and its step, into the source's files.
	imp, err := ImportService(context.Background(), client, ImportOptions{ConfigPath: filepath.Join(dir, "site.toml"), Service: "api",
		Start: "2025-05-31T23:45:00Z", End: "2025-05-31T23:59:59Z", Step: "1m", StepDefault: true, MaxPoints: 100})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "content/metrics/api/source-2025-05.csv"))
	if imp.Added != 3 || string(got) != "time,good,total\n2025-05-31T23:45:00Z,50,55\n2025-05-31T23:50:00Z,50,55\n2025-05-31T23:55:00Z,50,55\n" {
		t.Errorf("import with the source's queries: %+v\n%s", imp, got)
	}
}
