package importer

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestImportDBT(t *testing.T) {
	s := newSite(t, map[string]string{
		// Run 1: 2 models succeed, 1 errors, 1 skipped; tests: 2 pass, 1
		// fail, 1 warn. All: good = 2+2+1 = 5, total = 5+1+1 = 7.
		"runs/a.json": `{"metadata": {"generated_at": "2026-11-03T09:15:00.123456Z"}, "results": [
 {"status": "success", "unique_id": "model.shop.orders"}, {"status": "success", "unique_id": "model.shop.customers"},
 {"status": "error", "unique_id": "model.shop.payments"}, {"status": "skipped", "unique_id": "model.shop.revenue"},
 {"status": "pass", "unique_id": "test.shop.a"}, {"status": "pass", "unique_id": "test.shop.b"},
 {"status": "fail", "unique_id": "test.shop.c"}, {"status": "warn", "unique_id": "test.shop.d"}]}`,
		// Run 2: everything skipped: no row.
		"runs/b.json": `{"metadata": {"generated_at": "2026-11-04T09:15:00Z"}, "results": [{"status": "skipped", "unique_id": "model.shop.orders"}]}`,
		"runs/c.json": `{"results": []}`,
	})
	dir := filepath.Join(s.Config.Dir, "runs")
	var sum Summary
	if err := s.ImportDBT(dir, PipelineOptions{Service: "api"}, &sum); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/api/2026-11.csv"))
	if want := "time,good,total\n2026-11-03T09:15:00Z,5,7\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if sum.NImported != 1 || sum.NSkipped != 2 || !strings.Contains(strings.Join(sum.Notes, "\n"), "1 warn result counted as good") {
		t.Errorf("summary %+v", sum)
	}
	// Only models: good 2, total 3, into another service.
	sum = Summary{}
	if err := s.ImportDBT(filepath.Join(dir, "a.json"), PipelineOptions{Service: "web", Resources: []string{"model"}}, &sum); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/web/2026-11.csv")); got != "time,good,total\n2026-11-03T09:15:00Z,2,3\n" {
		t.Errorf("models only: %s", got)
	}
	// Again: nothing twice.
	sum = Summary{}
	if err := s.ImportDBT(dir, PipelineOptions{Service: "api"}, &sum); err != nil || sum.NImported != 0 {
		t.Errorf("second run: %v %+v", err, sum)
	}
	if err := s.ImportDBT(dir, PipelineOptions{}, &sum); err == nil || !strings.Contains(err.Error(), "--service") {
		t.Errorf("no service: %v", err)
	}
}

func TestImportGreatExpectations(t *testing.T) {
	s := newSite(t, map[string]string{
		// 0.7 style: run_id is a compact time.
		"ge/old.json": `{"success": false, "statistics": {"evaluated_expectations": 15, "successful_expectations": 13},
 "meta": {"run_id": "2019-07-31T110807.793113Z", "batch_kwargs": {"timestamp": 1564592943.26}}}`,
		// 0.13+ style: run_id has run_time.
		"ge/new.json": `{"statistics": {"evaluated_expectations": 4, "successful_expectations": 4},
 "meta": {"run_id": {"run_name": "nightly", "run_time": "2026-11-03T02:00:00.5+00:00"}}}`,
		// A checkpoint result with two validations; one has only a batch timestamp.
		"ge/checkpoint.json": `{"run_results": {
  "b": {"validation_result": {"statistics": {"evaluated_expectations": 10, "successful_expectations": 7}, "meta": {"run_id": "manual", "batch_kwargs": {"timestamp": 1793491200.9}}}},
  "a": {"validation_result": {"statistics": {"evaluated_expectations": 2, "successful_expectations": 1}, "meta": {"validation_time": "20261104T030000.000000Z"}}}}}`,
		"ge/notime.json": `{"statistics": {"evaluated_expectations": 1, "successful_expectations": 1}, "meta": {}}`,
	})
	var sum Summary
	if err := s.ImportGreatExpectations(filepath.Join(s.Config.Dir, "ge"), PipelineOptions{Service: "quality"}, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.NImported != 4 || sum.NSkipped != 1 || !strings.Contains(strings.Join(sum.Skipped, "\n"), "notime.json: no run time") {
		t.Errorf("summary %+v", sum)
	}
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/quality/2019-07.csv")); got != "time,good,total\n2019-07-31T11:08:07Z,13,15\n" {
		t.Errorf("2019-07: %s", got)
	}
	// 1793491200 is 2026-11-01T00:00:00Z.
	want := "time,good,total\n2026-11-01T00:00:00Z,7,10\n2026-11-03T02:00:00Z,4,4\n2026-11-04T03:00:00Z,1,2\n"
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/quality/2026-11.csv")); got != want {
		t.Errorf("2026-11:\n%s\nwant:\n%s", got, want)
	}
}
