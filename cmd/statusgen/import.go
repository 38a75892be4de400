package main

import (
	"flag"
)

// importGroup holds the sources of `statusgen import <source>`. Each lives
// in its own file and calls registerImporter in init.
var importGroup = registerGroup(&group{
	name: "import", noun: "source",
	intro: "statusgen import brings history in from the systems a site used before.",
	footer: "Every source takes --dry-run (show what would be written) and never writes a\n" +
		"row or file twice. Run 'statusgen import <source> --help' for its flags.\n",
}, "bring history in from other systems (upptime, cstate, statuspage, ...)")

// registerImporter adds `statusgen import <name>`. The command is run like
// any other (flags before and after positionals, --help); its name is the
// source's name, its args and summary are shown by `statusgen import`.
func registerImporter(c *command) { importGroup.add(c) }

// dryRunFlag declares --dry-run, which every importer takes.
func dryRunFlag(fs *flag.FlagSet) {
	fs.Bool("dry-run", false, "show what would be written and write nothing")
}

func (c *cmdContext) dryRun() bool {
	return c.fs.Lookup("dry-run") != nil && c.str("dry-run") == "true"
}
