package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/site"
)

func init() {
	register(&command{
		name: "build", args: "[-c site.toml] [-o public] [--now RFC3339] [--strict]",
		summary: "compute the figures and write the static site",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			fs.String("o", "", "output `folder` (default: public/ beside site.toml)")
			fs.Bool("strict", false, "fail on unreadable snapshot rows and incident files instead of skipping them")
			formatFlag(fs, "text or github (default github inside GitHub Actions)")
		},
		run: runBuild,
	})
	register(&command{
		name: "check", args: "[-c site.toml] [--format text|github] [--strict]",
		summary: "validate site.toml, snapshots and incidents; exit 1 on errors",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			fs.Bool("strict", false, "fail on warnings too")
			formatFlag(fs, "text or github (default github inside GitHub Actions)")
		},
		run: runCheck,
	})
}

func runBuild(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	cfg, _ := c.configPath()
	strict := c.str("strict") == "true"
	out := c.str("o")
	st, ds, err := build.Build(build.Options{Config: cfg, Out: out, Now: now, Strict: strict, Enrich: c.actionStates})
	c.printDiagnostics(ds)
	if err != nil {
		if errors.Is(err, build.ErrUnsafeOutput) {
			fmt.Fprintf(c.stderr, "statusgen build: %v\n", err)
			return exitUsage
		}
		if errors.Is(err, build.ErrInputs) {
			fmt.Fprintf(c.stderr, "statusgen build: %v; the previous site was left as it was\n", err)
			return exitInputs
		}
		fmt.Fprintf(c.stderr, "statusgen build: %v\n", err)
		return exitInputs
	}
	if out == "" {
		out = filepath.Join(st.Config.Dir, "public")
	}
	errs, warns := ds.Count()
	fmt.Fprintf(c.stdout, "built %s: %s, %s, status %s at %s\n", out,
		diag.CountOf(len(st.Services), "service", "services"), diag.CountOf(len(st.Incidents), "incident", "incidents"),
		st.Status, now.Format("2006-01-02T15:04:05Z"))
	if errs+warns > 0 || st.SkippedRows > 0 || st.RejectedIncidents > 0 {
		fmt.Fprintf(c.stdout, "%s, %s; skipped %s and left out %s (run statusgen check for details)\n",
			diag.CountOf(errs, "error", "errors"), diag.CountOf(warns, "warning", "warnings"),
			diag.CountOf(st.SkippedRows, "unreadable snapshot row", "unreadable snapshot rows"),
			diag.CountOf(st.RejectedIncidents, "incident file", "incident files"))
	}
	return exitOK
}

func runCheck(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	cfg, _ := c.configPath()
	ds := site.Check(cfg, now)
	c.printDiagnostics(ds)
	errs, warns := ds.Count()
	fmt.Fprintf(c.stdout, "checked %s: %s, %s\n", cfg, diag.CountOf(errs, "error", "errors"), diag.CountOf(warns, "warning", "warnings"))
	if errs > 0 || (c.str("strict") == "true" && warns > 0) {
		return exitInputs
	}
	return exitOK
}
