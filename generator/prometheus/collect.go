package prometheus

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/metrics"
)

// SourceFilePrefix names the month files a declared source writes:
// content/metrics/<id>/source-<YYYY-MM>.csv, beside a probe's files.
const SourceFilePrefix = "source-"

// SourceClient is the client of a service's [service.source]: its URL,
// and its headers with their values from the environment variables
// header_env names (lookup, default os.LookupEnv). A variable that is not
// set is an error that names it; its value is never in a message.
func SourceClient(src *config.Source, httpClient *http.Client, lookup func(string) (string, bool)) (*Client, error) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	c := &Client{URL: src.URL, HTTP: httpClient}
	for name, env := range src.HeaderEnv {
		v, ok := lookup(env)
		switch {
		case !ok || v == "":
			return nil, fmt.Errorf("header_env %s: the environment variable %s is not set; set it where collect runs", name, env)
		case strings.ContainsAny(v, "\r\n\x00"):
			return nil, fmt.Errorf("header_env %s: the environment variable %s holds a line break, which a header value cannot", name, env)
		}
		if c.Header == nil {
			c.Header = http.Header{}
		}
		c.Header.Set(name, v)
	}
	return c, nil
}

// Collection is what one Collect of a service did.
type Collection struct {
	Service string
	// Newest is the newest row the source's files held before the run;
	// zero on the first run.
	Newest time.Time
	// Start and End are the first and last step asked for, aligned to the
	// step; zero when no step was due.
	Start, End time.Time
	// Due says some step was due. A run that finds none (the previous
	// run was less than a step ago) makes no request.
	Due bool
	// Gap is set when the newest row is older than backfill: the steps
	// between it and now − backfill are not fetched (import prometheus
	// fills them).
	Gap      bool
	Steps    int // steps asked for
	Requests int // HTTP requests made
	NoData   int // steps where no query had a value: no row
	Skipped  []Skip
	Warnings []string
	Files    []metrics.MonthFile
	// Added and Duplicates count rows over Files.
	Added, Duplicates int
}

// Collect pulls a service's [service.source] into
// content/metrics/<id>/source-<YYYY-MM>.csv: the steps after the newest
// row already written there, up to now − settle (a step younger than that
// may still be filling), and on the first run (or after a gap longer than
// backfill) from now − backfill. Steps are the multiples of step since the
// Unix epoch, so two runs never disagree on them, and a run that finds
// nothing due asks nothing. The rows are appended through
// metrics.AppendMetricsPrefixed (the folder's lock, whole lines, no time
// twice): running it again, or twice at once, adds nothing twice. It is
// the code of `statusgen import prometheus` (Import) over the range the
// files call for.
func Collect(ctx context.Context, c *Client, cfg *config.Config, svc *config.Service, now time.Time, dryRun bool) (*Collection, error) {
	src := svc.Source
	out := &Collection{Service: svc.ID}
	if src == nil {
		return out, fmt.Errorf("service %q has no [service.source]", svc.ID)
	}
	dir := filepath.Join(cfg.Dir, "content", "metrics", svc.ID)
	newest, ok, err := metrics.NewestTime(cfg.Dir, dir, SourceFilePrefix)
	if err != nil {
		return out, err
	}
	step := src.StepDur
	start := now.Add(-src.BackfillDur)
	if ok {
		out.Newest = newest
		if next := newest.Add(step); !next.Before(start) {
			start = next
		} else {
			out.Gap = true
		}
	}
	end := now.Add(-src.SettleDur)
	st := int64(step / time.Second)
	s := ceilDiv(start.Unix()+boolInt(start.Nanosecond() > 0), st) * st
	e := floorDiv(end.Unix(), st) * st
	if s > e {
		return out, nil
	}
	out.Due = true
	out.Start, out.End = time.Unix(s, 0).UTC(), time.Unix(e, 0).UTC()
	out.Steps = int((e-s)/st) + 1

	rows := map[int64]map[string]string{}
	cell := func(t time.Time, col, v string) {
		k := t.Unix()
		if rows[k] == nil {
			rows[k] = map[string]string{}
		}
		rows[k][col] = v
	}
	header := []string{"time"}
	if src.Good != "" {
		header = append(header, "good", "total")
		res, err := Import(ctx, c, Query{Good: src.Good, Total: src.Total, Start: out.Start, End: out.End, Step: step})
		if res != nil {
			out.Requests += res.Requests
			out.Skipped = append(out.Skipped, res.Skipped...)
			out.Warnings = append(out.Warnings, res.Warnings...)
			for _, r := range res.Rows {
				cell(r.Time, "good", formatCount(r.Good))
				cell(r.Time, "total", formatCount(r.Total))
			}
		}
		if err != nil {
			return out, err
		}
	}
	cols := make([]string, 0, len(src.Columns))
	for col := range src.Columns {
		cols = append(cols, col)
	}
	sort.Strings(cols)
	header = append(header, cols...)
	for _, col := range cols {
		n, err := queryValues(ctx, c, col, src.Columns[col], step, out, cell)
		out.Requests += n
		if err != nil {
			return out, err
		}
	}
	times := make([]int64, 0, len(rows))
	for t := range rows {
		times = append(times, t)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	out.NoData = out.Steps - len(times)
	mrows := make([]metrics.MetricRow, len(times))
	for i, t := range times {
		mrows[i] = metrics.MetricRow{Time: time.Unix(t, 0).UTC(), Values: rows[t]}
	}
	if len(mrows) == 0 {
		return out, nil
	}
	out.Files, err = metrics.AppendMetricsPrefixed(cfg.Dir, dir, SourceFilePrefix, header, mrows, dryRun)
	for _, f := range out.Files {
		out.Added += f.Added
		out.Duplicates += f.Duplicates
	}
	return out, err
}

// queryValues runs a value query over the collection's steps and hands
// each finite value to cell; it returns the requests made.
func queryValues(ctx context.Context, c *Client, col, expr string, step time.Duration, out *Collection, cell func(time.Time, string, string)) (int, error) {
	ranges, err := Split(out.Start, out.End, step, 0)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range ranges {
		series, warnings, err := c.QueryRange(ctx, expr, r.Start, r.End, step)
		n++
		out.Warnings = append(out.Warnings, warnings...)
		if err != nil {
			return n, fmt.Errorf("column %s: %w", col, err)
		}
		if len(series) > 1 {
			return n, manySeries("column "+col, expr, series)
		}
		for _, s := range series {
			for _, p := range s.Samples {
				if math.IsNaN(p.V) || math.IsInf(p.V, 0) {
					continue
				}
				cell(time.UnixMilli(p.T).UTC(), col, strconv.FormatFloat(math.Round(p.V*1e6)/1e6, 'f', -1, 64))
			}
		}
	}
	return n, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
