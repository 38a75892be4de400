package config

import (
	"strings"
	"testing"
	"time"
)

const maintSite = `timezone = "Europe/Berlin"
[[service]]
id = "orders-api"
[[service]]
id = "events"
`

// A weekly window at 02:00 Berlin time stays at 02:00 local across the end
// of summer time (25 Oct 2026): 02:00 CEST is 00:00Z, 02:00 CET is 01:00Z.
func TestMaintenanceWeeklyAcrossDST(t *testing.T) {
	cfg, ds := loadTOML(t, maintSite+`
[[maintenance]]
id = "db-patching"
title = "Database patching"
services = ["orders-api"]
start = "2026-10-13T02:00"
duration = "2h"
rrule = "FREQ=WEEKLY;BYDAY=TU"
`)
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	m := cfg.Maintenance[0]
	ws := m.Windows(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	want := []string{"2026-10-13T00:00:00Z", "2026-10-20T00:00:00Z", "2026-10-27T01:00:00Z"}
	if len(ws) != len(want) {
		t.Fatalf("windows = %v, want starts %v", ws, want)
	}
	for i, w := range ws {
		if got := w.Start.UTC().Format(time.RFC3339); got != want[i] {
			t.Errorf("window %d starts %s, want %s", i, got, want[i])
		}
		if w.End.Sub(w.Start) != 2*time.Hour {
			t.Errorf("window %d lasts %v", i, w.End.Sub(w.Start))
		}
	}
	// A window that began before a and is still open at a is included.
	in := m.Windows(time.Date(2026, 10, 20, 1, 0, 0, 0, time.UTC), time.Date(2026, 10, 20, 1, 30, 0, 0, time.UTC))
	if len(in) != 1 || !in[0].Start.Equal(time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("windows overlapping 01:00–01:30Z = %v, want the one from 00:00Z", in)
	}
}

// The first Sunday of each month, limited by COUNT.
func TestMaintenanceMonthly(t *testing.T) {
	cfg, ds := loadTOML(t, maintSite+`
[[maintenance]]
id = "upgrade"
title = "Monthly upgrade"
services = ["orders-api", "events"]
start = "2026-09-06T06:00:00Z"
duration = "30m"
rrule = "FREQ=MONTHLY;BYDAY=1SU;COUNT=3"
`)
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	ws := cfg.Maintenance[0].Windows(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	var got []string
	for _, w := range ws {
		got = append(got, w.Start.UTC().Format("2006-01-02T15:04"))
	}
	// 6 Sep, 4 Oct, 1 Nov 2026 are the first Sundays; 06:00Z each (the
	// start carries its zone, so the UTC time holds).
	if strings.Join(got, " ") != "2026-09-06T06:00 2026-10-04T06:00 2026-11-01T06:00" {
		t.Errorf("windows = %v", got)
	}
}

func TestMaintenanceErrors(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`id = "x"
title = "T"
services = ["orders"]
start = "2026-10-13T02:00"
duration = "2h"
rrule = "FREQ=WEEKLY"`, `site.toml:9: [maintenance] services: names no [[service]]: "orders"`},
		{`id = "x"
title = "T"
services = ["orders-api"]
start = "13/10/2026"
duration = "2h"
rrule = "FREQ=WEEKLY"`, `site.toml:10: [maintenance] start: bad time "13/10/2026"`},
		{`id = "x"
title = "T"
services = ["orders-api"]
start = "2026-10-13T02:00"
duration = "2s"
rrule = "FREQ=WEEKLY"`, `site.toml:11: [maintenance] duration: "2s" is not a duration of whole minutes from 1m to 7d`},
		{`id = "x"
title = "T"
services = ["orders-api"]
start = "2026-10-13T02:00"
duration = "2h"
rrule = "FREQ=HOURLY"`, `site.toml:12: [maintenance] rrule: FREQ must be DAILY, WEEKLY or MONTHLY, got "HOURLY"`},
		{`id = "x"
title = "T"
services = ["orders-api"]
start = "2026-10-13T02:00"
duration = "2h"
rrule = "FREQ=WEEKLY;BYHOUR=3"`, `site.toml:12: [maintenance] rrule: BYHOUR is not taken; use FREQ, INTERVAL`},
		{`id = "x"
title = "T"
services = ["orders-api"]
start = "2026-10-13T02:00"
duration = "2h"
rrule = "FREQ=WEEKLY;BYDAY=XX"`, `site.toml:12: [maintenance] rrule: "FREQ=WEEKLY;BYDAY=XX": `},
		{`id = "x"
title = "T"
services = ["orders-api"]
start = "2000-01-01 0:00"
duration = "1m"
rrule = "FREQ=MONTHLY;BYDAY=10FR"`, `site.toml:12: [maintenance] rrule: BYDAY 10FR: the number is the week of the month, 1 to 5`},
		{`id = "x"
title = "T"
services = ["orders-api"]
start = "2026-10-13T02:00"
duration = "2h"
rrule = "FREQ=WEEKLY;BYDAY=2TU"`, `site.toml:12: [maintenance] rrule: BYDAY 2TU: a numbered weekday (1SU, -1FR) is for FREQ=MONTHLY`},
		{`id = "x"
services = ["orders-api"]
start = "2026-10-13T02:00"
duration = "2h"`, `[maintenance] rrule: missing;`},
	} {
		_, ds := loadTOML(t, maintSite+"[[maintenance]]\n"+c.body+"\n")
		if !strings.Contains(ds.Error(), c.want) {
			t.Errorf("errors:\n%s\nwant one containing %q", ds.Error(), c.want)
		}
	}
}
