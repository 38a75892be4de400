package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/warehouse"
)

func init() {
	register(&command{
		name: "check-data", args: "[-c site.toml] [--service ID,...] [--now RFC3339] [--dry-run]",
		summary: "run the warehouse checks once and append their results to content/metrics",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			dryRunFlag(fs)
			fs.String("service", "", "check only these service `ids` (comma-separated)")
		},
		run: runCheckData,
	})
}

// runCheckData runs the [[service.check]]s. A check that fails is printed
// with its site.toml line and written as a failed row; the command still
// exits 0, as a probe that finds a service down does. It exits 1 only
// when nothing could run (site.toml has errors, the connection string's
// variable is unset) or a row could not be written.
func runCheckData(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	path, _ := c.configPath()
	cfg, ds := config.LoadConfig(path)
	if ds.HasErrors() {
		c.printDiagnostics(ds)
		return exitInputs
	}
	var ids []string
	if v := c.str("service"); v != "" {
		for _, id := range strings.Split(v, ",") {
			ids = append(ids, strings.TrimSpace(id))
		}
	}
	n, drafts := 0, false
	for _, s := range cfg.Services {
		n += len(s.Checks)
		for _, o := range s.SLOs {
			drafts = drafts || o.DraftIncident
		}
	}
	if n == 0 && !drafts {
		fmt.Fprintf(c.stderr, "statusgen check-data: no service in %s has a [[service.check]] or an anomaly SLO with draft_incident; nothing to do\n", path)
		return exitOK
	}
	code := exitOK
	if n > 0 {
		code = c.runChecks(cfg, now, ids)
	}
	if drafts && code == exitOK {
		var ds diag.Diagnostics
		found, written, notes, err := warehouse.DraftAnomalies(cfg, now, c.dryRun(), &ds)
		for _, a := range found {
			fmt.Fprintf(c.stdout, "%-28s anomaly %s = %s at %s, expected %s–%s\n", a.Service.ID+"/"+a.SLO.ID, a.SLO.Column,
				strconv.FormatFloat(a.Value, 'g', 8, 64), a.Time.Format(time.RFC3339), strconv.FormatFloat(a.Band.Lo, 'f', 0, 64), strconv.FormatFloat(a.Band.Hi, 'f', 0, 64))
		}
		for _, w := range written {
			fmt.Fprintf(c.stdout, "  wrote %s\n", w)
		}
		for _, note := range notes {
			fmt.Fprintf(c.stdout, "  %s\n", note)
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "statusgen check-data: %v\n", err)
			return exitInputs
		}
	}
	return code
}

// runChecks runs the warehouse checks and prints their results.
func (c *cmdContext) runChecks(cfg *config.Config, now time.Time, ids []string) int {
	rep, err := warehouse.Run(context.Background(), warehouse.Options{Config: cfg, Now: now, Getenv: c.getenv, Services: ids, DryRun: c.dryRun()})
	if rep != nil {
		for _, r := range rep.Results {
			line := fmt.Sprintf("%-28s", r.Service+"/"+r.Check.ID)
			if r.OK {
				keys := make([]string, 0, len(r.Values))
				for k := range r.Values {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				var vals []string
				for _, k := range keys {
					vals = append(vals, k+"="+strconv.FormatFloat(r.Values[k], 'g', 6, 64))
				}
				line += " ok      " + strings.Join(vals, " ")
				for _, ch := range r.Changes {
					line += fmt.Sprintf("\n  schema: %s %s %s", ch.Change, ch.Column, map[bool]string{true: "(expected)", false: "(unexpected)"}[ch.Expected])
				}
				fmt.Fprintln(c.stdout, line)
			} else {
				fmt.Fprintln(c.stdout, line+" FAILED")
				fmt.Fprintf(c.stderr, "%s: %s\n", r.Where(), r.Error)
				if c.githubFormat() {
					fmt.Fprintf(c.stdout, "::warning file=%s,line=%d::%s\n", r.Check.File, r.Check.Line, r.Service+"/"+r.Check.ID+": "+r.Error)
				}
			}
		}
		for _, f := range rep.Files {
			rel, _ := filepath.Rel(cfg.Dir, f.Path)
			switch {
			case f.Duplicates > 0:
				fmt.Fprintf(c.stderr, "statusgen check-data: %s already has a row at %s; not written twice\n", rel, now.UTC().Format(time.RFC3339))
			case c.dryRun():
				fmt.Fprintf(c.stdout, "  would append to %s: %s\n", rel, strings.Join(f.Lines, " | "))
			}
		}
		for _, w := range rep.Written {
			fmt.Fprintf(c.stdout, "  wrote %s\n", w)
		}
		for _, note := range rep.Notes {
			fmt.Fprintf(c.stdout, "  %s\n", note)
		}
		fmt.Fprintf(c.stdout, "%s at %s: %d failed; %s in all, %s waiting for the warehouse\n",
			diag.CountOf(len(rep.Results), "check run", "checks run"), now.UTC().Format(time.RFC3339), rep.Failed(),
			rep.Wall.Round(time.Millisecond), rep.DB.Round(time.Millisecond))
		if c.dryRun() {
			fmt.Fprintln(c.stdout, "dry run: nothing was written")
		}
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen check-data: %v\n", err)
		return exitInputs
	}
	return exitOK
}
