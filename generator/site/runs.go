package site

import (
	"path/filepath"
	"sort"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/metrics"
)

// Runs is what the imported pipeline runs of a service checked
// (runs-<YYYY-MM>.jsonl beside its snapshots): the newest run's nodes
// and, day by day, what failed. Nil when the service has no details.
type Runs struct {
	// Latest is the newest run of each source (dbt, great_expectations…),
	// newest first.
	Latest []*RunView
	// FailedDays are the days (site time zone, newest first, within the
	// uptime history) on which some check failed, with what failed.
	FailedDays []FailedDay
}

// RunView is one run as the service page shows it.
type RunView struct {
	metrics.RunDetail
	Failed int
	// Slowest are the nodes with a duration, longest first (at most
	// maxSlowest), for the per-model durations.
	Slowest []metrics.Check
	// FailedItems are the nodes that failed.
	FailedItems []metrics.Check
}

// FailedDay is a day on which checks failed.
type FailedDay struct {
	Date time.Time // local midnight
	Runs []FailedRun
}

// FailedRun is a run of that day and what of it failed.
type FailedRun struct {
	Time   time.Time
	Source string
	Name   string
	Failed []metrics.Check
}

// maxSlowest bounds the durations listed for one run.
const maxSlowest = 15

// runs reads the run details of a service over the uptime history.
func (s *Site) runs(id string, ds *diag.Diagnostics) *Runs {
	cfg, now := s.Config, s.Now
	dir := filepath.Join(cfg.Dir, "content", "metrics", id)
	from := now.AddDate(0, 0, -cfg.HistoryDays)
	details, err := metrics.ReadRunDetails(cfg.Dir, dir, from, now.Add(time.Second))
	if err != nil {
		ds.Warnf(diag.RelPath(cfg.Dir, dir), 0, 0, "the run details cannot be read: %v", err)
		return nil
	}
	if len(details) == 0 {
		return nil
	}
	out := &Runs{}
	seen := map[string]bool{}
	for i := len(details) - 1; i >= 0; i-- {
		d := details[i]
		if d.Time.After(now) {
			continue
		}
		if !seen[d.Source] {
			seen[d.Source] = true
			out.Latest = append(out.Latest, runView(d))
		}
		var failed []metrics.Check
		for _, c := range d.Items {
			if c.Failed {
				failed = append(failed, c)
			}
		}
		if len(failed) == 0 {
			continue
		}
		lt := d.Time.In(cfg.Location)
		day := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, cfg.Location)
		if n := len(out.FailedDays); n == 0 || !out.FailedDays[n-1].Date.Equal(day) {
			out.FailedDays = append(out.FailedDays, FailedDay{Date: day})
		}
		fd := &out.FailedDays[len(out.FailedDays)-1]
		fd.Runs = append(fd.Runs, FailedRun{Time: d.Time, Source: d.Source, Name: d.Name, Failed: failed})
	}
	return out
}

func runView(d metrics.RunDetail) *RunView {
	v := &RunView{RunDetail: d}
	for _, c := range d.Items {
		if c.Failed {
			v.Failed++
			v.FailedItems = append(v.FailedItems, c)
		}
		if c.DurationS != nil {
			v.Slowest = append(v.Slowest, c)
		}
	}
	sort.SliceStable(v.Slowest, func(i, j int) bool {
		a, b := *v.Slowest[i].DurationS, *v.Slowest[j].DurationS
		if a != b {
			return a > b
		}
		return v.Slowest[i].Name < v.Slowest[j].Name
	})
	if len(v.Slowest) > maxSlowest {
		v.Slowest = v.Slowest[:maxSlowest]
	}
	return v
}
