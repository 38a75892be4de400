package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Recurring maintenance: [[maintenance]] in site.toml, a window that comes
// back on a rule (docs/maintenance.md):
//
//	[[maintenance]]
//	id       = "db-patching"
//	title    = "Database patching"
//	services = ["orders-api"]
//	start    = "2026-11-03T02:00"          # the first window, in the site's time zone
//	duration = "2h"
//	rrule    = "FREQ=WEEKLY;BYDAY=TU"      # RFC 5545, a subset
//
// The rule is read and expanded by github.com/teambition/rrule-go in the
// site's time zone, so a window at 02:00 stays at 02:00 local time across
// daylight-saving changes.

// Maintenance is one recurring maintenance window.
type Maintenance struct {
	ID          string   `toml:"id"`
	Title       string   `toml:"title"`
	Description string   `toml:"description"`
	Services    []string `toml:"services"`
	Start       string   `toml:"start"`
	Duration    string   `toml:"duration"`
	RRule       string   `toml:"rrule"`

	// StartTime is Start read in the site's time zone; DurationDur is
	// Duration parsed.
	StartTime   time.Time     `toml:"-"`
	DurationDur time.Duration `toml:"-"`

	rule *rrule.RRule
}

// rruleParts are the RRULE parts statusgen takes: enough for weekly and
// monthly windows ("the first Sunday", "the 15th", "every other
// Tuesday"), and how long the rule runs.
var rruleParts = []string{"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "COUNT", "UNTIL", "WKST"}

// rruleFreqs are the frequencies taken.
var rruleFreqs = []string{"DAILY", "WEEKLY", "MONTHLY"}

// Bounds of a maintenance window: at least a minute, at most a week.
const (
	minMaintenance = time.Minute
	maxMaintenance = 7 * 24 * time.Hour
)

// MaxOccurrences bounds how many windows one rule yields over any span, so
// a rule of every day over a year costs 366 windows at most.
const MaxOccurrences = 1000

// localLayouts are the forms of start: a local date-time in the site's
// time zone, or RFC 3339 with a zone.
var localLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"}

// ParseLocalTime reads "2026-11-03T02:00" (in loc) or RFC 3339 with a zone.
func ParseLocalTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}

func (c *Config) validateMaintenance(errf func(table, key, format string, args ...any)) {
	seen := map[string]bool{}
	for i, m := range c.Maintenance {
		t := fmt.Sprintf("maintenance[%d]", i)
		switch {
		case m.ID == "":
			errf(t, "id", "missing; every [[maintenance]] needs an id, e.g. id = \"db-patching\"")
		case !IDPattern.MatchString(m.ID):
			errf(t, "id", "%q is not a valid id; use lower-case letters, digits and dashes", m.ID)
		case seen[m.ID]:
			errf(t, "id", "duplicate maintenance id %q", m.ID)
		}
		seen[m.ID] = true
		if strings.TrimSpace(m.Title) == "" {
			errf(t, "title", "missing; say what the window is for, e.g. title = \"Database patching\"")
		}
		if len(m.Services) == 0 {
			errf(t, "services", "missing; name the services it takes down, e.g. services = [\"orders-api\"]")
		}
		ids := make([]string, 0, len(c.Services))
		for _, s := range c.Services {
			ids = append(ids, s.ID)
		}
		sort.Strings(ids)
		for _, id := range m.Services {
			if c.Service(id) == nil {
				errf(t, "services", "names no [[service]]: %q%s", id, DidYouMean(id, ids))
			}
		}
		start, err := ParseLocalTime(m.Start, c.Location)
		switch {
		case m.Start == "":
			errf(t, "start", "missing; write the first window's start in the site's time zone, e.g. start = \"2026-11-03T02:00\"")
		case err != nil:
			errf(t, "start", "bad time %q; write it like \"2026-11-03T02:00\" (the site's time zone) or \"2026-11-03T02:00:00Z\"", m.Start)
		case start.Year() < 1970 || start.Year() > 2199:
			errf(t, "start", "%q is out of range; write a year from 1970 to 2199", m.Start)
		default:
			// Kept in its own zone: a local start recurs at the same local
			// time in the site's zone, a start with Z or an offset at the
			// same UTC time.
			m.StartTime = start
		}
		d, err := ParseDuration(m.Duration)
		switch {
		case m.Duration == "":
			errf(t, "duration", "missing; write how long each window lasts, e.g. duration = \"2h\"")
		case err != nil || d < minMaintenance || d > maxMaintenance || d%time.Minute != 0:
			errf(t, "duration", "%q is not a duration of whole minutes from 1m to 7d; write it like \"2h\" or \"90m\"", m.Duration)
		default:
			m.DurationDur = d
		}
		if msg := rruleProblem(m.RRule); msg != "" {
			errf(t, "rrule", "%s", msg)
			continue
		}
		if m.StartTime.IsZero() {
			continue
		}
		opt, err := rrule.StrToROptionInLocation(m.RRule, c.Location)
		if err != nil {
			errf(t, "rrule", "%q: %v; write it like \"FREQ=WEEKLY;BYDAY=TU\"", m.RRule, err)
			continue
		}
		opt.Dtstart = m.StartTime
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			errf(t, "rrule", "%q: %v; write it like \"FREQ=WEEKLY;BYDAY=TU\"", m.RRule, err)
			continue
		}
		if msg := tryExpand(r); msg != "" {
			errf(t, "rrule", "%q cannot be expanded (%s); write a simpler rule such as \"FREQ=WEEKLY;BYDAY=TU\"", m.RRule, msg)
			continue
		}
		m.rule = r
	}
}

// rruleProblem checks that s uses only the parts and frequencies statusgen
// takes, and says what to change.
func rruleProblem(s string) string {
	if strings.TrimSpace(s) == "" {
		return "missing; write how the window recurs, e.g. rrule = \"FREQ=WEEKLY;BYDAY=TU\" or \"FREQ=MONTHLY;BYDAY=1SU\""
	}
	if strings.ContainsAny(s, "\n\r") || strings.HasPrefix(strings.ToUpper(strings.TrimSpace(s)), "DTSTART") {
		return fmt.Sprintf("%q: write the rule alone (FREQ=…;BYDAY=…); the first window is start", s)
	}
	s = strings.TrimPrefix(strings.TrimSpace(s), "RRULE:")
	freq := ""
	for _, part := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(part, "=")
		name = strings.ToUpper(strings.TrimSpace(name))
		if !ok || name == "" {
			return fmt.Sprintf("%q: each part is NAME=VALUE, separated by \";\", e.g. \"FREQ=WEEKLY;BYDAY=TU\"", s)
		}
		if !contains(rruleParts, name) {
			return fmt.Sprintf("%s is not taken; use %s (docs/maintenance.md)", name, strings.Join(rruleParts, ", "))
		}
		if name == "FREQ" {
			freq = strings.ToUpper(value)
		}
	}
	if !contains(rruleFreqs, freq) {
		return fmt.Sprintf("FREQ must be DAILY, WEEKLY or MONTHLY, got %q", freq)
	}
	// The ranges RFC 5545 gives these parts for the frequencies taken;
	// rrule-go does not check them all (BYDAY=10FR made it index out of
	// range).
	for _, part := range strings.Split(s, ";") {
		name, value, _ := strings.Cut(part, "=")
		name = strings.ToUpper(strings.TrimSpace(name))
		for _, v := range strings.Split(value, ",") {
			v = strings.TrimSpace(v)
			var n int
			var err error
			switch name {
			case "BYDAY":
				digits := strings.TrimRight(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
				if digits == "" {
					continue
				}
				if freq != "MONTHLY" {
					return fmt.Sprintf("BYDAY %s: a numbered weekday (1SU, -1FR) is for FREQ=MONTHLY; write the day alone (SU)", v)
				}
				if n, err = strconv.Atoi(digits); err != nil || n == 0 || n < -5 || n > 5 {
					return fmt.Sprintf("BYDAY %s: the number is the week of the month, 1 to 5 or -1 to -5 (1SU the first Sunday, -1FR the last Friday)", v)
				}
			case "BYMONTHDAY":
				if n, err = strconv.Atoi(v); err != nil || n == 0 || n < -31 || n > 31 {
					return fmt.Sprintf("BYMONTHDAY %s: a day of the month, 1 to 31 or -1 to -31 (from the end)", v)
				}
			case "BYSETPOS":
				if n, err = strconv.Atoi(v); err != nil || n == 0 || n < -366 || n > 366 {
					return fmt.Sprintf("BYSETPOS %s: 1 to 366 or -1 to -366", v)
				}
			case "INTERVAL":
				if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1000 {
					return fmt.Sprintf("INTERVAL %s: a whole number from 1 to 1000", v)
				}
			case "COUNT":
				if n, err = strconv.Atoi(v); err != nil || n < 1 {
					return fmt.Sprintf("COUNT %s: a whole number of windows, 1 or more", v)
				}
			}
		}
	}
	return ""
}

// tryExpand expands a rule's first windows, so a rule the library cannot
// expand is an error of check, not a failed build. It returns the
// library's complaint, or "".
func tryExpand(r *rrule.RRule) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = fmt.Sprint(p)
		}
	}()
	next := r.Iterator()
	for i := 0; i < 100; i++ {
		if _, ok := next(); !ok {
			break
		}
	}
	return ""
}

// Window is one occurrence of a maintenance: [Start, End).
type Window struct {
	Start, End time.Time
}

// Windows returns the maintenance's windows that overlap [a, b), oldest
// first, at most MaxOccurrences. Nil when the rule could not be read.
func (m *Maintenance) Windows(a, b time.Time) (out []Window) {
	if m.rule == nil || !b.After(a) {
		return nil
	}
	defer func() {
		// validateMaintenance expanded the rule once; should the library
		// still fail further on, the windows found so far stand.
		_ = recover()
	}()
	next := m.rule.Iterator()
	// Occurrences come in order; skip those that end before a.
	for t, ok := next(); ok && t.Before(b) && len(out) < MaxOccurrences; t, ok = next() {
		end := t.Add(m.DurationDur)
		if end.After(a) {
			out = append(out, Window{t, end})
		}
	}
	return out
}

// Affects reports whether the maintenance takes the service down.
func (m *Maintenance) Affects(id string) bool { return contains(m.Services, id) }
