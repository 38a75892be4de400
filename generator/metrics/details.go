package metrics

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// RunDetail is what one pipeline run checked, kept beside the snapshots
// in content/metrics/<id>/runs-<YYYY-MM>.jsonl, one JSON object a line
// (docs/formats.md): which models ran how long, which tests or
// expectations failed. The snapshot rows hold the counts; this holds the
// names.
type RunDetail struct {
	Time   time.Time `json:"time"`
	Source string    `json:"source"` // dbt, great_expectations, openlineage
	// Run identifies the run in its system (dbt's invocation_id, a GE run
	// name, an OpenLineage runId); optional.
	Run       string   `json:"run,omitempty"`
	Name      string   `json:"name,omitempty"` // the suite, job or project
	DurationS *float64 `json:"duration_s,omitempty"`
	Items     []Check  `json:"items"`
}

// Check is one node of a run: a dbt model or test, a GE expectation.
type Check struct {
	Name      string   `json:"name"`
	Kind      string   `json:"kind,omitempty"`   // model, test, seed, snapshot, expectation…
	Status    string   `json:"status"`           // as the source says: success, pass, fail, error, skipped, warn
	Failed    bool     `json:"failed,omitempty"` // counted as bad
	DurationS *float64 `json:"duration_s,omitempty"`
	// LagS is a dbt source's age of its newest data at the run.
	LagS    *float64 `json:"lag_s,omitempty"`
	Message string   `json:"message,omitempty"`
}

// DetailsFile is the name of the details of a month.
func DetailsFile(month string) string { return "runs-" + month + ".jsonl" }

var detailsName = regexp.MustCompile(`^runs-\d{4}-\d{2}\.jsonl$`)

// maxDetailLine bounds one line of a details file, as MaxLine does rows.
const maxDetailLine = 4 << 20

// AppendRunDetails appends runs to dir's runs-<YYYY-MM>.jsonl files (the
// month of each run's time in UTC), one whole line each, under the
// folder's lock, leaving out a run whose source and time (to the second)
// a details file already holds. It returns how many it added and left out.
// As AppendMetrics, it writes nothing outside root and no link.
func AppendRunDetails(root, dir string, runs []RunDetail, dryRun bool) (added, dups int, err error) {
	if len(runs) == 0 {
		return 0, 0, nil
	}
	real, err := sitefs.WritableSiteDir(root, dir, !dryRun)
	if err != nil {
		return 0, 0, err
	}
	if !dryRun {
		unlock, err := LockDir(real, true)
		if err != nil {
			return 0, 0, err
		}
		defer unlock()
		if err := repairAppend(real); err != nil {
			return 0, 0, err
		}
	}
	seen := map[string]bool{}
	if real != "" {
		old, err := ReadRunDetails(root, dir, time.Time{}, time.Time{})
		if err != nil {
			return 0, 0, err
		}
		for _, r := range old {
			seen[detailKey(r)] = true
		}
	}
	byMonth := map[string][]byte{}
	for _, r := range runs {
		r.Time = r.Time.UTC().Truncate(time.Second)
		if seen[detailKey(r)] {
			dups++
			continue
		}
		seen[detailKey(r)] = true
		b, err := json.Marshal(r)
		if err != nil {
			return added, dups, err
		}
		if len(b) > maxDetailLine {
			return added, dups, fmt.Errorf("%s: the details of the run at %s would be %d bytes, more than %d", diag.RelPath(root, dir), r.Time.Format(time.RFC3339), len(b), maxDetailLine)
		}
		m := r.Time.Format("2006-01")
		byMonth[m] = append(append(byMonth[m], b...), '\n')
		added++
	}
	if dryRun {
		return added, dups, nil
	}
	months := make([]string, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	sort.Strings(months)
	for _, m := range months {
		path := filepath.Join(real, DetailsFile(m))
		rel := diag.RelPath(root, filepath.Join(dir, DetailsFile(m)))
		f, err := openMonth(path, true)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := createNew(path, byMonth[m]); err != nil {
				return added, dups, fmt.Errorf("%s: cannot write: %v", rel, err)
			}
			continue
		case err != nil:
			return added, dups, sitefs.WriteRefusal(rel, err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return added, dups, err
		}
		b := byMonth[m]
		if st.Size() > 0 {
			last := make([]byte, 1)
			if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
				b = append([]byte{'\n'}, b...)
			}
		}
		if err := appendWhole(f, path, rel, st.Size(), b); err != nil {
			return added, dups, err
		}
	}
	return added, dups, nil
}

func detailKey(r RunDetail) string {
	return r.Source + " " + r.Time.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// ReadRunDetails reads dir's runs-<YYYY-MM>.jsonl files, the runs with
// from ≤ time < to (a zero bound is open), in time order. A line that is
// not a run is passed over: the details only name what the counts in the
// snapshots already say.
func ReadRunDetails(root, dir string, from, to time.Time) ([]RunDetail, error) {
	entries, err := sitefs.ReadSiteDir(root, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []RunDetail
	for _, e := range entries {
		if e.IsDir() || !detailsName.MatchString(e.Name()) {
			continue
		}
		month, _ := time.Parse("2006-01", e.Name()[5:12])
		if !to.IsZero() && !month.Before(to) || !from.IsZero() && month.AddDate(0, 1, 0).Before(from) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		f, err := sitefs.OpenSiteFile(root, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", diag.RelPath(root, p), err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), maxDetailLine+1)
		for sc.Scan() {
			line := bytes.TrimSpace(sc.Bytes())
			var r RunDetail
			if len(line) == 0 || json.Unmarshal(line, &r) != nil || r.Time.IsZero() {
				continue
			}
			if (from.IsZero() || !r.Time.Before(from)) && (to.IsZero() || r.Time.Before(to)) {
				out = append(out, r)
			}
		}
		f.Close()
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}
