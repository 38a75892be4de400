package slo

import (
	"encoding/binary"
	"testing"
	"time"
)

// FuzzDeadline feeds rows at arbitrary (sorted) times to a daily deadline
// in a zone with daylight saving, and checks what must always hold: each
// period is judged once, in order, only after its deadline, with the
// deadline inside its period, and on time exactly when a row came in
// [start, deadline].
func FuzzDeadline(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 0, 0, 2, 0}, uint8(6), uint8(0), false)
	f.Add([]byte{9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8}, uint8(0), uint8(15), true)
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, steps []byte, h, m uint8, hourly bool) {
		hours, minutes := int(h%24), int(m%60)
		if hourly {
			hours = 0
		}
		var rows []int64
		var vs []verdict
		d := NewDeadline(loc, hourly, hours, minutes, func(s, due int64, ok bool) { vs = append(vs, verdict{s, due, ok}) })
		at := int64(1774400000) // around the March 2026 change
		for len(steps) >= 2 && len(rows) < 200 {
			at += int64(binary.LittleEndian.Uint16(steps)) * 37
			steps = steps[2:]
			rows = append(rows, at)
			d.Row(at)
		}
		now := at + 3*86400
		d.Finish(now)
		for i, v := range vs {
			if i > 0 && v.start <= vs[i-1].start {
				t.Fatalf("period %d starts at %d, not after %d", i, v.start, vs[i-1].start)
			}
			if v.due < v.start || v.due >= now {
				t.Fatalf("period %d: deadline %d outside [%d, now %d)", i, v.due, v.start, now)
			}
			landed := false
			for _, r := range rows {
				landed = landed || (r >= v.start && r <= v.due)
			}
			if landed != v.ok {
				t.Fatalf("period %d [%d, due %d]: on time %v, but a row landed: %v", i, v.start, v.due, v.ok, landed)
			}
		}
	})
}
