package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/record"
)

func init() {
	register(&command{
		name: "record", args: "--service ID [--time T] [-c site.toml] [--dry-run] column=value …  (or: --event FILE)",
		summary: "append one pushed result (good=41 total=42, status=up, lag_s=120) to a service's snapshots",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			dryRunFlag(fs)
			fs.String("service", "", "the service `id` the result belongs to")
			fs.String("time", "", "when the result holds: `RFC3339` or Unix seconds; default now")
			fs.String("event", "", "read service, time and values from a repository_dispatch event `file` ($GITHUB_EVENT_PATH)")
		},
		run: runRecord,
	})
}

func runRecord(c *cmdContext) int {
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	var req record.Request
	if ev := c.str("event"); ev != "" {
		if len(c.args) > 0 || c.str("service") != "" || c.str("time") != "" {
			return c.usageErr("--event reads service, time and values from the event; give none of them besides")
		}
		b, err := os.ReadFile(ev)
		if err != nil {
			fmt.Fprintf(c.stderr, "statusgen record: %v\n", err)
			return exitInputs
		}
		if req, err = record.FromEvent(b); err != nil {
			fmt.Fprintf(c.stderr, "statusgen record: %s: %v\n", ev, err)
			return exitInputs
		}
	} else {
		req.Service = c.str("service")
		if req.Service == "" {
			return c.usageErr("name the service with --service ID")
		}
		if v := c.str("time"); v != "" {
			if req.Time, err = record.ParseTime(v); err != nil {
				return c.usageErr("--time: %v", err)
			}
		}
		if req.Values, err = record.ParseValues(c.args); err != nil {
			return c.usageErr("%v", err)
		}
	}
	cfg, _, code := c.loadConfig()
	if cfg == nil {
		return code
	}
	svc, row, err := record.Row(cfg, req, now)
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen record: %v; nothing was written\n", err)
		return exitInputs
	}
	files, err := record.Append(cfg, svc, row, c.dryRun())
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen record: %v\n", err)
		return exitInputs
	}
	for _, f := range files {
		rel, _ := filepath.Rel(cfg.Dir, f.Path)
		rel = filepath.ToSlash(rel)
		switch {
		case f.Duplicates > 0:
			fmt.Fprintf(c.stdout, "%s already has a row at %s; nothing written\n", rel, row.Time.Format(time.RFC3339))
		case c.dryRun():
			fmt.Fprintf(c.stdout, "would append to %s: %s\ndry run: nothing was written\n", rel, strings.Join(f.Lines, " | "))
		default:
			fmt.Fprintf(c.stdout, "recorded %s: %s\n", rel, f.Lines[len(f.Lines)-1])
		}
	}
	return exitOK
}
