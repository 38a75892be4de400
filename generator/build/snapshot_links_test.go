package build

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/testsite"
)

// A service folder linked out of the site is refused before anything in
// it is touched: the build neither waits for a lock on the outside folder
// nor reads the note of an unfinished append there. The test holds the
// outside folder's lock, as an append would: a build that took the shared
// lock there would wait for it forever.
func TestBuildLocksNoServiceFolderOutsideTheSite(t *testing.T) {
	outside := testsite.Write(t, `
-- 2026-11.csv --
time,status
2026-11-23T10:00:00Z,up
-- .statusgen-append --
0 999 2026-11.csv
`)
	dir := testsite.Write(t, "-- site.toml --\n"+testsite.OneServiceTOML)
	testsite.Symlink(t, outside, filepath.Join(dir, "content", "metrics", "api"))
	unlock, err := metrics.LockDir(outside, true)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		text, _, err := buildText(t, dir)
		done <- result{text, err}
	}()
	select {
	case r := <-done:
		if !strings.Contains(r.text, "content/metrics/api: links outside the site folder") {
			t.Errorf("the link is not reported:\n%s", r.text)
		}
	case <-time.After(time.Minute): // a hang, not a measure of speed
		t.Fatal("the build waits for the lock of the folder outside the site")
	}
}
