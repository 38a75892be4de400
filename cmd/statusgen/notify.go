package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/notify"
	"github.com/statusgen/statusgen/generator/site"
)

func init() {
	register(&command{
		name: "notify", args: "[-c site.toml] [--now RFC3339] [--dry-run]",
		summary: "send alerts fired and resolved, incidents and maintenance to Slack, Google Chat, webhooks and e-mail",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			fs.Bool("dry-run", false, "print what would be sent; send nothing, write no state")
		},
		run: runNotify,
	})
}

// notifyOptions lets tests trust their own SMTP certificate.
var notifyOptions notify.Options

// runNotify computes the site at now as build does, and sends what
// changed since the state file. Exit 1 when a message could not be sent
// (it is sent again next run) or the inputs are unusable.
func runNotify(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	cfgPath, _ := c.configPath()
	st, ds := site.Load(cfgPath, now)
	if st == nil || st.ConfigErrors {
		c.printDiagnostics(ds)
		fmt.Fprintf(c.stderr, "statusgen %s: fix %s first\n", c.cmd.name, cfgPath)
		return exitInputs
	}
	if len(st.Config.Channels) == 0 {
		fmt.Fprintf(c.stderr, "statusgen %s: %s has no [[channel]]; add one and a [[route]] (docs/notify.md)\n", c.cmd.name, cfgPath)
		return exitInputs
	}
	opts := notifyOptions
	opts.Getenv = c.getenv
	opts.DryRun = c.dryRun()
	opts.Log = func(s string) { fmt.Fprintln(c.stdout, s) }
	res, err := notify.Run(context.Background(), st, opts)
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, err)
		return exitInputs
	}
	for _, e := range res.Errors {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, e)
	}
	if opts.DryRun {
		fmt.Fprintf(c.stdout, "dry run, nothing sent at %s\n", now.UTC().Format("2006-01-02T15:04:05Z"))
		return exitOK
	}
	fmt.Fprintf(c.stdout, "%s sent, %s not sent (sent again next run)\n",
		diag.CountOf(res.Sent, "message", "messages"), diag.CountOf(res.Failed, "message", "messages"))
	if res.Failed > 0 {
		return exitInputs
	}
	return exitOK
}
