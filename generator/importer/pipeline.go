package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/metrics"
)

// PipelineColumns is the header of the snapshots the dbt and Great
// Expectations imports write: a ratio indicator's good and total.
var PipelineColumns = []string{"time", "good", "total"}

// PipelineOptions tunes ImportDBT and ImportGreatExpectations.
type PipelineOptions struct {
	Service string // the service id whose snapshots get the rows
	// Resources, for dbt, keeps only results of these resource types
	// (model, test, seed, snapshot, operation…); empty keeps all.
	Resources []string
	DryRun    bool
	Preview   io.Writer
}

// jsonFiles lists src, or the .json files of the folder src.
func jsonFiles(src string) ([]string, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{src}, nil
	}
	files, err := filepath.Glob(filepath.Join(src, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no .json files", src)
	}
	sort.Strings(files)
	return files, nil
}

func (s *Site) pipelineRows(sum *Summary, opts PipelineOptions, rows []metrics.MetricRow) error {
	sum.Unit = "row"
	if opts.Service == "" {
		return fmt.Errorf("name the service the runs belong to with --service ID")
	}
	if len(s.Config.Services) > 0 && s.Config.Service(opts.Service) == nil {
		sum.note("site.toml has no service %q yet: add it with a ratio SLO (good = \"good\", total = \"total\") to see these runs", opts.Service)
	}
	return s.appendRows(sum, opts.Service, PipelineColumns, rows, opts.DryRun, opts.Preview)
}

// dbtRunResults is the part of dbt's run_results.json the import reads.
type dbtRunResults struct {
	Metadata struct {
		GeneratedAt   string `json:"generated_at"`
		SchemaVersion string `json:"dbt_schema_version"`
	} `json:"metadata"`
	Results []struct {
		Status   string `json:"status"`
		UniqueID string `json:"unique_id"`
	} `json:"results"`
}

// dbt result statuses: good, bad, or left out (skipped and no-op nodes did
// not run). warn is a test that found problems below its error threshold:
// the job did not fail, so it counts as good, and the summary says how many.
var dbtStatus = map[string]string{
	"success": "good", "pass": "good", "warn": "good",
	"error": "bad", "fail": "bad", "runtime error": "bad",
	"skipped": "out", "no-op": "out",
}

// ImportDBT turns each dbt run_results.json (src or the .json files of the
// folder src) into one row at the run's time (metadata.generated_at):
// good = results that succeeded or passed, total = good + those that
// errored or failed; skipped results are left out of both.
func (s *Site) ImportDBT(src string, opts PipelineOptions, sum *Summary) error {
	files, err := jsonFiles(src)
	if err != nil {
		return err
	}
	var rows []metrics.MetricRow
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if row, ok := dbtRow(f, b, opts.Resources, sum); ok {
			rows = append(rows, row)
		}
	}
	return s.pipelineRows(sum, opts, rows)
}

// dbtRow reads one run_results.json (f names it in the summary) into its
// row; ok is false when the file gives none, which sum then says.
func dbtRow(f string, b []byte, resources []string, sum *Summary) (metrics.MetricRow, bool) {
	var rr dbtRunResults
	if err := json.Unmarshal(b, &rr); err != nil || rr.Metadata.GeneratedAt == "" {
		sum.unreadable("%s: not a dbt run_results.json (no metadata.generated_at)", f)
		return metrics.MetricRow{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, rr.Metadata.GeneratedAt)
	if err != nil || !timeInRange(t) {
		sum.skipped(1, "%s: metadata.generated_at %q is not a time in 1970..2199", f, rr.Metadata.GeneratedAt)
		return metrics.MetricRow{}, false
	}
	good, total, left, warn := 0, 0, 0, 0
	other := map[string]int{}
	for _, r := range rr.Results {
		if len(resources) > 0 {
			kind, _, _ := strings.Cut(r.UniqueID, ".")
			if !contains(resources, kind) {
				continue
			}
		}
		st := strings.ToLower(r.Status)
		switch dbtStatus[st] {
		case "good":
			good++
			total++
			if st == "warn" {
				warn++
			}
		case "bad":
			total++
		case "out":
			left++
		default:
			other[r.Status]++
		}
	}
	for _, st := range sortedKeys(other) {
		sum.note("%s: %s with status %q left out (not a dbt status the import knows)", f, plural(other[st], "result"), st)
	}
	if warn > 0 {
		sum.note("%s: %s counted as good (dbt did not fail the run for them)", f, plural(warn, "warn result"))
	}
	if left > 0 {
		sum.note("%s: %s left out", f, plural(left, "skipped result"))
	}
	if total == 0 {
		sum.skipped(1, "%s: no result ran", f)
		return metrics.MetricRow{}, false
	}
	return metrics.MetricRow{Time: t.UTC().Truncate(time.Second),
		Values: map[string]string{"good": strconv.Itoa(good), "total": strconv.Itoa(total)}}, true
}

// geValidation is the part of a Great Expectations validation result the
// import reads.
type geValidation struct {
	Statistics *struct {
		Evaluated  *float64 `json:"evaluated_expectations"`
		Successful *float64 `json:"successful_expectations"`
	} `json:"statistics"`
	Meta struct {
		RunID          json.RawMessage `json:"run_id"`
		ValidationTime string          `json:"validation_time"`
		BatchKwargs    struct {
			Timestamp float64 `json:"timestamp"`
		} `json:"batch_kwargs"`
	} `json:"meta"`
}

// ImportGreatExpectations turns each validation result (src or the .json
// files of the folder src; a checkpoint result holds several) into one row
// at the run's time: good = successful expectations, total = evaluated.
// The time is the run id's run_time, else meta.validation_time, else a run
// id that reads as a time, else the batch's timestamp.
func (s *Site) ImportGreatExpectations(src string, opts PipelineOptions, sum *Summary) error {
	files, err := jsonFiles(src)
	if err != nil {
		return err
	}
	var rows []metrics.MetricRow
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		rows = append(rows, geRows(f, b, sum)...)
	}
	return s.pipelineRows(sum, opts, rows)
}

// geRows reads one validation result file (f names it in the summary)
// into its rows; what gives none, sum says.
func geRows(f string, b []byte, sum *Summary) []metrics.MetricRow {
	var rows []metrics.MetricRow
	vals, err := geValidations(b)
	if err == nil && len(vals) == 0 {
		err = fmt.Errorf("no validation result in it")
	}
	if err != nil {
		sum.unreadable("%s: %v", f, err)
		return nil
	}
	for i, v := range vals {
		name := f
		if len(vals) > 1 {
			name = fmt.Sprintf("%s (validation %d)", f, i+1)
		}
		st := v.Statistics
		if st == nil || st.Evaluated == nil || st.Successful == nil {
			sum.skipped(1, "%s: no statistics.evaluated_expectations and successful_expectations", name)
			continue
		}
		t, ok := v.time()
		if !ok {
			sum.skipped(1, "%s: no run time (meta.run_id, meta.validation_time or batch_kwargs.timestamp)", name)
			continue
		}
		if !timeInRange(t) {
			sum.skipped(1, "%s: run time %s is not in 1970..2199", name, t.Format(time.RFC3339))
			continue
		}
		if *st.Evaluated == 0 {
			sum.skipped(1, "%s: no expectation was evaluated", name)
			continue
		}
		if *st.Evaluated < 0 || *st.Successful < 0 || *st.Successful > *st.Evaluated {
			sum.skipped(1, "%s: %v successful of %v evaluated expectations are not counts of them", name, *st.Successful, *st.Evaluated)
			continue
		}
		rows = append(rows, metrics.MetricRow{Time: t, Values: map[string]string{
			"good": strconv.FormatFloat(*st.Successful, 'f', -1, 64), "total": strconv.FormatFloat(*st.Evaluated, 'f', -1, 64)}})
	}
	return rows
}

// geValidations reads a validation result, a list of them, or a checkpoint
// result ({"run_results": {id: {"validation_result": …}}}).
func geValidations(b []byte) ([]geValidation, error) {
	var probe struct {
		RunResults map[string]struct {
			ValidationResult *geValidation `json:"validation_result"`
		} `json:"run_results"`
	}
	if strings.HasPrefix(strings.TrimSpace(string(b)), "[") {
		var list []geValidation
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("not a Great Expectations validation result: %v", err)
		}
		return list, nil
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("not a Great Expectations validation result: %v", err)
	}
	if len(probe.RunResults) > 0 {
		ids := make([]string, 0, len(probe.RunResults))
		for id := range probe.RunResults {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var out []geValidation
		for _, id := range ids {
			if v := probe.RunResults[id].ValidationResult; v != nil {
				out = append(out, *v)
			}
		}
		return out, nil
	}
	var v geValidation
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("not a Great Expectations validation result: %v", err)
	}
	return []geValidation{v}, nil
}

func (v geValidation) time() (time.Time, bool) {
	var runID struct {
		RunTime string `json:"run_time"`
	}
	var runName string
	if json.Unmarshal(v.Meta.RunID, &runID) == nil && runID.RunTime != "" {
		if t, ok := geTime(runID.RunTime); ok {
			return t, true
		}
	}
	if t, ok := geTime(v.Meta.ValidationTime); ok {
		return t, true
	}
	if json.Unmarshal(v.Meta.RunID, &runName) == nil {
		if t, ok := geTime(runName); ok {
			return t, true
		}
	}
	if ts := v.Meta.BatchKwargs.Timestamp; ts > 0 {
		if ts >= float64(endTime.Unix()) {
			return endTime, true // not converted: it may not fit an int64
		}
		return time.Unix(int64(math.Floor(ts)), 0).UTC(), true
	}
	return time.Time{}, false
}

// geTime reads the forms Great Expectations writes run times in:
// RFC 3339 and its compact "20190731T110807.793113Z".
func geTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "20060102T150405.999999Z", "2006-01-02T150405.999999Z", "20060102T150405Z"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC().Truncate(time.Second), true
		}
	}
	return time.Time{}, false
}
