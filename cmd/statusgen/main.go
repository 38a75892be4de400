// Command statusgen turns metric snapshots and Markdown postmortems in a
// git repository into a static status site and SLO report.
//
// This package is the thin command line: flags, exit codes and printing.
// The work is done by package generator.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], newEnv()))
}
