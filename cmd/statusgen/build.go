package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/report"
	"github.com/statusgen/statusgen/generator/site"
)

func init() {
	register(&command{
		name: "build", args: "[-c site.toml] [-o public] [--now RFC3339] [--strict] [--check] [--report FILE]",
		summary: "compute the figures and write the static site",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			fs.String("o", "", "output `folder` (default: public/ beside site.toml)")
			fs.Bool("strict", false, "fail on unreadable snapshot rows and incident files instead of skipping them")
			formatFlag(fs, "text or github (default github inside GitHub Actions)")
			fs.Bool("check", false, "also report what statusgen check reports (owners, incident lint), from the same read")
			fs.String("report", "", "also append the SLO report (statusgen report) to `FILE`, from the same read")
			fs.String("report-format", "markdown", "the report's `format`: markdown or json")
			noCacheFlag(fs)
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
			noCacheFlag(fs)
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
	reportFile, reportFormat := c.str("report"), c.str("report-format")
	if reportFormat != "markdown" && reportFormat != "json" {
		return c.usageErr("--report-format %q: use markdown or json", reportFormat)
	}
	st, ds, err := build.Build(build.Options{Config: cfg, Out: out, Now: now, Strict: strict, Enrich: c.actionStates, Cache: c.cache()})
	if c.str("check") == "true" && st != nil {
		ds = site.CheckLoaded(st, ds)
	}
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
	if reportFile != "" {
		if err := appendReport(reportFile, reportFormat, st); err != nil {
			fmt.Fprintf(c.stderr, "statusgen build: the site was built, but the report was not written: %v\n", err)
			return exitInputs
		}
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
	ds := site.CheckLoaded(site.LoadWith(cfg, now, site.LoadOptions{Cache: c.cache()}))
	c.printDiagnostics(ds)
	errs, warns := ds.Count()
	fmt.Fprintf(c.stdout, "checked %s: %s, %s\n", cfg, diag.CountOf(errs, "error", "errors"), diag.CountOf(warns, "warning", "warnings"))
	if errs > 0 || (c.str("strict") == "true" && warns > 0) {
		return exitInputs
	}
	return exitOK
}

// noCacheFlag is the flag of the commands that read snapshots through the
// build cache.
func noCacheFlag(fs *flag.FlagSet) {
	fs.Bool("no-cache", false, "read every snapshot file whole, without the build cache in .statusgen/cache/")
}

// cache reports whether the command reads through the build cache.
func (c *cmdContext) cache() bool { return c.str("no-cache") != "true" }

// appendReport appends the SLO report of a built site to path (the step
// summary file of GitHub Actions, say), created if missing; what the file
// held is kept.
func appendReport(path, format string, st *site.Site) error {
	var b bytes.Buffer
	r := report.New(st)
	var err error
	if format == "json" {
		err = r.JSON(&b)
	} else {
		err = r.Markdown(&b)
	}
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
