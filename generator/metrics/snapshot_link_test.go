package metrics

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

var gapNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// medianGap, which reads the time column to infer an interval, does not
// read through a link either: with nothing readable it falls back to 5
// minutes rather than the linked file's 1.
func TestMedianGapReadsNoLinkOut(t *testing.T) {
	outside := testsite.Write(t, `
-- a.csv --
time,status
2026-11-23T10:00:00Z,up
2026-11-23T10:01:00Z,up
2026-11-23T10:02:00Z,up
`)
	dir := t.TempDir()
	link := filepath.Join(dir, "content", "metrics", "api", "a.csv")
	testsite.Symlink(t, filepath.Join(outside, "a.csv"), link)
	if g := medianGap(dir, []string{link}, gapNow.Unix(), nil); g != 300 {
		t.Errorf("medianGap = %d, want the fallback 300", g)
	}
	if g := medianGap(outside, []string{filepath.Join(outside, "a.csv")}, gapNow.Unix(), nil); g != 60 {
		t.Errorf("medianGap of the file itself = %d, want 60", g)
	}
}
