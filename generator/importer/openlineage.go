package importer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/metrics"
)

// olEvent is the part of an OpenLineage RunEvent the import reads.
type olEvent struct {
	EventType string `json:"eventType"`
	EventTime string `json:"eventTime"`
	Run       struct {
		RunID  string `json:"runId"`
		Facets struct {
			ErrorMessage *struct {
				Message string `json:"message"`
			} `json:"errorMessage"`
		} `json:"facets"`
	} `json:"run"`
	Job struct {
		Namespace string `json:"namespace"`
		Name      string `json:"name"`
	} `json:"job"`
}

// olRun is one run as its events tell it.
type olRun struct {
	id, job    string
	start, end time.Time
	state      string // COMPLETE, FAIL, ABORT; "" while no end was seen
	message    string
}

// OpenLineageOptions tunes ImportOpenLineage.
type OpenLineageOptions struct {
	PipelineOptions
	// Jobs keeps only these jobs ("name" or "namespace/name"); empty
	// keeps all.
	Jobs []string
}

// ImportOpenLineage reads OpenLineage run events, one JSON object a line
// as the file transport writes them (from Airflow, Spark, dbt, Dagster…),
// from src or the .json and .jsonl files of the folder src. Each run that
// ended gives one row at its end: good 1 when it COMPLETEd, 0 when it
// FAILed or was ABORTed, total 1, and duration_s from its START. The
// summary says, per job, how many runs succeeded of those that ended.
func (s *Site) ImportOpenLineage(src string, opts OpenLineageOptions, sum *Summary) error {
	files, err := eventFiles(src)
	if err != nil {
		return err
	}
	runs := map[string]*olRun{}
	for _, f := range files {
		if err := readOpenLineage(f, runs, sum); err != nil {
			return err
		}
	}
	keep := func(job string) bool {
		if len(opts.Jobs) == 0 {
			return true
		}
		_, name, _ := strings.Cut(job, "/")
		return contains(opts.Jobs, job) || contains(opts.Jobs, name)
	}
	type jobCount struct{ good, ended, open int }
	counts := map[string]*jobCount{}
	var rows []metrics.MetricRow
	var details []metrics.RunDetail
	ids := sortedKeys(runs)
	for _, id := range ids {
		r := runs[id]
		if !keep(r.job) {
			continue
		}
		c := counts[r.job]
		if c == nil {
			c = &jobCount{}
			counts[r.job] = c
		}
		if r.state == "" {
			c.open++
			continue
		}
		c.ended++
		good := 0
		if r.state == "COMPLETE" {
			good = 1
			c.good++
		}
		row := metrics.MetricRow{Time: r.end, Values: map[string]string{"good": strconv.Itoa(good), "total": "1"}}
		d := metrics.RunDetail{Time: r.end, Source: "openlineage", Run: r.id, Name: r.job,
			Items: []metrics.Check{{Name: r.job, Kind: "job", Status: r.state, Failed: good == 0, Message: clipText(r.message, 500)}}}
		if !r.start.IsZero() && !r.end.Before(r.start) {
			dur := r.end.Sub(r.start).Seconds()
			row.Values["duration_s"] = strconv.FormatFloat(dur, 'f', -1, 64)
			d.DurationS, d.Items[0].DurationS = &dur, &dur
		}
		rows = append(rows, row)
		details = append(details, d)
	}
	jobs := sortedKeys(counts)
	for _, j := range jobs {
		c := counts[j]
		line := fmt.Sprintf("job %s: %d of %s succeeded", j, c.good, plural(c.ended, "ended run"))
		if c.open > 0 {
			line += fmt.Sprintf("; %s without an end (still running, or its COMPLETE/FAIL event is missing) left out", plural(c.open, "run"))
		}
		sum.note("%s", line)
	}
	if len(opts.Jobs) > 0 && len(counts) == 0 {
		return fmt.Errorf("no run of job %s in %s", strings.Join(opts.Jobs, ", "), src)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Time.Before(rows[j].Time) })
	return s.pipelineRows(sum, opts.PipelineOptions, rows, details)
}

// eventFiles lists src, or the .json and .jsonl files of the folder src.
func eventFiles(src string) ([]string, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{src}, nil
	}
	var files []string
	for _, pat := range []string{"*.jsonl", "*.json", "*.ndjson"} {
		m, _ := globSorted(src, pat)
		files = append(files, m...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no .jsonl, .json or .ndjson files", src)
	}
	return files, nil
}

// readOpenLineage reads one file of events into runs. Lines that are not
// a run event are counted and the first is named; a file with none at
// all is unreadable.
func readOpenLineage(f string, runs map[string]*olRun, sum *Summary) error {
	fh, err := os.Open(f)
	if err != nil {
		return err
	}
	defer fh.Close()
	br := bufio.NewReaderSize(fh, 64<<10)
	events, bad, firstBad := 0, 0, 0
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(b))) > 0 {
			ev, t, ok := parseOpenLineage(b)
			if !ok {
				bad++
				if firstBad == 0 {
					firstBad = line
				}
			} else {
				events++
				addOpenLineage(runs, ev, t.UTC().Truncate(time.Second))
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
	}
	switch {
	case events == 0:
		sum.unreadable("%s: no OpenLineage run event (a JSON object with eventType, eventTime and run.runId a line)", f)
	case bad > 0:
		sum.skipped(bad, "%s: %s not a run event with a time in 1970..2199 (the first on line %d)", f, plural(bad, "line"), firstBad)
	}
	return nil
}

// parseOpenLineage reads one line: a run event with a time in 1970..2199.
func parseOpenLineage(b []byte) (olEvent, time.Time, bool) {
	var ev olEvent
	if json.Unmarshal(b, &ev) != nil || ev.Run.RunID == "" || ev.EventType == "" {
		return ev, time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, ev.EventTime)
	if err != nil || !timeInRange(t) {
		return ev, time.Time{}, false
	}
	return ev, t, true
}

// globSorted is the files of dir matching pattern, sorted.
func globSorted(dir, pattern string) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(dir, pattern))
	sort.Strings(m)
	return m, err
}

// addOpenLineage takes one event into its run: the earliest START, the
// end event (the last COMPLETE, FAIL or ABORT) and its error message.
func addOpenLineage(runs map[string]*olRun, ev olEvent, t time.Time) {
	r := runs[ev.Run.RunID]
	if r == nil {
		r = &olRun{id: ev.Run.RunID}
		runs[ev.Run.RunID] = r
	}
	if ev.Job.Name != "" {
		r.job = ev.Job.Name
		if ev.Job.Namespace != "" {
			r.job = ev.Job.Namespace + "/" + ev.Job.Name
		}
	}
	switch strings.ToUpper(ev.EventType) {
	case "START":
		if r.start.IsZero() || t.Before(r.start) {
			r.start = t
		}
	case "COMPLETE", "FAIL", "ABORT":
		if r.end.IsZero() || !t.Before(r.end) {
			r.end, r.state = t, strings.ToUpper(ev.EventType)
			if ev.Run.Facets.ErrorMessage != nil {
				r.message = ev.Run.Facets.ErrorMessage.Message
			}
		}
	}
}
