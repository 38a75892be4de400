package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Any rrule, start and duration in site.toml is either refused with an
// error or expands to at most MaxOccurrences windows over a year, without
// a panic or an endless loop.
func FuzzMaintenanceRule(f *testing.F) {
	f.Add("FREQ=WEEKLY;BYDAY=TU", "2026-10-13T02:00", "2h")
	f.Add("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "2026-01-01T00:00:00Z", "30m")
	f.Add("FREQ=DAILY;INTERVAL=0", "2026-01-01T00:00", "1m")
	f.Add("FREQ=MONTHLY;BYMONTHDAY=31;BYSETPOS=-1", "1970-01-01T00:00", "7d")
	f.Add("FREQ=WEEKLY;UNTIL=20250101T000000Z", "2026-01-01T00:00", "1h")
	f.Fuzz(func(t *testing.T, rule, start, dur string) {
		src := "timezone = \"Europe/Berlin\"\n[[service]]\nid = \"a\"\n[[maintenance]]\nid = \"m\"\ntitle = \"M\"\nservices = [\"a\"]\n" +
			"start = " + TOMLString(start) + "\nduration = " + TOMLString(dur) + "\nrrule = " + TOMLString(rule) + "\n"
		dir := t.TempDir()
		p := filepath.Join(dir, "site.toml")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, ds := LoadConfig(p)
		if cfg == nil || ds.HasErrors() {
			return
		}
		a := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		ws := cfg.Maintenance[0].Windows(a, a.AddDate(1, 0, 0))
		if len(ws) > MaxOccurrences {
			t.Fatalf("%d windows", len(ws))
		}
		for _, w := range ws {
			if !w.End.After(a) || !w.Start.Before(a.AddDate(1, 0, 0)) {
				t.Fatalf("window %v–%v outside the span", w.Start, w.End)
			}
		}
	})
}
