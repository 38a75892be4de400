package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
)

// importers are the sources of `statusgen import <source>`. Each lives in
// its own file and calls registerImporter in init.
var importers = map[string]*command{}

// registerImporter adds `statusgen import <name>`. The command is run like
// any other (flags before and after positionals, --help); its name is the
// source's name, its args and summary are shown by `statusgen import`.
func registerImporter(c *command) { importers[c.name] = c }

func init() {
	register(&command{
		name: "import", args: "<source> [flags] [arguments]",
		summary:  "bring history in from other systems (upptime, cstate, statuspage, ...)",
		dispatch: runImport,
	})
}

func runImport(args []string, e *env) int {
	if len(args) == 0 {
		importUsage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		if len(args) > 1 {
			if imp, ok := importers[args[1]]; ok {
				return runCommand(importCommand(imp), []string{"--help"}, e)
			}
		}
		importUsage(e.stdout)
		return exitOK
	}
	imp, ok := importers[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "statusgen import: unknown source %q\n\n", args[0])
		importUsage(e.stderr)
		return exitUsage
	}
	return runCommand(importCommand(imp), args[1:], e)
}

// importCommand names the importer "import <source>" for usage and error
// messages.
func importCommand(imp *command) *command {
	c := *imp
	c.name = "import " + imp.name
	return &c
}

func importUsage(w io.Writer) {
	fmt.Fprintln(w, "statusgen import brings history in from the systems a site used before.")
	fmt.Fprintln(w, "\nUsage:\n  statusgen import <source> [flags] [arguments]\n\nSources:")
	names := make([]string, 0, len(importers))
	for n := range importers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-18s %s\n", n, importers[n].summary)
	}
	fmt.Fprintln(w, "\nEvery source takes --dry-run (show what would be written) and never writes a")
	fmt.Fprintln(w, "row or file twice. Run 'statusgen import <source> --help' for its flags.")
}

// dryRunFlag declares --dry-run, which every importer takes.
func dryRunFlag(fs *flag.FlagSet) {
	fs.Bool("dry-run", false, "show what would be written and write nothing")
}

func (c *cmdContext) dryRun() bool {
	return c.fs.Lookup("dry-run") != nil && c.str("dry-run") == "true"
}
