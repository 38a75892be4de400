package main

import (
	"flag"
	"fmt"

	"github.com/statusgen/statusgen/generator/report"
	"github.com/statusgen/statusgen/generator/site"
)

func init() {
	register(&command{
		name: "report", args: "[-c site.toml] [--format markdown|json] [--now RFC3339]",
		summary: "print the SLO report (every SLO, incidents of the last 28 days) for CI step summaries",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			fs.String("format", "markdown", "output `format`: markdown (fit for $GITHUB_STEP_SUMMARY) or json")
			noCacheFlag(fs)
		},
		run: runReport,
	})
}

// runReport prints the report on stdout and the input problems on stderr.
// Like a plain build it reports on what could be read: unreadable rows
// and incident files are left out and counted; only an unusable site.toml
// fails it.
func runReport(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	format := c.str("format")
	if format != "markdown" && format != "json" {
		return c.usageErr("--format %q: use markdown or json", format)
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	cfg, _ := c.configPath()
	st, ds := site.LoadWith(cfg, now, site.LoadOptions{Cache: c.cache()})
	for _, d := range ds {
		fmt.Fprintln(c.stderr, d.Error())
	}
	if st == nil || st.ConfigErrors {
		fmt.Fprintf(c.stderr, "statusgen report: fix %s first\n", cfg)
		return exitInputs
	}
	r := report.New(st)
	if format == "json" {
		err = r.JSON(c.stdout)
	} else {
		err = r.Markdown(c.stdout)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen report: %v\n", err)
		return exitInputs
	}
	return exitOK
}
