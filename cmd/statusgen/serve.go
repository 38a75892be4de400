package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/statusgen/statusgen/generator/server"
)

func init() {
	register(&command{
		name: "serve", args: "[-c site.toml] [--addr 127.0.0.1:8080] [--now RFC3339]",
		summary: "build the site into memory, serve it, rebuild on change and reload open pages",
		flags: func(fs *flag.FlagSet) {
			configFlag(fs)
			nowFlag(fs)
			fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on (port 0 picks a free one)")
		},
		run: runServe,
	})
}

// runServe serves until SIGINT or SIGTERM. Nothing is written to disk:
// the site is built into memory, so public/ is left as it was.
func runServe(c *cmdContext) int {
	if len(c.args) > 0 {
		return c.usageErr("unexpected argument %q", c.args[0])
	}
	if _, err := c.now(); err != nil {
		return c.usageErr("%v", err)
	}
	cfg, _ := c.configPath()
	if _, err := os.Stat(cfg); err != nil {
		fmt.Fprintf(c.stderr, "statusgen serve: %v; run it in the folder that holds site.toml or pass -c\n", err)
		return exitInputs
	}
	ln, err := net.Listen("tcp", c.str("addr"))
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen serve: %v; pass another --addr, such as 127.0.0.1:0 for any free port\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := server.New(server.Options{
		Config: cfg, Log: c.stderr, Addr: c.str("addr"),
		Now: func() time.Time {
			now, _ := c.now() // checked above
			return now
		},
	})
	fmt.Fprintf(c.stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", cfg, ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(c.stderr, "statusgen serve: %v\n", err)
		return exitInputs
	}
	fmt.Fprintln(c.stdout, "stopped")
	return exitOK
}
