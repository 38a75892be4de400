package importer

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/metrics"
)

// A dbt build with a failing test and an erroring model: the row has the
// run's duration, the details every node's status and duration, and the
// failed ones with their message.
func TestImportDBTKeepsNodesAndFailures(t *testing.T) {
	s := newSite(t, map[string]string{
		"dbt/run_results.json": `{"metadata": {"generated_at": "2026-11-03T02:10:00Z", "invocation_id": "inv-1",
  "dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json"}, "elapsed_time": 312.5,
 "results": [
  {"status": "success", "unique_id": "model.shop.orders", "execution_time": 120.25, "message": "OK"},
  {"status": "error", "unique_id": "model.shop.payments", "execution_time": 3.5, "message": "Database Error\n  relation \"raw.payments\" does not exist"},
  {"status": "pass", "unique_id": "test.shop.not_null_orders_id", "execution_time": 1.0},
  {"status": "fail", "unique_id": "test.shop.unique_orders_id", "execution_time": 2.0, "message": "Got 3 results, configured to fail if != 0", "failures": 3}]}`,
		"dbt/sources.json": `{"metadata": {"generated_at": "2026-11-03T02:00:00Z", "invocation_id": "inv-0",
  "dbt_schema_version": "https://schemas.getdbt.com/dbt/sources/v3.json"}, "elapsed_time": 4.2,
 "results": [
  {"unique_id": "source.shop.raw.orders", "status": "pass", "max_loaded_at_time_ago_in_s": 420.5, "snapshotted_at": "2026-11-03T02:00:00Z"},
  {"unique_id": "source.shop.raw.payments", "status": "error", "max_loaded_at_time_ago_in_s": 90061, "error": "stale"}]}`,
	})
	var sum Summary
	if err := s.ImportDBT(filepath.Join(s.Config.Dir, "dbt"), PipelineOptions{Service: "api"}, &sum); err != nil {
		t.Fatal(err)
	}
	// good = orders + not_null = 2, total = 4.
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/api/2026-11.csv")); got != "time,good,total,duration_s\n2026-11-03T02:10:00Z,2,4,312.5\n" {
		t.Errorf("run row: %s", got)
	}
	// The stalest source: 90061 s.
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/api/freshness-2026-11.csv")); got != "time,lag_s\n2026-11-03T02:00:00Z,90061\n" {
		t.Errorf("freshness row: %s", got)
	}
	notes := strings.Join(sum.Notes, "\n")
	if !strings.Contains(notes, "2 nodes failed: model.shop.payments, test.shop.unique_orders_id") || !strings.Contains(notes, "1 source past its error threshold: source.shop.raw.payments") {
		t.Errorf("notes:\n%s", notes)
	}
	runs, err := metrics.ReadRunDetails(s.Config.Dir, s.MetricsDir("api"), time.Time{}, time.Time{})
	if err != nil || len(runs) != 2 {
		t.Fatalf("%v %+v", err, runs)
	}
	fresh, run := runs[0], runs[1]
	if fresh.Source != "dbt_freshness" || *fresh.Items[0].LagS != 420.5 || !fresh.Items[1].Failed {
		t.Errorf("freshness details: %+v", fresh)
	}
	if run.Source != "dbt" || run.Run != "inv-1" || *run.DurationS != 312.5 || len(run.Items) != 4 ||
		*run.Items[0].DurationS != 120.25 || !run.Items[1].Failed || run.Items[1].Message != `Database Error relation "raw.payments" does not exist` ||
		!run.Items[3].Failed || run.Items[2].Failed {
		t.Errorf("run details: %+v", run)
	}
	// Again: nothing twice, details included.
	sum = Summary{}
	if err := s.ImportDBT(filepath.Join(s.Config.Dir, "dbt"), PipelineOptions{Service: "api"}, &sum); err != nil || sum.NImported != 0 {
		t.Fatalf("second run: %v %+v", err, sum)
	}
	if runs, _ := metrics.ReadRunDetails(s.Config.Dir, s.MetricsDir("api"), time.Time{}, time.Time{}); len(runs) != 2 {
		t.Errorf("details written twice: %d", len(runs))
	}
}
