package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/openslo"
	"github.com/statusgen/statusgen/generator/promrules"
)

func init() {
	register(&command{
		name: "export", args: "prometheus-rules|openslo [-c site.toml] [-o FILE]",
		summary: "write the site's SLOs for other tools: Prometheus rules and alerts, or OpenSLO YAML",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			fs.String("o", "", "write to `FILE` (replaced whole) instead of standard output")
		},
		run: runExport,
	})
}

func runExport(c *cmdContext) int {
	if len(c.args) != 1 {
		return c.usageErr("say what to export: statusgen export prometheus-rules, or statusgen export openslo")
	}
	format := c.args[0]
	if format != "prometheus-rules" && format != "openslo" {
		return c.usageErr("unknown format %q; statusgen exports prometheus-rules and openslo", format)
	}
	cfgPath, _ := c.configPath()
	cfg, ds := config.LoadConfig(cfgPath)
	if cfg == nil || ds.HasErrors() {
		c.printDiagnostics(ds)
		fmt.Fprintf(c.stderr, "statusgen %s: fix %s first\n", c.cmd.name, cfgPath)
		return exitInputs
	}
	var b []byte
	var what string
	var err error
	switch format {
	case "prometheus-rules":
		f, notes := promrules.Build(cfg)
		if len(f.Groups) == 0 {
			fmt.Fprintf(c.stderr, "statusgen %s: no SLO in %s has a Prometheus source; add [service.slo.prometheus] with error_query and total_query (docs/prometheus-rules.md)\n", c.cmd.name, cfgPath)
			return exitInputs
		}
		for _, n := range notes {
			fmt.Fprintf(c.stderr, "statusgen %s: note: %s\n", c.cmd.name, n)
		}
		b, err = f.Marshal()
		what = fmt.Sprintf("%d rule groups", len(f.Groups))
	case "openslo":
		var notes []string
		b, notes, err = openslo.Export(cfg)
		for _, n := range notes {
			fmt.Fprintf(c.stderr, "statusgen %s: note: %s\n", c.cmd.name, n)
		}
		what = "the SLOs as OpenSLO"
	}
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
	tmp, err := os.CreateTemp(filepath.Dir(out), ".statusgen-export-*.tmp")
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
	fmt.Fprintf(c.stdout, "wrote %s to %s\n", what, out)
	return exitOK
}
