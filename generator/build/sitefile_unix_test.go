//go:build unix

package build

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// A named pipe among the inputs is refused without being opened: reading
// one would wait for a writer forever.
func TestNamedPipesAreRefused(t *testing.T) {
	dir := testsite.Write(t, "-- site.toml --\n"+testsite.OneServiceTOML+"-- content/pages/about.md --\n# About\n")
	pipes := []string{"content/pages/pipe.md", "incidents/2026-11-22-pipe.md", "content/metrics/api/2026-11.csv", "templates/assets/pipe.css"}
	for _, p := range pipes {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		text, _, err := buildText(t, dir)
		done <- result{text, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(time.Minute): // a hang guard, not a timing assertion
		t.Fatal("the build hangs on a named pipe")
	}
	for _, p := range pipes {
		want := p + ": not a regular file but a named pipe (FIFO)"
		if !strings.Contains(r.text, want) {
			t.Errorf("no %q in:\n%s", want, r.text)
		}
	}
}
