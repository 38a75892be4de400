package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/example"
	sitepkg "github.com/statusgen/statusgen/generator/site"
)

func init() {
	register(&command{
		name: "demo", args: "[--now RFC3339] [--overwrite] [DIR]",
		summary: "write the example site with data ending at now into DIR (default statusgen-demo), and build it",
		flags: func(fs *flag.FlagSet) {
			nowFlag(fs)
			fs.Bool("overwrite", false, "write the example's files into a folder that holds other files too (files of the same names are replaced)")
			fs.Bool("no-build", false, "write the example only")
		},
		run: runDemo,
	})
}

func runDemo(c *cmdContext) int {
	if len(c.args) > 1 {
		return c.usageErr("takes one folder, got %d arguments", len(c.args))
	}
	dir := "statusgen-demo"
	if len(c.args) == 1 {
		dir = c.args[0]
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	owned := fileExists(filepath.Join(dir, example.Marker))
	wasEmpty := isEmptyDir(dir)
	if !owned && !wasEmpty && c.str("overwrite") != "true" {
		fmt.Fprintf(c.stderr, "statusgen demo: %s already holds files that statusgen demo did not write; "+
			"name a new folder, or pass --overwrite to write the example into it anyway\n", dir)
		return exitInputs
	}
	cfg := filepath.Join(dir, "site.toml")
	if c.str("no-build") != "true" {
		// Refused before anything is written: the build would refuse it
		// after.
		if err := build.CheckOutput(filepath.Join(dir, "public"), cfg); err != nil {
			fmt.Fprintf(c.stderr, "statusgen demo: %v\n", err)
			return exitUsage
		}
	}
	if owned {
		// A folder the demo wrote before: clear its dated files so a new now
		// leaves no incidents or snapshot months from the old one.
		for _, sub := range []string{"incidents", filepath.Join("content", "metrics")} {
			if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
				fmt.Fprintf(c.stderr, "statusgen demo: %v\n", err)
				return exitInputs
			}
		}
	}
	if err := example.Write(dir, now); err != nil {
		fmt.Fprintf(c.stderr, "statusgen demo: %v\n", err)
		return exitInputs
	}
	if owned || wasEmpty {
		// Only a folder that holds nothing but the example is marked as the
		// demo's own, to be cleared and rewritten next time.
		if err := os.WriteFile(filepath.Join(dir, example.Marker), []byte(example.MarkerText), 0o644); err != nil {
			fmt.Fprintf(c.stderr, "statusgen demo: %v\n", err)
			return exitInputs
		}
	}
	fmt.Fprintf(c.stdout, "wrote the example site into %s (data ending %s)\n", dir, now.Format("2006-01-02T15:04:05Z"))
	if c.str("no-build") == "true" {
		return exitOK
	}
	site, ds, err := build.Build(build.Options{Config: cfg, Now: now})
	c.printDiagnostics(ds)
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen demo: %v\n", err)
		if errors.Is(err, build.ErrUnsafeOutput) {
			return exitUsage
		}
		return exitInputs
	}
	index := filepath.Join(dir, "public", "index.html")
	if abs, err := filepath.Abs(index); err == nil {
		index = abs
	}
	fmt.Fprintf(c.stdout, "built %d services and %d incidents; overall status: %s\n", len(site.Services), len(site.Incidents), sitepkg.StatusText(site.Status))
	fmt.Fprintf(c.stdout, "\nOpen file://%s in a browser,\nor preview with live reload: %s serve -c %s\n", filepath.ToSlash(index), selfCommand(), cfg)
	return exitOK
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func isEmptyDir(p string) bool {
	entries, err := os.ReadDir(p)
	return err != nil || len(entries) == 0
}

// selfCommand is how the user ran statusgen: "go run ./cmd/statusgen"
// when the binary is a go run build, else "statusgen".
func selfCommand() string {
	if exe, err := os.Executable(); err == nil && strings.Contains(filepath.ToSlash(exe), "/go-build") {
		return "go run ./cmd/statusgen"
	}
	return "statusgen"
}
