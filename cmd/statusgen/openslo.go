package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/openslo"
)

func init() {
	registerImporter(&command{
		name: "openslo", args: "<file or folder of OpenSLO YAML> [-c site.toml] [--dry-run]",
		summary: "OpenSLO v1 services and SLOs → site.toml (added; nothing there is changed)",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			dryRunFlag(fs)
		},
		run: runImportOpenSLO,
	})
}

func runImportOpenSLO(c *cmdContext) int {
	src, code, ok := c.oneArg("OpenSLO file or folder")
	if !ok {
		return code
	}
	path, _ := c.configPath()
	cfg, ds := config.LoadConfig(path)
	if cfg == nil || ds.HasErrors() && len(cfg.Services) > 0 {
		c.printDiagnostics(ds)
		fmt.Fprintf(c.stderr, "statusgen %s: fix %s first (or create one with statusgen init); nothing was imported\n", c.cmd.name, path)
		return exitInputs
	}
	files, err := openslo.Files(src)
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, err)
		return exitInputs
	}
	// Files are named as the argument named them (a relative path stays
	// relative), so a message points where the user looks.
	svcs, rds := openslo.Read(files, filepath.ToSlash, cfg.Timezone)
	c.printDiagnostics(rds)
	if rds.HasErrors() {
		fmt.Fprintf(c.stderr, "statusgen %s: nothing was imported; fix the errors above (warnings alone do not stop an import)\n", c.cmd.name)
		return exitInputs
	}
	before, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, err)
		return exitInputs
	}
	text, notes := openslo.Merge(string(before), cfg, svcs)
	for _, n := range notes {
		fmt.Fprintln(c.stdout, n)
	}
	if text == string(before) {
		fmt.Fprintf(c.stdout, "%s unchanged\n", filepath.Base(path))
		return exitOK
	}
	if c.dryRun() {
		fmt.Fprintf(c.stdout, "\n--dry-run: %s would gain these lines:\n%s", filepath.Base(path), added(string(before), text))
		return exitOK
	}
	if err := openslo.WriteConfig(path, text); err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, err)
		return exitInputs
	}
	_, wr := rds.Count()
	fmt.Fprintf(c.stdout, "wrote %s (%s); check it with statusgen check\n", filepath.Base(path), diag.CountOf(wr, "warning", "warnings"))
	return exitOK
}

// added returns the lines of after that before does not have, in order
// (Merge only adds lines).
func added(before, after string) string {
	b := strings.Split(before, "\n")
	var out strings.Builder
	i := 0
	for _, l := range strings.Split(after, "\n") {
		if i < len(b) && b[i] == l {
			i++
			continue
		}
		out.WriteString("+ " + l + "\n")
	}
	return out.String()
}
