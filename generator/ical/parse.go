package ical

import (
	"fmt"
	"strings"
	"time"
)

// Parse reads a calendar written by Encode, or any calendar of the same
// kind: lines end in CRLF and are unfolded, components must nest and
// close, every event needs UID, DTSTAMP, DTSTART and SUMMARY, DTEND may
// not come before DTSTART, and a TZID must name a VTIMEZONE of the
// calendar and an IANA zone. Errors name the line.
func Parse(data []byte) (*Calendar, error) {
	raw := string(data)
	if !strings.HasSuffix(raw, "\r\n") {
		return nil, fmt.Errorf("line ends must be CRLF")
	}
	var lines []string
	var nums []int
	for i, l := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if strings.Contains(l, "\n") {
			return nil, fmt.Errorf("line %d: a bare line feed; line ends must be CRLF", i+1)
		}
		if len(l) > 75 {
			return nil, fmt.Errorf("line %d: %d octets; fold lines at 75", i+1, len(l))
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				return nil, fmt.Errorf("line %d: a continuation before any line", i+1)
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
		nums = append(nums, i+1)
	}
	cal := &Calendar{}
	var stack []string
	zones := map[string]bool{}
	var ev *Event
	var evLine int
	var tzids []struct {
		name string
		line int
	}
	for k, l := range lines {
		n := nums[k]
		name, params, value, err := split(l)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		switch name {
		case "BEGIN":
			if value == "VEVENT" && ev != nil {
				return nil, fmt.Errorf("line %d: a VEVENT inside a VEVENT", n)
			}
			stack = append(stack, value)
			if value == "VEVENT" {
				ev, evLine = &Event{}, n
			}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				return nil, fmt.Errorf("line %d: END:%s closes nothing open", n, value)
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" && ev != nil {
				switch {
				case ev.UID == "" || ev.Stamp.IsZero() || ev.Start.IsZero() || ev.Summary == "":
					return nil, fmt.Errorf("line %d: an event needs UID, DTSTAMP, DTSTART and SUMMARY", evLine)
				case !ev.End.IsZero() && ev.End.Before(ev.Start):
					return nil, fmt.Errorf("line %d: DTEND before DTSTART", evLine)
				}
				cal.Events = append(cal.Events, *ev)
				ev = nil
			}
			continue
		}
		if len(stack) == 0 {
			return nil, fmt.Errorf("line %d: %s outside BEGIN:VCALENDAR", n, name)
		}
		top := stack[len(stack)-1]
		switch {
		case top == "VCALENDAR" && name == "PRODID":
			cal.ProdID = value
		case top == "VCALENDAR" && name == "X-WR-CALNAME":
			cal.Name = Unescape(value)
		case top == "VTIMEZONE" && name == "TZID":
			zones[value] = true
		case top == "VEVENT" && ev != nil:
			switch name {
			case "UID":
				ev.UID = value
			case "DTSTAMP":
				ev.Stamp, err = parseTime(value, "")
			case "DTSTART", "DTEND":
				tz := params["TZID"]
				if tz != "" {
					tzids = append(tzids, struct {
						name string
						line int
					}{tz, n})
					ev.TZID = tz
				}
				var t time.Time
				t, err = parseTime(value, tz)
				if name == "DTSTART" {
					ev.Start = t
				} else {
					ev.End = t
				}
			case "RRULE":
				ev.RRule = value
			case "SUMMARY":
				ev.Summary = Unescape(value)
			case "DESCRIPTION":
				ev.Description = Unescape(value)
			case "URL":
				ev.URL = value
			case "CATEGORIES":
				for _, c := range strings.Split(value, ",") {
					ev.Categories = append(ev.Categories, Unescape(c))
				}
			}
			if err != nil {
				return nil, fmt.Errorf("line %d: %s: %v", n, name, err)
			}
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("BEGIN:%s is never closed", stack[len(stack)-1])
	}
	for _, tz := range tzids {
		if !zones[tz.name] {
			return nil, fmt.Errorf("line %d: TZID %s has no VTIMEZONE", tz.line, tz.name)
		}
	}
	return cal, nil
}

// split cuts a content line into name, parameters and value. A colon
// inside a quoted parameter value is not the separator.
func split(l string) (name string, params map[string]string, value string, err error) {
	quoted := false
	sep := -1
	for i := 0; i < len(l); i++ {
		if l[i] == '"' {
			quoted = !quoted
		}
		if l[i] == ':' && !quoted {
			sep = i
			break
		}
	}
	if sep < 0 {
		return "", nil, "", fmt.Errorf("no ':' in %q", l)
	}
	head := strings.Split(l[:sep], ";")
	params = map[string]string{}
	for _, p := range head[1:] {
		k, v, _ := strings.Cut(p, "=")
		params[strings.ToUpper(k)] = strings.Trim(v, `"`)
	}
	return strings.ToUpper(head[0]), params, l[sep+1:], nil
}

// parseTime reads a DATE-TIME: UTC ("…Z"), or local to tz.
func parseTime(v, tz string) (time.Time, error) {
	if strings.HasSuffix(v, "Z") {
		return time.Parse("20060102T150405Z", v)
	}
	if tz == "" {
		return time.Time{}, fmt.Errorf("%q: a floating time; write it in UTC or with a TZID", v)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.Time{}, fmt.Errorf("unknown TZID %q", tz)
	}
	return time.ParseInLocation("20060102T150405", v, loc)
}
