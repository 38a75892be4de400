package importer

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/metrics"
)

// checkRatioRow checks a good,total row: numbers with 0 ≤ good ≤ total
// and total > 0, as the snapshot reader wants them.
func checkRatioRow(t *testing.T, r metrics.MetricRow) (good, total float64) {
	t.Helper()
	good, gerr := strconv.ParseFloat(r.Values["good"], 64)
	total, terr := strconv.ParseFloat(r.Values["total"], 64)
	if gerr != nil || terr != nil || good < 0 || good > total || total <= 0 {
		t.Fatalf("good %q, total %q", r.Values["good"], r.Values["total"])
	}
	return good, total
}

// FuzzDBTRunResults reads run_results.json: one row whose counts add up
// to the results, or one skipped line naming the file.
func FuzzDBTRunResults(f *testing.F) {
	// The real file in pieces of four results: small inputs keep the
	// fuzzer fast (it minimises every new input it keeps).
	seedFiles(f, "pipeline/dbt", "*.json", func(name string, b []byte) {
		var doc struct {
			Metadata json.RawMessage   `json:"metadata"`
			Results  []json.RawMessage `json:"results"`
		}
		if err := json.Unmarshal(b, &doc); err != nil || len(doc.Results) == 0 {
			f.Fatalf("%s: %v", name, err)
		}
		for i := 0; i < len(doc.Results); i += 4 {
			piece, err := json.Marshal(map[string]any{"metadata": doc.Metadata, "results": doc.Results[i:min(i+4, len(doc.Results))]})
			if err != nil {
				f.Fatal(err)
			}
			f.Add(piece, i%8 == 0)
		}
	})
	for _, s := range []string{
		`{"metadata": {"generated_at": "2024-12-16T07:45:32.123Z"}, "results": [{"status": "success", "unique_id": "model.a"}, {"status": "fail", "unique_id": "test.b"}, {"status": "warn", "unique_id": "test.c"}, {"status": "skipped", "unique_id": "model.d"}, {"status": "odd", "unique_id": "seed.e"}]}`,
		`{"metadata": {"generated_at": "2024-12-16T07:45:32Z"}, "results": []}`,
		`{"metadata": {}}`,
	} {
		f.Add([]byte(s), true)
	}
	readBack = newReadBack(f)
	f.Fuzz(func(t *testing.T, b []byte, onlyModels bool) {
		var resources []string
		if onlyModels {
			resources = []string{"model", "test"}
		}
		var sum Summary
		row, _, ok := dbtRow("run_results.json", b, resources, &sum)
		checkSummary(t, &sum, "run_results.json")
		if !ok {
			if sum.NSkipped != 1 {
				t.Fatalf("no row and %d skipped", sum.NSkipped)
			}
			return
		}
		if sum.NSkipped != 0 {
			t.Fatalf("a row and %d skipped", sum.NSkipped)
		}
		good, total := checkRatioRow(t, row)
		var rr dbtRunResults
		if err := json.Unmarshal(b, &rr); err != nil {
			t.Fatal(err)
		}
		var wantGood, wantTotal float64
		for _, r := range rr.Results {
			kind, _, _ := strings.Cut(r.UniqueID, ".")
			if len(resources) > 0 && !strings.Contains(" model test ", " "+kind+" ") {
				continue
			}
			switch dbtStatus[strings.ToLower(r.Status)] {
			case "good":
				wantGood++
				wantTotal++
			case "bad":
				wantTotal++
			}
		}
		if good != wantGood || total != wantTotal {
			t.Fatalf("good %v of %v; the results hold %v of %v", good, total, wantGood, wantTotal)
		}
		checkRows(t, PipelineColumns, []metrics.MetricRow{row})
	})
}

// FuzzGreatExpectations reads validation results: each validation is a
// row with 0 ≤ good ≤ total or a skipped line naming the file, and a file
// gives at least one of them.
func FuzzGreatExpectations(f *testing.F) {
	// The real file with its first two expectation results (the import
	// reads statistics and meta): small inputs keep the fuzzer fast.
	seedFiles(f, "pipeline/great_expectations", "*.json", func(name string, b []byte) {
		var doc map[string]json.RawMessage
		var results []json.RawMessage
		if err := json.Unmarshal(b, &doc); err != nil || json.Unmarshal(doc["results"], &results) != nil || len(results) < 2 {
			f.Fatalf("%s: not a validation result with results (%v)", name, err)
		}
		doc["results"], _ = json.Marshal(results[:2])
		small, err := json.Marshal(doc)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(small)
	})
	for _, s := range []string{
		`{"statistics": {"evaluated_expectations": 4, "successful_expectations": 3}, "meta": {"run_id": {"run_time": "2026-11-03T09:12:00Z", "run_name": "x"}}}`,
		`{"run_results": {"b": {"validation_result": {"statistics": {"evaluated_expectations": 2, "successful_expectations": 2}, "meta": {"validation_time": "20261103T091200.000000Z"}}}, "a": {"validation_result": {"statistics": {}}}}}`,
		`[{"statistics": {"evaluated_expectations": 1, "successful_expectations": 0}, "meta": {"run_id": "20190731T110807.793113Z"}}, {"meta": {"batch_kwargs": {"timestamp": 1564571287.5}}}]`,
	} {
		f.Add([]byte(s))
	}
	readBack = newReadBack(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var sum Summary
		rows, _ := geRows("validation.json", b, &sum)
		checkSummary(t, &sum, "validation.json")
		if len(rows)+sum.NSkipped == 0 {
			t.Fatal("neither a row nor a skipped line")
		}
		if vals, err := geValidations(b); err == nil && len(vals) > 0 && len(rows)+sum.NSkipped != len(vals) {
			t.Fatalf("%d validations, but %d rows and %d skipped", len(vals), len(rows), sum.NSkipped)
		}
		for _, r := range rows {
			checkRatioRow(t, r)
		}
		checkRows(t, PipelineColumns, rows)
	})
}
