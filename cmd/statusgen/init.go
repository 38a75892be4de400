package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"

	"github.com/statusgen/statusgen/generator/example"
)

func init() {
	register(&command{
		name: "init", args: "[DIR]",
		summary: "start a new site in DIR (default .): a site.toml with one service and one SLO; never overwrites",
		run:     runInit,
	})
}

// runInit writes the new site's files. It refuses, and writes nothing,
// when any of them exists already; each file is created with O_EXCL, so
// one made in between is not overwritten either.
func runInit(c *cmdContext) int {
	if len(c.args) > 1 {
		return c.usageErr("takes one folder, got %d arguments", len(c.args))
	}
	dir := "."
	if len(c.args) == 1 {
		dir = c.args[0]
	}
	files := example.NewSite()
	maps.Copy(files, example.NewSiteWorkflows(actionRef()))
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var there []string
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(n))); !errors.Is(err, fs.ErrNotExist) {
			there = append(there, n)
		}
	}
	if len(there) > 0 {
		for _, n := range there {
			fmt.Fprintf(c.stderr, "statusgen init: %s already exists\n", filepath.Join(dir, filepath.FromSlash(n)))
		}
		fmt.Fprintf(c.stderr, "statusgen init: nothing was written; init starts a new site and never overwrites (choose an empty folder: statusgen init NEW-FOLDER)\n")
		return exitInputs
	}
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(c.stderr, "statusgen init: %v\n", err)
			return exitInputs
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			fmt.Fprintf(c.stderr, "statusgen init: %v\n", err)
			return exitInputs
		}
		_, err = f.Write(files[n])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "statusgen init: %v\n", err)
			return exitInputs
		}
		fmt.Fprintf(c.stdout, "wrote %s\n", p)
	}
	fmt.Fprintf(c.stdout, "\nNext: edit %s, then preview with statusgen serve -c %s\n",
		filepath.Join(dir, "site.toml"), filepath.Join(dir, "site.toml"))
	return exitOK
}

var releaseTag = regexp.MustCompile(`^v\d+\.\d+\.\d+$`)

// actionRef is the version of the statusgen Action the new site's
// workflows pin: this binary's release tag, or main for a build that has
// none (the workflow says how to pin one).
func actionRef() string {
	v := version
	if v == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			v = bi.Main.Version
		}
	}
	if releaseTag.MatchString(v) {
		return v
	}
	return "main"
}
