package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/promrules"
)

func init() {
	register(&command{
		name: "export", args: "prometheus-rules [-c site.toml] [-o FILE]",
		summary: "write Prometheus recording rules and burn-rate alerts for the SLOs with a Prometheus source",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			fs.String("o", "", "write the rules to `FILE` (replaced whole) instead of standard output")
		},
		run: runExport,
	})
}

func runExport(c *cmdContext) int {
	if len(c.args) != 1 || c.args[0] != "prometheus-rules" {
		return c.usageErr("say what to export: statusgen export prometheus-rules")
	}
	cfgPath, _ := c.configPath()
	cfg, ds := config.LoadConfig(cfgPath)
	if cfg == nil || ds.HasErrors() {
		c.printDiagnostics(ds)
		fmt.Fprintf(c.stderr, "statusgen %s: fix %s first\n", c.cmd.name, cfgPath)
		return exitInputs
	}
	f, notes := promrules.Build(cfg)
	if len(f.Groups) == 0 {
		fmt.Fprintf(c.stderr, "statusgen %s: no SLO in %s has a Prometheus source; add [service.slo.prometheus] with error_query and total_query (docs/prometheus-rules.md)\n", c.cmd.name, cfgPath)
		return exitInputs
	}
	for _, n := range notes {
		fmt.Fprintf(c.stderr, "statusgen %s: note: %s\n", c.cmd.name, n)
	}
	b, err := f.Marshal()
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, err)
		return exitInputs
	}
	out := c.str("o")
	if out == "" {
		c.stdout.Write(b)
		return exitOK
	}
	// Written whole or not at all: a temporary file renamed into place.
	tmp, err := os.CreateTemp(filepath.Dir(out), ".statusgen-rules-*.tmp")
	if err == nil {
		_, err = tmp.Write(b)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), out)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: cannot write %s: %v\n", c.cmd.name, out, err)
		return exitInputs
	}
	fmt.Fprintf(c.stdout, "wrote %d rule groups to %s\n", len(f.Groups), out)
	return exitOK
}
