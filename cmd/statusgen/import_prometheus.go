package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
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

func runImportPrometheus(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	client := &prometheus.Client{
		URL:         c.str("url"),
		HTTP:        &http.Client{Timeout: c.fs.Lookup("timeout").Value.(flag.Getter).Get().(time.Duration)},
		Header:      c.fs.Lookup("header").Value.(*headerFlag).h,
		BearerToken: c.getenv("STATUSGEN_PROMETHEUS_TOKEN"),
		Username:    c.getenv("STATUSGEN_PROMETHEUS_USER"),
		Password:    c.getenv("STATUSGEN_PROMETHEUS_PASSWORD"),
	}
	path, _ := c.configPath()
	// Without --good and --total the service's declared source is
	// imported: its URL and headers, unless --url says otherwise.
	if c.str("good") == "" && c.str("total") == "" && !c.flagSet("url") {
		if cfg, ds := config.LoadConfig(path); !ds.HasErrors() {
			if svc := cfg.Service(c.str("service")); svc != nil && svc.Source != nil && svc.Source.Good != "" {
				sc, err := prometheus.SourceClient(svc.Source, client.HTTP, c.lookupEnv)
				if err != nil {
					fmt.Fprintf(c.stderr, "statusgen import prometheus: %v\nnothing was written\n", err)
					return exitInputs
				}
				client = sc
			}
		}
	}
	imp, err := prometheus.ImportService(context.Background(), client, prometheus.ImportOptions{
		ConfigPath: path, Service: c.str("service"),
		Good: c.str("good"), Total: c.str("total"),
		Start: c.str("start"), End: c.str("end"), Step: c.str("step"), StepDefault: !c.flagSet("step"),
		MaxPoints:  c.fs.Lookup("max-points").Value.(flag.Getter).Get().(int),
		FilePrefix: c.str("file-prefix"), Now: now, DryRun: c.dryRun(),
	})
	var usage *prometheus.UsageError
	switch {
	case errors.As(err, &usage):
		return c.usageErr("%v", err)
	case errors.Is(err, prometheus.ErrConfig):
		c.printDiagnostics(imp.Diagnostics)
		return exitInputs
	}
	res := imp.Result
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintf(c.stderr, "statusgen import prometheus: the server warns: %s\n", w)
		}
	}
	if !imp.Appended {
		fmt.Fprintf(c.stderr, "statusgen import prometheus: %v\n", err)
		printHint(c, imp.Hint)
		fmt.Fprintln(c.stderr, "nothing was written")
		return exitInputs
	}

	fmt.Fprintf(c.stdout, "queried %s from %s to %s every %s: %s in %s\n", client.URL,
		res.Start.Format(time.RFC3339), res.End.Format(time.RFC3339), formatStep(imp.Query.Step),
		diag.CountOf(res.Steps, "step", "steps"), diag.CountOf(res.Requests, "request", "requests"))
	fmt.Fprintf(c.stdout, "  %s with both values\n", diag.CountOf(len(res.Rows), "step", "steps"))
	if res.NoData > 0 {
		fmt.Fprintf(c.stdout, "  %s without data from either query: no row (no data is never counted as zero)\n", diag.CountOf(res.NoData, "step", "steps"))
	}
	if n := res.SkippedSteps(); n > 0 {
		fmt.Fprintf(c.stdout, "  %s skipped, no row:\n", diag.CountOf(n, "step", "steps"))
		for _, s := range res.Skipped {
			hint := ""
			if h := s.Hint(); h != "" {
				hint = " (" + h + ")"
			}
			fmt.Fprintf(c.stdout, "    %-17s %6d  first at %s%s\n", s.Reason, s.Count, s.First.Format(time.RFC3339), hint)
		}
	}
	for _, f := range imp.Files {
		rel, _ := filepath.Rel(imp.SiteDir, f.Path)
		verb := "appended to"
		switch {
		case c.dryRun() && f.Created:
			verb = "would create"
		case c.dryRun():
			verb = "would append to"
		case f.Created:
			verb = "created"
		}
		line := fmt.Sprintf("  %s %s: %s", verb, filepath.ToSlash(rel), diag.CountOf(f.Added, "row", "rows"))
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
		printHint(c, imp.Hint)
		return exitInputs
	}
	fmt.Fprintf(c.stdout, "imported %s for %s (%s already there)\n", diag.CountOf(imp.Added, "row", "rows"), imp.Service, diag.CountOf(imp.Duplicates, "row", "rows"))
	if c.dryRun() {
		fmt.Fprintln(c.stdout, "dry run: nothing was written")
	}
	if imp.NoRatioSLO {
		fmt.Fprintf(c.stderr, "note: service %q has no SLO with indicator = \"ratio\"; add one to use these rows (docs/prometheus.md)\n", imp.Service)
	}
	return exitOK
}

// printHint writes a line of advice after an error, if there is one.
func printHint(c *cmdContext, hint string) {
	if hint != "" {
		fmt.Fprintf(c.stderr, "  %s\n", hint)
	}
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
