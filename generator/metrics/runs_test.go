package metrics

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/slo"
)

// runsOf reads files as one service's snapshots with a status SLO and a
// ratio SLO (both 99%) and returns each SLO's runs as x (failed) and o.
func runsOf(t *testing.T, files map[string]string) [2]string {
	t.Helper()
	dir := t.TempDir()
	site := "[[service]]\nid = \"job\"\ninterval = \"1h\"\n" +
		"  [[service.slo]]\n  id = \"up\"\n  indicator = \"status\"\n  objective = 99\n" +
		"  [[service.slo]]\n  id = \"runs\"\n  indicator = \"ratio\"\n  objective = 99\n"
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "content/metrics/job"), 0o755)
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, "content/metrics/job", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if cfg == nil || ds.HasErrors() {
		t.Fatal(ds)
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	var rd diag.Diagnostics
	snap := ReadSnapshot(cfg, cfg.Services[0], slo.NewTimeline([]int64{now.Add(-30 * 24 * time.Hour).Unix(), now.Unix()}), now, &rd)
	var out [2]string
	for i, runs := range snap.Runs {
		for _, r := range runs {
			if r.Failed {
				out[i] += "x"
			} else {
				out[i] += "o"
			}
		}
	}
	return out
}

func TestRuns(t *testing.T) {
	row := func(h int, status string, good, total int) string {
		return fmt.Sprintf("2026-11-23T%02d:00:00Z,%s,%d,%d\n", h, status, good, total)
	}
	const head = "time,status,good,total\n"
	tests := []struct {
		name  string
		files map[string]string
		want  [2]string
	}{
		// down fails; degraded at weight 0 (good share 1) does not;
		// maintenance is no run. 99 of 100 is 0.99, not under 99%: good;
		// 98 of 100 fails; a row with total 0 is no run.
		{"kinds", map[string]string{"a.csv": head + row(1, "up", 100, 100) + row(2, "down", 99, 100) + row(3, "degraded", 98, 100) +
			row(4, "maintenance", 0, 0) + row(5, "up", 1, 1)}, [2]string{"oxoo", "oox" + "o"}},
		// Two rows at the same time are one run: the later wins.
		{"duplicate time", map[string]string{"a.csv": head + row(1, "down", 0, 1) + row(1, "up", 1, 1) + row(2, "down", 0, 1)},
			[2]string{"ox", "ox"}},
		// Files out of order are read again sorted: runs in time order.
		{"unsorted files", map[string]string{"a.csv": head + row(5, "down", 0, 1), "b.csv": head + row(1, "up", 1, 1)},
			[2]string{"ox", "ox"}},
	}
	for _, tt := range tests {
		if got := runsOf(t, tt.files); got != tt.want {
			t.Errorf("%s: runs %q, want %q", tt.name, got, tt.want)
		}
	}
	// 30 hourly runs, the first 6 failed: only the last 24 are kept.
	var b strings.Builder
	b.WriteString(head)
	for h := 0; h < 30; h++ {
		st, g := "up", 1
		if h < 6 {
			st, g = "down", 0
		}
		fmt.Fprintf(&b, "%s,%s,%d,1\n", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC).Add(time.Duration(h)*time.Hour).Format(time.RFC3339), st, g)
	}
	if got := runsOf(t, map[string]string{"a.csv": b.String()}); got[0] != strings.Repeat("o", 24) || got[1] != got[0] {
		t.Errorf("kept runs %q", got)
	}
}
