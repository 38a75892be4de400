package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
)

// Exit codes of SPEC section 6.
const (
	exitOK     = 0
	exitInputs = 1 // errors in the inputs
	exitUsage  = 2 // bad usage
)

// env is what a command may touch of the outside world, so tests can run
// commands in-process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	clock          func() time.Time
}

func newEnv() *env {
	return &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, clock: time.Now}
}

// command is one subcommand. Each lives in its own file and registers
// itself in init.
type command struct {
	name    string
	args    string // the synopsis after the name
	summary string
	run     func(c *cmdContext) int
	flags   func(fs *flag.FlagSet) // declares the command's flags
	// dispatch, when set, takes the raw arguments instead of run: for
	// commands with subcommands of their own (import).
	dispatch func(args []string, e *env) int
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// cmdContext is one invocation of a command: its parsed flags and
// positional arguments.
type cmdContext struct {
	*env
	cmd  *command
	fs   *flag.FlagSet
	args []string
}

func run(args []string, e *env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return runCommand(c, []string{"--help"}, e)
			}
		}
		usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "statusgen: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	return runCommand(c, args[1:], e)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "statusgen builds a status site and SLO report from metric snapshots and postmortems.")
	fmt.Fprintln(w, "\nUsage:\n  statusgen <command> [flags] [arguments]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'statusgen <command> --help' for a command's flags.")
}

func runCommand(c *command, args []string, e *env) int {
	if c.dispatch != nil {
		return c.dispatch(args, e)
	}
	fs := flag.NewFlagSet("statusgen "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if c.flags != nil {
		c.flags(fs)
	}
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: statusgen %s %s\n\n%s\n", c.name, c.args, c.summary)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(out, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(e.stdout)
		fs.Usage()
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	return c.run(&cmdContext{env: e, cmd: c, fs: fs, args: pos})
}

// parseInterspersed parses flags before and after positional arguments
// (`demo --now T DIR` and `demo DIR --now T`); "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageErr prints a usage problem and returns the usage exit code.
func (c *cmdContext) usageErr(format string, args ...any) int {
	fmt.Fprintf(c.stderr, "statusgen %s: %s\n", c.cmd.name, fmt.Sprintf(format, args...))
	fmt.Fprintf(c.stderr, "Run 'statusgen %s --help' for usage.\n", c.cmd.name)
	return exitUsage
}

// Shared flags.

func configFlag(fs *flag.FlagSet) {
	fs.String("c", "site.toml", "path to the site's `site.toml`")
}

func nowFlag(fs *flag.FlagSet) {
	fs.String("now", "", "compute figures at this `RFC3339` time instead of the clock (or set STATUSGEN_NOW)")
}

func formatFlag(fs *flag.FlagSet, formats string) {
	fs.String("format", "", "output `format`: "+formats)
}

func (c *cmdContext) str(name string) string { return c.fs.Lookup(name).Value.String() }

func (c *cmdContext) flagSet(name string) bool {
	set := false
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// now resolves --now, then STATUSGEN_NOW, then the clock, to the second.
func (c *cmdContext) now() (time.Time, error) {
	v := ""
	if c.fs.Lookup("now") != nil {
		v = c.str("now")
	}
	if v == "" {
		v = c.getenv("STATUSGEN_NOW")
	}
	if v == "" {
		return c.clock().UTC().Truncate(time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("--now %q is not an RFC 3339 time such as 2026-11-23T12:00:00Z", v)
	}
	return t.UTC(), nil
}

// configPath returns the -c flag, checked to exist.
func (c *cmdContext) configPath() (string, bool) {
	p := c.str("c")
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		p = filepath.Join(p, "site.toml")
	}
	return p, true
}

// githubFormat reports whether diagnostics go out as GitHub annotations:
// --format github, or by default inside GitHub Actions.
func (c *cmdContext) githubFormat() bool {
	if f := c.fs.Lookup("format"); f != nil && f.Value.String() != "" {
		return f.Value.String() == "github"
	}
	return c.getenv("GITHUB_ACTIONS") == "true"
}

// printDiagnostics writes every diagnostic to stderr, one per line; in
// GitHub format each is followed by its annotation.
func (c *cmdContext) printDiagnostics(ds diag.Diagnostics) {
	gh := c.githubFormat()
	for _, d := range ds {
		fmt.Fprintln(c.stderr, d.Error())
		if gh {
			fmt.Fprintln(c.stdout, d.GitHub())
		}
	}
}

// version is set at link time (-ldflags "-X main.version=v1.2.3"); by
// default it comes from the module's build information.
var version = ""

func init() {
	register(&command{
		name: "version", summary: "print statusgen's version",
		run: func(c *cmdContext) int {
			v := version
			if v == "" {
				v = "(devel)"
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
					v = bi.Main.Version
				}
			}
			fmt.Fprintf(c.stdout, "statusgen %s\n", strings.TrimSpace(v))
			return exitOK
		},
	})
}

// group is a command whose first argument names a subcommand, such as
// `statusgen import <source>` and `statusgen github <command>`. Each
// subcommand runs like any other command, named "<group> <sub>" in usage
// and errors.
type group struct {
	name   string // the group's command name
	noun   string // what a subcommand is called: "source", "command"
	intro  string // the usage's first line
	footer string // lines after the list of subcommands
	subs   map[string]*command
}

// registerGroup registers g as a command and returns it, for its
// subcommands to be added.
func registerGroup(g *group, summary string) *group {
	g.subs = map[string]*command{}
	register(&command{name: g.name, args: "<" + g.noun + "> [flags] [arguments]", summary: summary, dispatch: g.run})
	return g
}

func (g *group) add(c *command) { g.subs[c.name] = c }

func (g *group) run(args []string, e *env) int {
	if len(args) == 0 {
		g.usage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		if len(args) > 1 {
			if c, ok := g.subs[args[1]]; ok {
				return runCommand(g.named(c), []string{"--help"}, e)
			}
		}
		g.usage(e.stdout)
		return exitOK
	}
	c, ok := g.subs[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "statusgen %s: unknown %s %q\n\n", g.name, g.noun, args[0])
		g.usage(e.stderr)
		return exitUsage
	}
	return runCommand(g.named(c), args[1:], e)
}

// named returns the subcommand named "<group> <sub>".
func (g *group) named(c *command) *command {
	cc := *c
	cc.name = g.name + " " + c.name
	return &cc
}

func (g *group) usage(w io.Writer) {
	fmt.Fprintln(w, g.intro)
	fmt.Fprintf(w, "\nUsage:\n  statusgen %s <%s> [flags] [arguments]\n\n%ss:\n", g.name, g.noun, strings.ToUpper(g.noun[:1])+g.noun[1:])
	names := make([]string, 0, len(g.subs))
	width := 0
	for n := range g.subs {
		names = append(names, n)
		width = max(width, len(n))
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, g.subs[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, g.footer)
}

// loadConfig reads the site.toml that -c names. With errors in it, it
// prints them and returns a nil config and the exit code.
func (c *cmdContext) loadConfig() (*config.Config, string, int) {
	path, _ := c.configPath()
	cfg, ds := config.LoadConfig(path)
	if cfg == nil || ds.HasErrors() {
		c.printDiagnostics(ds)
		return nil, path, exitInputs
	}
	return cfg, path, exitOK
}
