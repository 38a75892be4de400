package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/prometheus"
)

func init() {
	register(&command{
		name: "collect", args: "[-c site.toml] [--service ID,...] [--now RFC3339] [--dry-run]",
		summary: "pull the declared [service.source]s (a Prometheus-compatible API) into content/metrics: only the new steps",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			dryRunFlag(fs)
			fs.String("service", "", "collect only these service `ids` (comma-separated)")
			fs.Duration("timeout", time.Minute, "give up on one request after this `duration`")
		},
		run: runCollect,
	})
}

func runCollect(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	cfg, path, failed := c.loadConfig()
	if cfg == nil {
		return failed
	}
	var svcs []*config.Service
	if v := c.str("service"); v != "" {
		for _, id := range strings.Split(v, ",") {
			s := cfg.Service(strings.TrimSpace(id))
			if s == nil || s.Source == nil {
				return c.usageErr("--service %q: site.toml has no service %q with a [service.source]", v, strings.TrimSpace(id))
			}
			svcs = append(svcs, s)
		}
	} else {
		for _, s := range cfg.Services {
			if s.Source != nil {
				svcs = append(svcs, s)
			}
		}
	}
	if len(svcs) == 0 {
		fmt.Fprintf(c.stdout, "no service in %s has a [service.source]; nothing to collect\n", path)
		return exitOK
	}
	httpClient := &http.Client{Timeout: c.fs.Lookup("timeout").Value.(flag.Getter).Get().(time.Duration)}
	code := exitOK
	for _, s := range svcs {
		client, err := prometheus.SourceClient(s.Source, httpClient, c.lookupEnv)
		if err != nil {
			fmt.Fprintf(c.stderr, "statusgen collect: %s: %v; nothing collected\n", s.ID, err)
			code = exitInputs
			continue
		}
		col, err := prometheus.Collect(context.Background(), client, cfg, s, now, c.dryRun())
		c.printCollection(cfg, col)
		if err != nil {
			fmt.Fprintf(c.stderr, "statusgen collect: %s: %v\n", s.ID, err)
			code = exitInputs
		}
	}
	if c.dryRun() {
		fmt.Fprintln(c.stdout, "dry run: nothing was written")
	}
	return code
}

func (c *cmdContext) printCollection(cfg *config.Config, col *prometheus.Collection) {
	if !col.Due {
		fmt.Fprintf(c.stdout, "%s: no step due (newest row %s)\n", col.Service, col.Newest.Format(time.RFC3339))
		return
	}
	verb := "added"
	if c.dryRun() {
		verb = "would add"
	}
	line := fmt.Sprintf("%s: %s %d row(s), steps %s to %s (%d steps, %d request(s))", col.Service, verb, col.Added,
		col.Start.Format(time.RFC3339), col.End.Format(time.RFC3339), col.Steps, col.Requests)
	if col.NoData > 0 {
		line += fmt.Sprintf(", %d without data", col.NoData)
	}
	if col.Duplicates > 0 {
		line += fmt.Sprintf(", %d already there", col.Duplicates)
	}
	fmt.Fprintln(c.stdout, line)
	for _, f := range col.Files {
		if f.Added > 0 {
			rel, _ := filepath.Rel(cfg.Dir, f.Path)
			fmt.Fprintf(c.stdout, "  %s: %d row(s)\n", filepath.ToSlash(rel), f.Added)
		}
	}
	for _, s := range col.Skipped {
		fmt.Fprintf(c.stdout, "  skipped %d step(s) from %s: %s\n", s.Count, s.First.Format(time.RFC3339), s.Reason)
	}
	if col.Gap {
		fmt.Fprintf(c.stdout, "  note: the newest row (%s) is older than backfill; the steps before %s were not fetched: fill them with statusgen import prometheus --file-prefix %s\n",
			col.Newest.Format(time.RFC3339), col.Start.Format(time.RFC3339), prometheus.SourceFilePrefix)
	}
	for _, w := range col.Warnings {
		fmt.Fprintf(c.stdout, "  warning from the server: %s\n", w)
	}
}

// lookupEnv reads an environment variable through the command's env, so
// tests can set one; empty counts as not set.
func (c *cmdContext) lookupEnv(k string) (string, bool) {
	v := c.getenv(k)
	return v, v != ""
}
