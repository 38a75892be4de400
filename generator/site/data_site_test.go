package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// A daily load with weekly seasonality (weekdays about 50,000 rows,
// weekends about 10,000) lands at 06:00 Berlin time for eight weeks. On
// Wednesday 18 November only 5,000 rows arrive (a 90% drop), and on
// Friday 20 November the load lands at 11:00 instead of 06:00.
//
// The anomaly SLO (4 weeks, k = 3, 3 weeks needed) judges the last five
// weeks: 35 days, one bad — the drop, and only that day. The deadline SLO
// (06:00) judges every day from the first: 56 days, one late (the 20th);
// the 21st's 06:00 has passed at now (12:00Z on the 21st), and the load
// came.
func TestAnomalyAndDeadlineOnASite(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	now := testsite.Time(t, "2026-11-21T12:00:00Z")
	first := time.Date(2026, 9, 27, 6, 0, 0, 0, loc) // a Sunday
	var rows strings.Builder
	rows.WriteString("time,rows\n")
	jitter := []float64{-900, 300, 0, 800, -400, 600, -200}
	days := 0
	for d := first; d.Before(now); d = d.AddDate(0, 0, 1) {
		v := 50000 + jitter[(days+days/7)%7]
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			v = 10000 + jitter[(days+days/7)%7]/10
		}
		at := d
		switch d.Format("2006-01-02") {
		case "2026-11-18":
			v = 5000
		case "2026-11-20":
			at = d.Add(5 * time.Hour)
		}
		fmt.Fprintf(&rows, "%s,%v\n", at.UTC().Format(time.RFC3339), v)
		days++
	}
	if days != 56 {
		t.Fatalf("setup: %d days", days)
	}
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml": `title = "T"
timezone = "Europe/Berlin"
[[service]]
id = "orders-load"
interval = "1d"
  [[service.slo]]
  id = "volume"
  indicator = "anomaly"
  column = "rows"
  season = "day_of_week"
  objective = 90
  window = "90d"
  min_coverage = 0
  [[service.slo]]
  id = "on-time"
  indicator = "deadline"
  deadline = "06:00"
  objective = 90
  window = "90d"
  min_coverage = 0
`,
		"content/metrics/orders-load/2026.csv": rows.String(),
	})
	st, ds := Load(cfg, now)
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	rep := st.Services[0]
	vol, dl := rep.SLOs[0], rep.SLOs[1]
	// 56 days − 21 without 3 past weeks = 35 judged, 34 good.
	if vol.Total != 35 || vol.Good != 34 {
		t.Errorf("anomaly: %v of %v good, want 34 of 35", vol.Good, vol.Total)
	}
	// 27 September … 21 November = 56 days judged, 55 on time.
	if dl.Total != 56 || dl.Good != 55 {
		t.Errorf("deadline: %v of %v good, want 55 of 56", dl.Good, dl.Total)
	}
	bad := func(r *SLOReport) []string {
		var out []string
		for _, d := range st.DailySLI(rep, r) {
			if d.SLI != nil && *d.SLI < 1 {
				out = append(out, d.Date.Format("2006-01-02"))
			}
		}
		return out
	}
	if got := bad(vol); len(got) != 1 || got[0] != "2026-11-18" {
		t.Errorf("anomaly bad days %v, want [2026-11-18]", got)
	}
	if got := bad(dl); len(got) != 1 || got[0] != "2026-11-20" {
		t.Errorf("deadline bad days %v, want [2026-11-20]", got)
	}
	// The drop's day shows its value and band; the day after is back inside.
	cols := rep.Snapshot.Columns[0]
	for _, d := range cols.Days {
		if d.Date.Format("2006-01-02") == "2026-11-18" {
			if d.Last != 5000 || !d.Band.OK || d.Band.Contains(5000) || !d.Band.Contains(50000) {
				t.Errorf("18 November: %+v", d)
			}
		}
	}
}
