package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/statusgen/statusgen/generator/importer"
)

func init() {
	registerImporter(&command{
		name: "statuspage", args: "<folder, file or page URL> [-c site.toml] [--map 'Component=service-id'] [--dry-run]",
		summary: "Atlassian Statuspage v2 incidents and maintenances → incident files",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			dryRunFlag(fs)
			fs.Var(&mapFlag{}, "map", "map a component `name=service-id` (repeatable) when the names differ")
		},
		run: runImportStatuspage,
	})
}

// mapFlag collects repeated name=value flags.
type mapFlag map[string]string

func (m *mapFlag) String() string { return "" }

func (m *mapFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(val) == "" {
		return fmt.Errorf("want name=service-id, got %q", v)
	}
	if *m == nil {
		*m = mapFlag{}
	}
	(*m)[strings.TrimSpace(k)] = strings.TrimSpace(val)
	return nil
}

// importSite opens the site an import writes into; a missing site.toml is
// fine (nothing is mapped), a broken one is not.
func (c *cmdContext) importSite() (*importer.Site, bool) {
	path, _ := c.configPath()
	site, ds := importer.OpenSite(path)
	if ds.HasErrors() {
		c.printDiagnostics(ds)
		fmt.Fprintf(c.stderr, "statusgen %s: fix %s first; nothing was imported\n", c.cmd.name, path)
		return nil, false
	}
	if _, err := os.Stat(path); err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: no %s; writing into its folder without mapping names to services\n", c.cmd.name, path)
	} else if len(site.Config.Services) == 0 {
		fmt.Fprintf(c.stderr, "statusgen %s: %s has no services; names are not mapped to service ids\n", c.cmd.name, path)
	}
	return site, true
}

// oneArg checks the command got exactly one positional argument.
func (c *cmdContext) oneArg(what string) (string, int, bool) {
	switch {
	case len(c.args) == 0:
		return "", c.usageErr("missing the %s", what), false
	case len(c.args) > 1:
		return "", c.usageErr("unexpected argument %q", c.args[1]), false
	}
	return c.args[0], 0, true
}

func (c *cmdContext) finishImport(sum *importer.Summary, err error) int {
	sum.Print(c.stdout, c.dryRun())
	if err == nil {
		err = sum.Err()
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, err)
		return exitInputs
	}
	return exitOK
}

func runImportStatuspage(c *cmdContext) int {
	return c.importOne("Statuspage folder, file or page URL", func(src string, site *importer.Site, sum *importer.Summary) error {
		return site.ImportStatuspage(context.Background(), src, importer.StatuspageOptions{
			Map: *c.fs.Lookup("map").Value.(*mapFlag), DryRun: c.dryRun(),
		}, sum)
	})
}

// importOne runs an import of the command's one argument (what names it
// in the usage error) into the site: fn imports, finishImport prints the
// summary and picks the exit code.
func (c *cmdContext) importOne(what string, fn func(src string, site *importer.Site, sum *importer.Summary) error) int {
	src, code, ok := c.oneArg(what)
	if !ok {
		return code
	}
	site, ok := c.importSite()
	if !ok {
		return exitInputs
	}
	var sum importer.Summary
	return c.finishImport(&sum, fn(src, site, &sum))
}

func init() {
	registerImporter(&command{
		name: "cstate", args: "<content/issues folder> [-c site.toml] [--dry-run]",
		summary: "cState incident files → statusgen incident files (TOML front matter)",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			dryRunFlag(fs)
		},
		run: func(c *cmdContext) int {
			return c.importOne("cState content/issues folder", func(dir string, site *importer.Site, sum *importer.Summary) error {
				return site.ImportCState(dir, c.dryRun(), sum)
			})
		},
	})
}

func init() {
	registerImporter(&command{
		name: "upptime", args: "<Upptime clone> [-c site.toml] [--history-csv FILE] [--dry-run]  (or: --history-csv FILE alone)",
		summary: "an Upptime repository's sites and their history from git → [[service]] entries and snapshots",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			dryRunFlag(fs)
			fs.String("history-csv", "", "read the history from this `CSV` (timestamp,site,status,code,response_time_ms) instead of git")
		},
		run: func(c *cmdContext) int {
			historyCSV := c.str("history-csv")
			clone := ""
			if historyCSV == "" || len(c.args) > 0 {
				var code int
				var ok bool
				if clone, code, ok = c.oneArg("folder of the Upptime repository clone"); !ok {
					return code
				}
			}
			site, ok := c.importSite()
			if !ok {
				return exitInputs
			}
			var sum importer.Summary
			var sites []*importer.UpptimeSite
			var err error
			if clone == "" {
				sites, err = site.UpptimeCSVSites(historyCSV, &sum)
			} else {
				sites, err = site.UpptimeSites(clone, &sum)
			}
			if err != nil {
				return c.finishImport(&sum, err)
			}
			from := clone
			if from == "" {
				from = historyCSV
			}
			fmt.Fprintf(c.stdout, "# [[service]] entries for site.toml, from %s:\n\n", from)
			for _, s := range sites {
				fmt.Fprintln(c.stdout, s.ServiceTOML())
			}
			err = site.ImportUpptime(clone, sites, importer.UpptimeOptions{
				HistoryCSV: historyCSV, DryRun: c.dryRun(), Preview: c.stdout,
			}, &sum)
			return c.finishImport(&sum, err)
		},
	})
}

func init() {
	pipelineFlags := func(fs *flag.FlagSet) {
		configFlag(fs)
		dryRunFlag(fs)
		fs.String("service", "", "the service `id` whose content/metrics/<id>/ gets the rows (required)")
	}
	registerImporter(&command{
		name: "dbt", args: "<run_results.json or folder> --service ID [-c site.toml] [--resource model,test] [--dry-run]",
		summary: "dbt run results → one time,good,total row per run (skipped left out)",
		flags: func(fs *flag.FlagSet) {
			pipelineFlags(fs)
			fs.String("resource", "", "count only these resource `types` (model, test, seed, snapshot, operation), comma-separated")
		},
		run: func(c *cmdContext) int { return runImportPipeline(c, "dbt") },
	})
	registerImporter(&command{
		name: "great-expectations", args: "<validation.json or folder> --service ID [-c site.toml] [--dry-run]",
		summary: "Great Expectations validation results → one time,good,total row per run",
		flags:   pipelineFlags,
		run:     func(c *cmdContext) int { return runImportPipeline(c, "ge") },
	})
}

func runImportPipeline(c *cmdContext, kind string) int {
	src, code, ok := c.oneArg("results file or folder")
	if !ok {
		return code
	}
	opts := importer.PipelineOptions{Service: c.str("service"), DryRun: c.dryRun(), Preview: c.stdout}
	if opts.Service == "" {
		return c.usageErr("name the service the runs belong to with --service ID")
	}
	if f := c.fs.Lookup("resource"); f != nil && f.Value.String() != "" {
		for _, r := range strings.Split(f.Value.String(), ",") {
			opts.Resources = append(opts.Resources, strings.TrimSpace(r))
		}
	}
	site, ok := c.importSite()
	if !ok {
		return exitInputs
	}
	var sum importer.Summary
	var err error
	if kind == "dbt" {
		err = site.ImportDBT(src, opts, &sum)
	} else {
		err = site.ImportGreatExpectations(src, opts, &sum)
	}
	return c.finishImport(&sum, err)
}

func init() {
	registerImporter(&command{
		name: "openlineage", args: "<events.jsonl or folder> --service ID [--job NAME,...] [-c site.toml] [--dry-run]",
		summary: "OpenLineage run events (the file transport's JSON lines) → one time,good,total,duration_s row per ended run",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			dryRunFlag(fs)
			fs.String("service", "", "the service `id` whose content/metrics/<id>/ gets the rows (required)")
			fs.String("job", "", "keep only these jobs (`names`, or namespace/name), comma-separated")
		},
		run: func(c *cmdContext) int {
			src, code, ok := c.oneArg("events file or folder")
			if !ok {
				return code
			}
			opts := importer.OpenLineageOptions{PipelineOptions: importer.PipelineOptions{Service: c.str("service"), DryRun: c.dryRun(), Preview: c.stdout}}
			if opts.Service == "" {
				return c.usageErr("name the service the runs belong to with --service ID")
			}
			if v := c.str("job"); v != "" {
				for _, j := range strings.Split(v, ",") {
					opts.Jobs = append(opts.Jobs, strings.TrimSpace(j))
				}
			}
			site, ok := c.importSite()
			if !ok {
				return exitInputs
			}
			var sum importer.Summary
			return c.finishImport(&sum, site.ImportOpenLineage(src, opts, &sum))
		},
	})
}

func init() {
	registerImporter(&command{
		name: "stactus", args: "<incidents folder or file> [--systems stactus.yaml] [-c site.toml] [--dry-run]",
		summary: "slok/stactus incident/v1 YAML → statusgen incident files",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			dryRunFlag(fs)
			fs.String("systems", "", "the stactus.yaml `file` whose systems' names also map to services")
		},
		run: func(c *cmdContext) int {
			return c.importOne("stactus incidents folder or file", func(src string, site *importer.Site, sum *importer.Summary) error {
				return site.ImportStactus(src, importer.StactusOptions{SystemsFile: c.str("systems"), DryRun: c.dryRun()}, sum)
			})
		},
	})
}
