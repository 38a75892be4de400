package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to write from the server's goroutines
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeStopsOnInterrupt(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(site, []byte("title = \"T\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb syncBuffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" },
		clock: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	done := make(chan int, 1)
	go func() { done <- run([]string{"serve", "-c", site, "--addr", "127.0.0.1:0"}, e) }()

	// The signal handler is installed before "serving" is printed.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "serving ") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "http://127.0.0.1:") {
		t.Errorf("serve should print its address: %q", out.String())
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitOK || !strings.Contains(out.String(), "stopped") {
			t.Errorf("serve after Ctrl-C: exit %d\n%s\n%s", code, out.String(), errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of SIGINT")
	}
}

func TestServeRejectsABusyAddress(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"T\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errs := runCLI(t, nil, "serve", "-c", dir, "--addr", ln.Addr().String())
	if code != exitUsage || !strings.Contains(errs, "pass another --addr") {
		t.Errorf("serve on a busy address: exit %d, %q", code, errs)
	}
	code, _, errs = runCLI(t, nil, "serve", "-c", filepath.Join(dir, "missing.toml"))
	if code != exitInputs || !strings.Contains(errs, "missing.toml") {
		t.Errorf("serve without site.toml: exit %d, %q", code, errs)
	}
}
