package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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

// pipelineRows appends the rows of runs (with duration_s when a run has
// its duration) and their details (runs-<YYYY-MM>.jsonl).
func (s *Site) pipelineRows(sum *Summary, opts PipelineOptions, rows []metrics.MetricRow, details []metrics.RunDetail) error {
	sum.Unit = "row"
	if opts.Service == "" {
		return fmt.Errorf("name the service the runs belong to with --service ID")
	}
	if len(s.Config.Services) > 0 && s.Config.Service(opts.Service) == nil {
		sum.note("site.toml has no service %q yet: add it with a ratio SLO (good = \"good\", total = \"total\") to see these runs", opts.Service)
	}
	columns := PipelineColumns
	for _, r := range rows {
		if _, ok := r.Values["duration_s"]; ok {
			columns = append(slices.Clone(PipelineColumns), "duration_s")
			break
		}
	}
	if err := s.appendRows(sum, opts.Service, columns, rows, opts.DryRun, opts.Preview); err != nil {
		return err
	}
	return s.appendDetails(sum, opts.Service, details, opts.DryRun)
}

// appendDetails writes what runs checked beside the snapshots.
func (s *Site) appendDetails(sum *Summary, id string, details []metrics.RunDetail, dryRun bool) error {
	added, _, err := metrics.AppendRunDetails(s.Config.Dir, s.MetricsDir(id), details, dryRun)
	if added > 0 {
		sum.note("the details of %s (what each checked, which failed) to %s/runs-<YYYY-MM>.jsonl", plural(added, "run"), s.rel(s.MetricsDir(id)))
	}
	return err
}

// dbtRunResults is the part of dbt's run_results.json the import reads.
type dbtRunResults struct {
	Metadata struct {
		GeneratedAt   string `json:"generated_at"`
		SchemaVersion string `json:"dbt_schema_version"`
		InvocationID  string `json:"invocation_id"`
	} `json:"metadata"`
	Results []struct {
		Status        string   `json:"status"`
		UniqueID      string   `json:"unique_id"`
		ExecutionTime *float64 `json:"execution_time"`
		Message       *string  `json:"message"`
		Failures      *float64 `json:"failures"`
	} `json:"results"`
	ElapsedTime *float64 `json:"elapsed_time"`
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
	var details []metrics.RunDetail
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if isDBTSources(b) {
			if err := s.importDBTSources(f, b, opts, sum); err != nil {
				return err
			}
			continue
		}
		if row, detail, ok := dbtRow(f, b, opts.Resources, sum); ok {
			rows = append(rows, row)
			details = append(details, detail)
		}
	}
	return s.pipelineRows(sum, opts, rows, details)
}

// dbtRow reads one run_results.json (f names it in the summary) into its
// row; ok is false when the file gives none, which sum then says.
func dbtRow(f string, b []byte, resources []string, sum *Summary) (metrics.MetricRow, metrics.RunDetail, bool) {
	var rr dbtRunResults
	var none metrics.RunDetail
	if err := json.Unmarshal(b, &rr); err != nil || rr.Metadata.GeneratedAt == "" {
		sum.unreadable("%s: not a dbt run_results.json (no metadata.generated_at)", f)
		return metrics.MetricRow{}, none, false
	}
	t, err := time.Parse(time.RFC3339Nano, rr.Metadata.GeneratedAt)
	if err != nil || !timeInRange(t) {
		sum.skipped(1, "%s: metadata.generated_at %q is not a time in 1970..2199", f, rr.Metadata.GeneratedAt)
		return metrics.MetricRow{}, none, false
	}
	detail := metrics.RunDetail{Time: t.UTC().Truncate(time.Second), Source: "dbt", Run: rr.Metadata.InvocationID, DurationS: finite(rr.ElapsedTime)}
	good, total, left, warn := 0, 0, 0, 0
	other := map[string]int{}
	var failed []string
	for _, r := range rr.Results {
		kind, _, _ := strings.Cut(r.UniqueID, ".")
		if len(resources) > 0 && !contains(resources, kind) {
			continue
		}
		st := strings.ToLower(r.Status)
		item := metrics.Check{Name: r.UniqueID, Kind: kind, Status: r.Status, DurationS: finite(r.ExecutionTime)}
		switch dbtStatus[st] {
		case "good":
			good++
			total++
			if st == "warn" {
				warn++
			}
		case "bad":
			total++
			item.Failed = true
			failed = append(failed, r.UniqueID)
			if r.Message != nil {
				item.Message = clipText(*r.Message, 500)
			}
		case "out":
			left++
		default:
			other[r.Status]++
		}
		detail.Items = append(detail.Items, item)
	}
	if len(failed) > 0 {
		sum.note("%s: %s failed: %s", f, plural(len(failed), "node"), strings.Join(failed, ", "))
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
		return metrics.MetricRow{}, none, false
	}
	row := metrics.MetricRow{Time: t.UTC().Truncate(time.Second),
		Values: map[string]string{"good": strconv.Itoa(good), "total": strconv.Itoa(total)}}
	if d := detail.DurationS; d != nil {
		row.Values["duration_s"] = strconv.FormatFloat(*d, 'f', -1, 64)
	}
	return row, detail, true
}

// finite is v rounded to the millisecond, or nil when it is missing,
// negative or not finite.
func finite(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) || *v < 0 || *v > 1e12 {
		return nil
	}
	r := math.Round(*v*1000) / 1000
	return &r
}

// clipText keeps the first n bytes of s (whole runes), on one line.
func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// geValidation is the part of a Great Expectations validation result the
// import reads.
type geValidation struct {
	Statistics *struct {
		Evaluated  *float64 `json:"evaluated_expectations"`
		Successful *float64 `json:"successful_expectations"`
	} `json:"statistics"`
	Results []struct {
		Success           *bool `json:"success"`
		ExpectationConfig struct {
			Type   string         `json:"expectation_type"`
			Kwargs map[string]any `json:"kwargs"`
		} `json:"expectation_config"`
		ExceptionInfo *struct {
			Raised  bool   `json:"raised_exception"`
			Message string `json:"exception_message"`
		} `json:"exception_info"`
	} `json:"results"`
	Meta struct {
		SuiteName      string          `json:"expectation_suite_name"`
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
	var details []metrics.RunDetail
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		r, d := geRows(f, b, sum)
		rows = append(rows, r...)
		details = append(details, d...)
	}
	return s.pipelineRows(sum, opts, rows, details)
}

// geRows reads one validation result file (f names it in the summary)
// into its rows; what gives none, sum says.
func geRows(f string, b []byte, sum *Summary) ([]metrics.MetricRow, []metrics.RunDetail) {
	var rows []metrics.MetricRow
	var details []metrics.RunDetail
	vals, err := geValidations(b)
	if err == nil && len(vals) == 0 {
		err = fmt.Errorf("no validation result in it")
	}
	if err != nil {
		sum.unreadable("%s: %v", f, err)
		return nil, nil
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
		if d, failed := v.detail(t); len(d.Items) > 0 {
			details = append(details, d)
			if len(failed) > 0 {
				sum.note("%s: %s failed: %s", name, plural(len(failed), "expectation"), strings.Join(failed, ", "))
			}
		}
	}
	return rows, details
}

// detail is what each expectation of the validation found, and the names
// of those that failed. An expectation is named by its type and, when it
// has one, its column: expect_column_values_to_be_in_set(id); a column
// pair as (a, b), a column list by its length.
func (v geValidation) detail(t time.Time) (metrics.RunDetail, []string) {
	d := metrics.RunDetail{Time: t, Source: "great_expectations", Name: v.Meta.SuiteName}
	var runName string
	if json.Unmarshal(v.Meta.RunID, &runName) == nil {
		d.Run = runName
	} else {
		var id struct {
			RunName string `json:"run_name"`
		}
		if json.Unmarshal(v.Meta.RunID, &id) == nil {
			d.Run = id.RunName
		}
	}
	var failed []string
	for _, r := range v.Results {
		name := r.ExpectationConfig.Type
		if name == "" {
			continue
		}
		if col, ok := r.ExpectationConfig.Kwargs["column"].(string); ok && col != "" {
			name += "(" + col + ")"
		} else if a, ok := r.ExpectationConfig.Kwargs["column_A"].(string); ok {
			b, _ := r.ExpectationConfig.Kwargs["column_B"].(string)
			name += "(" + a + ", " + b + ")"
		} else if cols, ok := r.ExpectationConfig.Kwargs["column_list"].([]any); ok && len(cols) > 0 {
			name += fmt.Sprintf("(%d columns)", len(cols))
		}
		c := metrics.Check{Name: name, Kind: "expectation", Status: "pass"}
		switch {
		case r.ExceptionInfo != nil && r.ExceptionInfo.Raised:
			c.Status, c.Failed, c.Message = "error", true, clipText(r.ExceptionInfo.Message, 500)
		case r.Success == nil:
			c.Status = "unknown"
		case !*r.Success:
			c.Status, c.Failed = "fail", true
		}
		if c.Failed {
			failed = append(failed, name)
		}
		d.Items = append(d.Items, c)
	}
	return d, failed
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

// dbtSources is the part of dbt's sources.json (dbt source freshness)
// the import reads.
type dbtSources struct {
	Metadata struct {
		GeneratedAt  string `json:"generated_at"`
		InvocationID string `json:"invocation_id"`
	} `json:"metadata"`
	Results []struct {
		UniqueID      string   `json:"unique_id"`
		Status        string   `json:"status"`
		SnapshottedAt string   `json:"snapshotted_at"`
		LagS          *float64 `json:"max_loaded_at_time_ago_in_s"`
		Error         string   `json:"error"`
	} `json:"results"`
	ElapsedTime *float64 `json:"elapsed_time"`
}

// FreshnessPrefix names the files of source freshness rows, which have a
// header of their own (time,lag_s) beside a run's good and total.
const FreshnessPrefix = "freshness-"

// isDBTSources says b is a sources.json: its schema says so, or its
// results have max_loaded_at_time_ago_in_s.
func isDBTSources(b []byte) bool {
	var probe struct {
		Metadata struct {
			Schema string `json:"dbt_schema_version"`
		} `json:"metadata"`
		Results []map[string]json.RawMessage `json:"results"`
	}
	if json.Unmarshal(b, &probe) != nil {
		return false
	}
	if strings.Contains(probe.Metadata.Schema, "/sources/") {
		return true
	}
	for _, r := range probe.Results {
		if _, ok := r["max_loaded_at_time_ago_in_s"]; ok {
			return true
		}
	}
	return false
}

// importDBTSources turns a sources.json (dbt source freshness) into one
// time,lag_s row at generated_at, lag_s being the stalest source's
// max_loaded_at_time_ago_in_s, into freshness-<YYYY-MM>.csv; each
// source's lag and status go to the run's details.
func (s *Site) importDBTSources(f string, b []byte, opts PipelineOptions, sum *Summary) error {
	var src dbtSources
	if err := json.Unmarshal(b, &src); err != nil {
		sum.unreadable("%s: not a dbt sources.json: %v", f, err)
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, src.Metadata.GeneratedAt)
	if err != nil || !timeInRange(t) {
		sum.skipped(1, "%s: metadata.generated_at %q is not a time in 1970..2199", f, src.Metadata.GeneratedAt)
		return nil
	}
	t = t.UTC().Truncate(time.Second)
	detail := metrics.RunDetail{Time: t, Source: "dbt_freshness", Run: src.Metadata.InvocationID, DurationS: finite(src.ElapsedTime)}
	var worst *float64
	var stale []string
	for _, r := range src.Results {
		c := metrics.Check{Name: r.UniqueID, Kind: "source", Status: r.Status, LagS: finite(r.LagS)}
		switch strings.ToLower(r.Status) {
		case "error", "runtime error":
			c.Failed = true
			stale = append(stale, r.UniqueID)
			c.Message = clipText(r.Error, 500)
		}
		if l := finite(r.LagS); l != nil && (worst == nil || *l > *worst) {
			worst = l
		}
		detail.Items = append(detail.Items, c)
	}
	if worst == nil {
		sum.skipped(1, "%s: no source has max_loaded_at_time_ago_in_s", f)
		return nil
	}
	if len(stale) > 0 {
		sum.note("%s: %s past its error threshold: %s", f, plural(len(stale), "source"), strings.Join(stale, ", "))
	}
	if opts.Service == "" {
		return fmt.Errorf("name the service the runs belong to with --service ID")
	}
	row := metrics.MetricRow{Time: t, Values: map[string]string{"lag_s": strconv.FormatFloat(*worst, 'f', -1, 64)}}
	dir := s.MetricsDir(opts.Service)
	files, err := metrics.AppendMetricsPrefixed(s.Config.Dir, dir, FreshnessPrefix, []string{"time", "lag_s"}, []metrics.MetricRow{row}, opts.DryRun)
	for _, mf := range files {
		if mf.Added > 0 {
			sum.imported(mf.Added, "the freshness of %s to %s (lag_s %s, the stalest)", plural(len(src.Results), "source"), s.rel(mf.Path), row.Values["lag_s"])
		}
		if mf.Duplicates > 0 {
			sum.skipped(mf.Duplicates, "%s: %s already has a row at %s", f, s.rel(mf.Path), t.Format(time.RFC3339))
		}
	}
	if err != nil {
		return err
	}
	return s.appendDetails(sum, opts.Service, []metrics.RunDetail{detail}, opts.DryRun)
}
