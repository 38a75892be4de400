package ical

import (
	"strings"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	stamp := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	long := strings.Repeat("Ünïcode, semi; back\\slash ", 8) + "\nsecond line"
	cal := &Calendar{
		ProdID: "-//statusgen//test//EN", Name: "Maintenance, Northwind", ZonesUntil: stamp.AddDate(1, 0, 0),
		Events: []Event{
			{UID: "weekly@x", Stamp: stamp, Start: time.Date(2026, 10, 13, 2, 0, 0, 0, berlin), End: time.Date(2026, 10, 13, 4, 0, 0, 0, berlin),
				Summary: "Database patching", Description: long, RRule: "FREQ=WEEKLY;BYDAY=TU", Categories: []string{"maintenance", "orders-api"}},
			{UID: "once@x", Stamp: stamp, Start: time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC),
				Summary: "Warehouse upgrade", URL: "https://status.example.com/incidents/x/"},
		},
	}
	b := cal.Encode()
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets", i+1, len(l))
		}
	}
	for _, want := range []string{"DTSTART;TZID=Europe/Berlin:20261013T020000\r\n", "DTSTART:20261125T060000Z\r\n",
		// Berlin leaves summer time on 25 Oct 2026 at 03:00 local (01:00Z).
		"BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("calendar lacks %q:\n%s", want, b)
		}
	}
	got, err := Parse(b)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, b)
	}
	if got.Name != cal.Name || len(got.Events) != 2 {
		t.Fatalf("parsed %q with %d events", got.Name, len(got.Events))
	}
	e := got.Events[0]
	if e.Description != long || e.Summary != "Database patching" || e.RRule != "FREQ=WEEKLY;BYDAY=TU" || e.TZID != "Europe/Berlin" {
		t.Errorf("event = %+v", e)
	}
	if !e.Start.Equal(cal.Events[0].Start) || !e.End.Equal(cal.Events[0].End) {
		t.Errorf("times %v–%v, want %v–%v", e.Start, e.End, cal.Events[0].Start, cal.Events[0].End)
	}
	if strings.Join(e.Categories, "|") != "maintenance|orders-api" {
		t.Errorf("categories = %v", e.Categories)
	}
	if !got.Events[1].Start.Equal(cal.Events[1].Start) || got.Events[1].URL != cal.Events[1].URL {
		t.Errorf("second event = %+v", got.Events[1])
	}
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"BEGIN:VCALENDAR\nEND:VCALENDAR\n", "CRLF"},
		{"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "line 2: an event needs"},
		{"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Berlin:20261101T020000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "line 6: TZID Europe/Berlin has no VTIMEZONE"},
		{"BEGIN:VCALENDAR\r\n", "never closed"},
		{"BEGIN:VCALENDAR\r\nX:" + strings.Repeat("a", 80) + "\r\nEND:VCALENDAR\r\n", "line 2: 82 octets"},
	} {
		_, err := Parse([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", c.in, err, c.want)
		}
	}
}
