package server

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/example"
)

// exampleServer serves the example site (statusgen demo) on a free
// loopback port until the benchmark ends.
func exampleServer(b *testing.B) (dir, base string, srv *Server) {
	b.Helper()
	dir = b.TempDir()
	if err := example.Write(dir, testNow); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv = New(Options{Config: filepath.Join(dir, "site.toml"), Now: func() time.Time { return testNow }})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	b.Cleanup(func() {
		cancel()
		select {
		case <-served:
		case <-time.After(wait):
			b.Errorf("Serve did not stop")
		}
	})
	return dir, "http://" + ln.Addr().String(), srv
}

// BenchmarkEditToReload measures what an engineer waits for: from saving
// one incident file of the example site to the reload event reaching an
// open page (the 50ms quiet period, the full rebuild, the event).
func BenchmarkEditToReload(b *testing.B) {
	dir, base, _ := exampleServer(b)
	ev := events(b, base)
	path := filepath.Join(dir, "incidents", "edited-by-benchmark.md")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := os.WriteFile(path, []byte(incident("Edit "+strconv.Itoa(i)+".")), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case <-ev:
		case <-time.After(wait):
			b.Fatalf("no reload within %s", wait)
		}
	}
}

// BenchmarkRebuild measures one full rebuild of the example site into
// memory, without the watcher.
func BenchmarkRebuild(b *testing.B) {
	dir := b.TempDir()
	if err := example.Write(dir, testNow); err != nil {
		b.Fatal(err)
	}
	srv := New(Options{Config: filepath.Join(dir, "site.toml"), Now: func() time.Time { return testNow }})
	before := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := srv.Build(); !r.OK {
			b.Fatalf("build failed: %v", r.Diagnostics)
		}
	}
	b.StopTimer()
	// CPU time says what a rebuild costs on an idle machine even when the
	// benchmark shares a busy one, where wall time mostly measures waiting.
	b.ReportMetric(float64((cpuTime()-before).Milliseconds())/float64(b.N), "cpu-ms/op")
}
