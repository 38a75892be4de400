package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The dbt and Great Expectations imports keep what each node checked; the
// service page shows the per-model durations and which tests or
// expectations failed on which day.
func TestImportedRunDetailsOnTheServicePage(t *testing.T) {
	rd, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "realdata"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(rd); err != nil {
		t.Fatalf("the real-data folder is missing (%v); CI provides ../shared/realdata beside the repository", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(`title = "T"
base_url = "https://s.example.com/"
history_days = 30

[[service]]
id = "dbt-nightly"
name = "dbt nightly"
  [[service.slo]]
  id = "runs"
  indicator = "ratio"
  objective = 99

[[service]]
id = "quality"
name = "Occupations quality"
  [[service.slo]]
  id = "expectations"
  indicator = "ratio"
  objective = 99
`), 0o644)
	runs := filepath.Join(dir, "in", "dbt")
	os.MkdirAll(runs, 0o755)
	os.WriteFile(filepath.Join(runs, "run_results.json"), []byte(`{"metadata": {"generated_at": "2026-11-20T02:10:00Z", "invocation_id": "inv-1"}, "elapsed_time": 312.5,
 "results": [
  {"status": "success", "unique_id": "model.shop.orders", "execution_time": 120.25},
  {"status": "success", "unique_id": "model.shop.customers", "execution_time": 45.5},
  {"status": "pass", "unique_id": "test.shop.not_null_orders_id", "execution_time": 1.0},
  {"status": "fail", "unique_id": "test.shop.unique_orders_id", "execution_time": 2.0, "message": "Got 3 results, configured to fail if != 0"}]}`), 0o644)
	if code, out, errs := runCLI(t, nil, "import", "dbt", runs, "--service", "dbt-nightly", "-c", dir); code != exitOK {
		t.Fatalf("import dbt: exit %d\n%s%s", code, out, errs)
	}
	ge := filepath.Join(rd, "pipeline", "great_expectations")
	if code, out, errs := runCLI(t, nil, "import", "great-expectations", ge, "--service", "quality", "-c", dir); code != exitOK {
		t.Fatalf("import great-expectations: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, nil, "build", "-c", dir, "--now", "2026-11-23T12:00:00Z"); code != exitOK {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public", "services", "dbt-nightly", "index.html"))
	for _, want := range []string{
		`<h2 id="runs-h">Runs and checks</h2>`,
		"Latest dbt run", "312.50 s", `<span class="warn">1 failed</span>`,
		"<code>test.shop.unique_orders_id</code> <span class=\"muted\">fail</span> — Got 3 results, configured to fail if != 0",
		"<tr><td><code>model.shop.orders</code></td><td>success</td><td>120.25 s</td></tr>",
		"<tr><td><code>model.shop.customers</code></td><td>success</td><td>45.50 s</td></tr>",
		"<strong>20 Nov 2026</strong>",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the dbt service page lacks %q", want)
		}
	}
	// The real dbt sample (dbt 1.9, 61 nodes, none failed) of 2024-12-16:
	// its longest models with their durations (execution_time to the
	// millisecond: 15.319193… → 15.319 → "15.32 s"), and no failed check.
	dbtReal := filepath.Join(rd, "pipeline", "dbt")
	if code, out, errs := runCLI(t, nil, "import", "dbt", dbtReal, "--service", "dbt-nightly", "-c", dir); code != exitOK {
		t.Fatalf("import dbt (real): exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, nil, "build", "-c", dir, "--now", "2024-12-18T12:00:00Z"); code != exitOK {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	page, _ = os.ReadFile(filepath.Join(dir, "public", "services", "dbt-nightly", "index.html"))
	for _, want := range []string{
		"Latest dbt run", "38.73 s · all passed",
		"<tr><td><code>model.elementary.dbt_columns</code></td><td>success</td><td>15.32 s</td></tr>",
		"<tr><td><code>model.elementary.dbt_seeds</code></td><td>success</td><td>13.29 s</td></tr>",
		"No check failed in the uptime history.",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the dbt service page (real sample) lacks %q", want)
		}
	}
	if n := strings.Count(string(page), "<tr><td><code>"); n != 15 {
		t.Errorf("%d nodes listed, want the 15 longest", n)
	}

	// The GE sample ran on 2019-07-31: a build a few days later shows which
	// 2 of its 15 expectations failed.
	if code, out, errs := runCLI(t, nil, "build", "-c", dir, "--now", "2019-08-03T12:00:00Z"); code != exitOK {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	page, _ = os.ReadFile(filepath.Join(dir, "public", "services", "quality", "index.html"))
	for _, want := range []string{
		"Latest great_expectations run · BasicDatasetProfiler", `<span class="warn">2 failed</span>`,
		"<code>expect_column_values_to_be_in_set(id)</code> <span class=\"muted\">fail</span>",
		"<code>expect_column_values_to_be_in_set(name)</code> <span class=\"muted\">fail</span>",
		"<strong>31 Jul 2019</strong>",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the quality service page lacks %q", want)
		}
	}
}
