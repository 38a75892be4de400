package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// stale_after decides when a service's data is stale: a daily job's last
// run 30 h ago is stale under stale_after = "26h" (status unknown) but
// fresh under the default of two intervals (48 h).
func TestStaleAfter(t *testing.T) {
	now := testsite.Time(t, "2026-11-23T12:00:00Z")
	cases := []struct {
		name       string
		staleAfter string // "" for the default
		last       string // the newest daily sample
		wantStale  bool
		wantStatus string
		wantAfter  time.Duration
	}{
		// 12:00 − 06:00 the day before = 30 h > 26 h.
		{"30h old, stale_after 26h", `stale_after = "26h"`, "2026-11-22T06:00:00Z", true, StatusUnknown, 26 * time.Hour},
		// 30 h ≤ 2 × 24 h = 48 h.
		{"30h old, default", "", "2026-11-22T06:00:00Z", false, StatusOperational, 48 * time.Hour},
		// 12:00 − 11:00 the day before = 25 h ≤ 26 h.
		{"25h old, stale_after 26h", `stale_after = "26h"`, "2026-11-22T11:00:00Z", false, StatusOperational, 26 * time.Hour},
		// 12:00 − 11:00 two days before = 49 h > 48 h.
		{"49h old, default", "", "2026-11-21T11:00:00Z", true, StatusUnknown, 48 * time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			last := testsite.Time(t, c.last)
			var rows strings.Builder
			rows.WriteString("time,status\n")
			for d := 9; d >= 0; d-- {
				fmt.Fprintf(&rows, "%s,up\n", last.AddDate(0, 0, -d).Format(time.RFC3339))
			}
			cfg := testsite.SiteFiles(t, map[string]string{
				"site.toml": "title = \"T\"\n[[service]]\nid = \"etl\"\ninterval = \"1d\"\n" + c.staleAfter + "\n" +
					"  [[service.slo]]\n  id = \"runs\"\n  indicator = \"status\"\n  objective = 90\n  window = \"28d\"\n",
				"content/metrics/etl/2026-11.csv": rows.String(),
			})
			st, ds := Load(cfg, now)
			if st == nil || ds.HasErrors() {
				t.Fatalf("load: %v", ds)
			}
			rep := st.Services[0]
			if rep.Stale != c.wantStale || rep.Status != c.wantStatus || rep.StaleAfter != c.wantAfter || !rep.LastData.Equal(last) {
				t.Errorf("stale %v, status %s, after %s, last %s; want %v, %s, %s, %s",
					rep.Stale, rep.Status, rep.StaleAfter, rep.LastData, c.wantStale, c.wantStatus, c.wantAfter, last)
			}
		})
	}
}
