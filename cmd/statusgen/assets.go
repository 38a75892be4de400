package main

import (
	"flag"
	"fmt"

	"github.com/statusgen/statusgen/generator/chartscript"
)

func init() {
	register(&command{
		name: "assets", args: "[--cache DIR]",
		summary: "fetch the pinned charting script (echarts) with npm, check its integrity and cache it for builds",
		flags: func(fs *flag.FlagSet) {
			fs.String("cache", "", "cache `folder` (default $STATUSGEN_CACHE, else statusgen/ in the user cache folder)")
		},
		run: runAssets,
	})
}

func runAssets(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	cache := c.str("cache")
	if cache == "" {
		cache = chartscript.DefaultCacheDir()
	}
	if err := chartscript.Fetch(cache); err != nil {
		fmt.Fprintf(c.stderr, "statusgen assets: %v\nbuilds still work: their pages show static charts\n", err)
		return exitInputs
	}
	fmt.Fprintf(c.stdout, "echarts %s (integrity %s) ready in %s\n", chartscript.EChartsVersion, chartscript.EChartsIntegrity, cache)
	return exitOK
}
