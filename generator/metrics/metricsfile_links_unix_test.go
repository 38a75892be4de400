//go:build unix

package metrics

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/sitefs"
)

// A month file that is a named pipe is refused without being opened:
// opening it would wait for a writer forever.
func TestAppendMetricsRefusesANamedPipe(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "content", "metrics", "api")
	os.MkdirAll(dir, 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "2026-11.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := AppendMetrics(root, dir, ProbeColumns, linkRows, false)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, sitefs.ErrNotRegular) || !strings.HasPrefix(err.Error(), "content/metrics/api/2026-11.csv: ") {
			t.Errorf("error %v, want the pipe refused", err)
		}
	case <-time.After(30 * time.Second): // a deadlock guard, not a timing check
		// Unblock the append so the test can end.
		if f, err := os.OpenFile(filepath.Join(dir, "2026-11.csv"), os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		t.Fatal("the append opened the named pipe and waited for a writer")
	}
}
