package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/probe"
	"github.com/statusgen/statusgen/generator/site"
)

func init() {
	register(&command{
		name: "probe", args: "[-c site.toml] [--service ID,...] [--now RFC3339] [--dry-run]",
		summary: "run the HTTP probes once and append their results to content/metrics",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			dryRunFlag(fs)
			fs.String("service", "", "probe only these service `ids` (comma-separated)")
			fs.Int("concurrency", 8, "at most this many checks at a time")
			fs.Duration("retry-delay", time.Second, "pause before the one retry of a failed check")
		},
		run: runProbe,
	})
}

func runProbe(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	conc := c.fs.Lookup("concurrency").Value.(flag.Getter).Get().(int)
	if conc < 1 {
		return c.usageErr("--concurrency must be 1 or more")
	}
	delay := c.fs.Lookup("retry-delay").Value.(flag.Getter).Get().(time.Duration)
	cfg, path, failed := c.loadConfig()
	if cfg == nil {
		return failed
	}
	var ids []string
	if v := c.str("service"); v != "" {
		for _, id := range strings.Split(v, ",") {
			id = strings.TrimSpace(id)
			if s := cfg.Service(id); s == nil || s.Probe == nil {
				return c.usageErr("--service %q: site.toml has no service %q with a [service.probe]", v, id)
			}
			ids = append(ids, id)
		}
	}
	results := probe.Run(context.Background(), cfg, ids, probe.Options{
		Concurrency: conc, RetryDelay: delay, Clock: time.Now, Now: now, LookupEnv: c.lookupEnv,
		UserAgent: "statusgen-probe (+" + strings.TrimSpace(cfg.BaseURL) + ")",
	})
	for _, s := range probe.Skipped(cfg, ids) {
		fmt.Fprintf(c.stderr, "statusgen probe: %s skipped: %s is an example address that nobody answers; set [service.probe] url in %s to your service's address\n",
			s.ID, s.Probe.URL, filepath.Base(path))
	}
	if len(results) == 0 {
		fmt.Fprintf(c.stderr, "statusgen probe: no service in %s has a [service.probe] with an address of its own; nothing to do\n", path)
		return exitOK
	}
	code := exitOK
	counts := map[string]int{}
	// A check during planned maintenance is recorded as maintenance: the
	// SLOs leave it out, as they leave out the window (docs/maintenance.md).
	maint := site.MaintenanceNow(cfg, now)
	for i := range results {
		if title, ok := maint[results[i].Service.ID]; ok {
			results[i].Status, results[i].Reason = "maintenance", "maintenance in progress: "+title
		}
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(c.stderr, "statusgen probe: %s: not checked, nothing written: %v\n", r.Service.ID, r.Err)
			code = exitInputs
			continue
		}
		counts[r.Status]++
		line := fmt.Sprintf("%-20s %-9s", r.Service.ID, r.Status)
		if r.Code != 0 {
			line += fmt.Sprintf(" %4d %6.0f ms", r.Code, r.Latency)
		} else if r.Connected {
			line += fmt.Sprintf("      %6.0f ms", r.Latency)
		}
		if r.CertDays != nil {
			line += fmt.Sprintf("  certificate: %d days left", *r.CertDays)
		}
		if r.Reason != "" {
			line += "  " + r.Reason
		}
		if r.Attempts > 1 {
			line += " (after a retry)"
		}
		fmt.Fprintln(c.stdout, strings.TrimRight(line, " "))
		files, err := metrics.AppendMetrics(cfg.Dir, probe.Dir(cfg, r.Service), probe.Columns(r.Service.Probe),
			[]metrics.MetricRow{r.Row(now)}, c.dryRun())
		if err != nil {
			fmt.Fprintf(c.stderr, "statusgen probe: %v\n", err)
			code = exitInputs
			continue
		}
		for _, f := range files {
			rel, _ := filepath.Rel(cfg.Dir, f.Path)
			switch {
			case f.Duplicates > 0:
				fmt.Fprintf(c.stderr, "statusgen probe: %s already has a row at %s; not written twice\n", rel, now.Format(time.RFC3339))
			case c.dryRun():
				fmt.Fprintf(c.stdout, "  would append to %s: %s\n", rel, strings.Join(f.Lines, " | "))
			}
		}
	}
	fmt.Fprintf(c.stdout, "%s at %s: %d up, %d degraded, %d down", diag.CountOf(len(results), "service probed", "services probed"),
		now.Format(time.RFC3339), counts["up"], counts["degraded"], counts["down"])
	if n := counts["maintenance"]; n > 0 {
		fmt.Fprintf(c.stdout, ", %d under maintenance", n)
	}
	fmt.Fprintln(c.stdout)
	if c.dryRun() {
		fmt.Fprintln(c.stdout, "dry run: nothing was written")
	}
	return code
}
