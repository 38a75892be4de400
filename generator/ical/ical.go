// Package ical writes and reads iCalendar (RFC 5545) calendars of events:
// enough for a feed people subscribe their calendars to, such as the
// site's maintenance.ics, and for reading such a feed back to check it.
//
// Times in a named zone are written with TZID and the calendar carries a
// VTIMEZONE for each zone, made from Go's zone data, so a weekly event at
// 02:00 Europe/Berlin stays at 02:00 local time in every client. Times in
// UTC or a fixed offset are written in UTC.
package ical

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is a VCALENDAR of events.
type Calendar struct {
	ProdID string // "-//statusgen//maintenance//EN"
	Name   string // X-WR-CALNAME: the name clients show
	Events []Event
	// ZonesUntil is how far ahead the VTIMEZONE definitions reach (their
	// transitions from the year of the earliest event until then).
	ZonesUntil time.Time
}

// Event is a VEVENT.
type Event struct {
	UID         string
	Stamp       time.Time // DTSTAMP
	Start, End  time.Time // DTSTART, DTEND; the zone of Start is the event's
	Summary     string
	Description string
	URL         string
	Categories  []string
	// RRule is an RFC 5545 recurrence rule without "RRULE:"
	// ("FREQ=WEEKLY;BYDAY=TU"); "" for a single event.
	RRule string
	// TZID is the zone name read back by Parse ("" for UTC).
	TZID string
}

// Encode writes the calendar: CRLF line ends, lines folded at 75 octets,
// text escaped.
func (c *Calendar) Encode() []byte {
	var w writer
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:" + c.ProdID)
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	if c.Name != "" {
		w.line("X-WR-CALNAME:" + Escape(c.Name))
	}
	for _, z := range c.zones() {
		w.zone(z, c.earliest(), c.ZonesUntil)
	}
	for _, e := range c.Events {
		w.line("BEGIN:VEVENT")
		w.line("UID:" + e.UID)
		w.line("DTSTAMP:" + utc(e.Stamp))
		w.line("DTSTART" + zoned(e.Start))
		if !e.End.IsZero() {
			w.line("DTEND" + zoned(e.End.In(e.Start.Location())))
		}
		if e.RRule != "" {
			w.line("RRULE:" + e.RRule)
		}
		w.line("SUMMARY:" + Escape(e.Summary))
		if e.Description != "" {
			w.line("DESCRIPTION:" + Escape(e.Description))
		}
		if e.URL != "" {
			w.line("URL:" + e.URL)
		}
		if len(e.Categories) > 0 {
			cs := make([]string, len(e.Categories))
			for i, c := range e.Categories {
				cs[i] = Escape(c)
			}
			w.line("CATEGORIES:" + strings.Join(cs, ","))
		}
		w.line("TRANSP:OPAQUE")
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return w.buf.Bytes()
}

// named reports whether t's zone is a named one that needs a VTIMEZONE.
func named(t time.Time) bool {
	n := t.Location().String()
	return n != "UTC" && n != "" && n != "Local" && strings.Contains(n, "/")
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// zoned writes the value part of DTSTART/DTEND: ";TZID=…:local" or ":utcZ".
func zoned(t time.Time) string {
	if named(t) {
		return ";TZID=" + t.Location().String() + ":" + t.Format("20060102T150405")
	}
	return ":" + utc(t)
}

func (c *Calendar) zones() []*time.Location {
	seen := map[string]*time.Location{}
	for _, e := range c.Events {
		if named(e.Start) {
			seen[e.Start.Location().String()] = e.Start.Location()
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*time.Location, len(names))
	for i, n := range names {
		out[i] = seen[n]
	}
	return out
}

func (c *Calendar) earliest() time.Time {
	var t time.Time
	for _, e := range c.Events {
		if t.IsZero() || e.Start.Before(t) {
			t = e.Start
		}
	}
	return t
}

// Escape escapes a TEXT value (RFC 5545 3.3.11).
func Escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// Unescape reverses Escape.
func Unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

type writer struct{ buf bytes.Buffer }

// line writes one content line, folded so no line is longer than 75
// octets, never inside a UTF-8 character.
func (w *writer) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > limit-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
			cut-- // not inside a character, unless the bytes are no UTF-8
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.buf.WriteString(s)
	w.buf.WriteString("\r\n")
}

// zone writes a VTIMEZONE with every transition of loc from the start of
// the year before from's (so the observance in effect at from is there)
// until until (at least a year after from).
func (w *writer) zone(loc *time.Location, from, until time.Time) {
	w.line("BEGIN:VTIMEZONE")
	w.line("TZID:" + loc.String())
	t := time.Date(from.In(loc).Year()-1, 1, 1, 0, 0, 0, 0, loc)
	if until.Before(t.AddDate(2, 0, 0)) {
		until = t.AddDate(2, 0, 0)
	}
	_, off := t.Zone()
	wrote := false
	for {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(until) {
			break
		}
		name, next := end.Zone()
		kind := "STANDARD"
		if end.IsDST() {
			kind = "DAYLIGHT"
		}
		w.line("BEGIN:" + kind)
		// DTSTART of an observance is the local time before the change.
		w.line("DTSTART:" + end.In(time.FixedZone("", off)).Format("20060102T150405"))
		w.line("TZOFFSETFROM:" + offset(off))
		w.line("TZOFFSETTO:" + offset(next))
		w.line("TZNAME:" + name)
		w.line("END:" + kind)
		wrote = true
		t, off = end, next
	}
	if !wrote {
		name, off := t.Zone()
		w.line("BEGIN:STANDARD")
		w.line("DTSTART:19700101T000000")
		w.line("TZOFFSETFROM:" + offset(off))
		w.line("TZOFFSETTO:" + offset(off))
		w.line("TZNAME:" + name)
		w.line("END:STANDARD")
	}
	w.line("END:VTIMEZONE")
}

func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}
