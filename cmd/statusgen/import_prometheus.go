package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/prometheus"
)

func init() {
	registerImporter(&command{
		name:    "prometheus",
		args:    "--service ID --good PROMQL --total PROMQL --start RFC3339|DURATION [--end RFC3339] [--step 5m] [--url URL] [--dry-run]",
		summary: "good/total event counts from a Prometheus-compatible query API (query_range), as time,good,total rows",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			dryRunFlag(fs)
			fs.String("url", "http://127.0.0.1:9090", "the query API's base `URL` (Prometheus, Thanos, Mimir's /prometheus, VictoriaMetrics)")
			fs.String("service", "", "the service `id` whose content/metrics/<id>/ gets the rows")
			fs.String("good", "", "`PromQL` for the good events of a step, one series, e.g. sum(increase(http_requests_total{code!~\"5..\"}[5m]))")
			fs.String("total", "", "`PromQL` for all events of a step, one series, e.g. sum(increase(http_requests_total[5m]))")
			fs.String("start", "", "first step: an RFC3339 `time`, or a duration before --end such as 28d")
			fs.String("end", "", "last step: an RFC3339 `time` (default --now, or the clock)")
			fs.String("step", "5m", "`duration` between steps, whole seconds; match the range of increase()")
			fs.Int("max-points", prometheus.MaxPointsPerRequest, "at most this many steps per request (`n`); Prometheus allows 11000")
			fs.Duration("timeout", 2*time.Minute, "give up on one request after this `duration`")
			fs.String("file-prefix", "", "write to content/metrics/<id>/<`prefix`><YYYY-MM>.csv, e.g. prometheus- beside a probe's files")
			fs.Var(&headerFlag{}, "header", "send this HTTP header, `\"Name: value\"` (repeatable), e.g. X-Scope-OrgID for Mimir")
		},
		run: runImportPrometheus,
	})
}

// headerFlag collects repeated --header "Name: value" flags.
type headerFlag struct{ h http.Header }

func (f *headerFlag) String() string { return "" }

func (f *headerFlag) Set(v string) error {
	name, value, ok := strings.Cut(v, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return fmt.Errorf("%q is not a header such as \"X-Scope-OrgID: tenant-1\"", v)
	}
	if f.h == nil {
		f.h = http.Header{}
	}
	f.h.Add(name, strings.TrimSpace(value))
	return nil
}

var filePrefixRE = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*$|^$`)

// promColumns are the snapshot columns the rows fill (SPEC section 3: the
// events of the interval that ends at time).
var promColumns = []string{"time", "good", "total"}

func runImportPrometheus(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	q, err := promQuery(c, now)
	if err != nil {
		return c.usageErr("%v", err)
	}
	id := c.str("service")
	if id == "" {
		return c.usageErr("--service is needed: the id of the service whose snapshots get the rows")
	}
	prefix := c.str("file-prefix")
	if !filePrefixRE.MatchString(prefix) {
		return c.usageErr("--file-prefix %q: use letters, digits, '.', '_' and '-' only, such as prometheus-", prefix)
	}
	path, _ := c.configPath()
	cfg, ds := config.LoadConfig(path)
	if ds.HasErrors() {
		c.printDiagnostics(ds)
		return exitInputs
	}
	svc := cfg.Service(id)
	if svc == nil {
		ids := make([]string, len(cfg.Services))
		for i, s := range cfg.Services {
			ids[i] = s.ID
		}
		return c.usageErr("--service %q: %s has no such service (it has: %s)", id, path, strings.Join(ids, ", "))
	}

	client := &prometheus.Client{
		URL:         c.str("url"),
		HTTP:        &http.Client{Timeout: c.fs.Lookup("timeout").Value.(flag.Getter).Get().(time.Duration)},
		Header:      c.fs.Lookup("header").Value.(*headerFlag).h,
		BearerToken: c.getenv("STATUSGEN_PROMETHEUS_TOKEN"),
		Username:    c.getenv("STATUSGEN_PROMETHEUS_USER"),
		Password:    c.getenv("STATUSGEN_PROMETHEUS_PASSWORD"),
	}
	res, err := prometheus.Import(context.Background(), client, q)
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintf(c.stderr, "statusgen import prometheus: the server warns: %s\n", w)
		}
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen import prometheus: %v\n", err)
		if !errors.Is(err, prometheus.ErrManySeries) {
			var ae *prometheus.APIError
			if !errors.As(err, &ae) {
				fmt.Fprintf(c.stderr, "  is a query API listening at --url %s?\n", client.URL)
			}
		}
		fmt.Fprintln(c.stderr, "nothing was written")
		return exitInputs
	}

	rows := make([]metrics.MetricRow, len(res.Rows))
	for i, r := range res.Rows {
		rows[i] = metrics.MetricRow{Time: r.Time, Values: map[string]string{"good": formatCount(r.Good), "total": formatCount(r.Total)}}
	}
	dir := filepath.Join(cfg.Dir, "content", "metrics", svc.ID)
	files, err := metrics.AppendMetricsPrefixed(cfg.Dir, dir, prefix, promColumns, rows, c.dryRun())

	fmt.Fprintf(c.stdout, "queried %s from %s to %s every %s: %s in %s\n", client.URL,
		res.Start.Format(time.RFC3339), res.End.Format(time.RFC3339), formatStep(q.Step),
		plural(res.Steps, "step", "steps"), plural(res.Requests, "request", "requests"))
	fmt.Fprintf(c.stdout, "  %s with both values\n", plural(len(res.Rows), "step", "steps"))
	if res.NoData > 0 {
		fmt.Fprintf(c.stdout, "  %s without data from either query: no row (no data is never counted as zero)\n", plural(res.NoData, "step", "steps"))
	}
	if n := res.SkippedSteps(); n > 0 {
		fmt.Fprintf(c.stdout, "  %s skipped, no row:\n", plural(n, "step", "steps"))
		for _, s := range res.Skipped {
			fmt.Fprintf(c.stdout, "    %-17s %6d  first at %s%s\n", s.Reason, s.Count, s.First.Format(time.RFC3339), skipHint(s.Reason))
		}
	}
	added, dups := 0, 0
	for _, f := range files {
		added += f.Added
		dups += f.Duplicates
		rel, _ := filepath.Rel(cfg.Dir, f.Path)
		verb := "appended to"
		switch {
		case c.dryRun() && f.Created:
			verb = "would create"
		case c.dryRun():
			verb = "would append to"
		case f.Created:
			verb = "created"
		}
		line := fmt.Sprintf("  %s %s: %s", verb, filepath.ToSlash(rel), plural(f.Added, "row", "rows"))
		if f.Duplicates > 0 {
			line += fmt.Sprintf(", %d already there", f.Duplicates)
		}
		if f.Added == 0 {
			line = fmt.Sprintf("  %s: nothing new (%d rows already there)", filepath.ToSlash(rel), f.Duplicates)
		}
		fmt.Fprintln(c.stdout, line)
		if c.dryRun() {
			printLines(c, f.Lines)
		}
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen import prometheus: %v\n", err)
		if prefix == "" && strings.Contains(err.Error(), "lacks") {
			fmt.Fprintln(c.stderr, "  or pass --file-prefix prometheus- to write these rows to prometheus-<YYYY-MM>.csv beside it")
		}
		return exitInputs
	}
	fmt.Fprintf(c.stdout, "imported %s for %s (%s already there)\n", plural(added, "row", "rows"), svc.ID, plural(dups, "row", "rows"))
	if c.dryRun() {
		fmt.Fprintln(c.stdout, "dry run: nothing was written")
	}
	if !hasRatioSLO(svc) {
		fmt.Fprintf(c.stderr, "note: service %q has no SLO with indicator = \"ratio\"; add one to use these rows (docs/prometheus.md)\n", svc.ID)
	}
	return exitOK
}

// promQuery reads the query flags. --start may be a duration before --end.
func promQuery(c *cmdContext, now time.Time) (prometheus.Query, error) {
	q := prometheus.Query{Good: c.str("good"), Total: c.str("total"), MaxPoints: c.fs.Lookup("max-points").Value.(flag.Getter).Get().(int)}
	if strings.TrimSpace(q.Good) == "" || strings.TrimSpace(q.Total) == "" {
		return q, errors.New("--good and --total are needed: a PromQL expression each, returning one series")
	}
	if q.MaxPoints < 1 {
		return q, errors.New("--max-points must be 1 or more")
	}
	step, err := config.ParseDuration(c.str("step"))
	if err != nil || step < time.Second || step%time.Second != 0 {
		return q, fmt.Errorf("--step %q is not a duration of whole seconds such as 5m", c.str("step"))
	}
	q.Step = step
	q.End = now
	if v := c.str("end"); v != "" {
		if q.End, err = time.Parse(time.RFC3339, v); err != nil {
			return q, fmt.Errorf("--end %q is not an RFC 3339 time such as 2026-11-23T12:00:00Z", v)
		}
	}
	v := c.str("start")
	switch {
	case v == "":
		return q, errors.New("--start is needed: an RFC 3339 time, or a duration before --end such as 28d")
	case strings.ContainsAny(v, "T:"):
		if q.Start, err = time.Parse(time.RFC3339, v); err != nil {
			return q, fmt.Errorf("--start %q is not an RFC 3339 time such as 2026-11-01T00:00:00Z", v)
		}
	default:
		d, err := config.ParseDuration(v)
		if err != nil || d <= 0 {
			return q, fmt.Errorf("--start %q is neither an RFC 3339 time nor a duration such as 28d", v)
		}
		q.Start = q.End.Add(-d)
	}
	if q.Start.After(q.End) {
		return q, fmt.Errorf("--start %s is after --end %s", q.Start.UTC().Format(time.RFC3339), q.End.UTC().Format(time.RFC3339))
	}
	return q, nil
}

// formatCount writes an event count: increase() extrapolates, so counts
// are rarely whole; six decimals keep the files readable.
func formatCount(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

func formatStep(d time.Duration) string {
	s := d.String() // 5m0s, 1h0m0s, 1m30s
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

func skipHint(reason string) string {
	if reason == "good missing" {
		return " (if no good events means 0, write the good query as (… or vector(0)))"
	}
	return ""
}

// printLines shows what a dry run would write: the first lines and the last.
func printLines(c *cmdContext, lines []string) {
	const head = 5
	for i, l := range lines {
		switch {
		case i < head || i == len(lines)-1:
			fmt.Fprintf(c.stdout, "    %s\n", l)
		case i == head:
			fmt.Fprintf(c.stdout, "    … %d more\n", len(lines)-head-1)
		}
	}
}

func hasRatioSLO(s *config.Service) bool {
	for _, o := range s.SLOs {
		if o.Indicator == "ratio" {
			return true
		}
	}
	return false
}
