package ical

import (
	"testing"
	"time"
)

// Parse never panics, and what it accepts from Encode it reads back.
func FuzzParse(f *testing.F) {
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261101T000000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\r\nX;A=\":\":b\r\n c\r\nEND:VCALENDAR\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Parse(data)
	})
}

// Any summary survives Encode and Parse.
func FuzzTextRoundTrip(f *testing.F) {
	f.Add("Database patching, weekly; \\ ok\nline")
	f.Add("ÄÖÜ€𝄞")
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range s {
			if r == '\r' || r < 0x20 && r != '\n' || r == 0x7f {
				return // control characters are not text a summary holds
			}
		}
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		c := &Calendar{ProdID: "p", Events: []Event{{UID: "u", Stamp: now, Start: now, End: now, Summary: s + "."}}}
		got, err := Parse(c.Encode())
		if err != nil {
			t.Fatal(err)
		}
		if got.Events[0].Summary != s+"." {
			t.Fatalf("summary %q read back as %q", s+".", got.Events[0].Summary)
		}
	})
}
