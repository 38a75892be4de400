package incident

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func statsTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func statsDay(s string) time.Time { return statsTime(s + "T00:00:00Z") }

func statsDur(d *time.Duration) string {
	if d == nil {
		return "nil"
	}
	return d.String()
}

// TestIncidentStatsByHand checks every statistic against figures worked
// out by hand on a small archive.
func TestIncidentStatsByHand(t *testing.T) {
	now := statsTime("2026-11-30T12:00:00Z")
	from := now.AddDate(0, 0, -30) // 2026-10-31T12:00Z; the span is 720 h
	ins := []*Incident{
		{Slug: "a", Severity: SeverityCritical, Started: statsTime("2026-11-02T10:00:00Z"), Detected: statsTime("2026-11-02T10:10:00Z"),
			Contained: statsTime("2026-11-02T10:30:00Z"), Resolved: statsTime("2026-11-02T12:00:00Z"),
			Actions: []Action{{Text: "overdue", Due: statsDay("2026-11-10")}, {Text: "done", Done: true, Due: statsDay("2026-11-10")}}},
		{Slug: "h", Severity: SeverityMajor, Started: statsTime("2026-11-02T11:00:00Z"), Resolved: statsTime("2026-11-02T13:00:00Z")},
		{Slug: "b", Severity: SeverityMajor, Started: statsTime("2026-11-10T00:00:00Z"), Detected: statsTime("2026-11-10T00:20:00Z"),
			Contained: statsTime("2026-11-10T01:00:00Z"), Resolved: statsTime("2026-11-10T04:00:00Z"),
			Actions: []Action{{Text: "later", Due: statsDay("2026-12-15")}, {Text: "undated"}}},
		{Slug: "c", Severity: SeverityMinor, Started: statsTime("2026-11-15T08:00:00Z"), Detected: statsTime("2026-11-15T08:05:00Z"), Resolved: statsTime("2026-11-15T09:00:00Z")},
		{Slug: "d", Severity: SeverityMinor, Started: statsTime("2026-11-20T12:00:00Z"), Detected: statsTime("2026-11-20T12:40:00Z"),
			Contained: statsTime("2026-11-20T12:50:00Z"), Resolved: statsTime("2026-11-20T13:30:00Z")},
		{Slug: "e", Severity: SeverityMaintenance, Started: statsTime("2026-11-25T01:00:00Z"), Detected: statsTime("2026-11-25T01:00:00Z"), Resolved: statsTime("2026-11-25T02:00:00Z"),
			Actions: []Action{{Text: "overdue too", Due: statsDay("2026-11-26")}}},
		{Slug: "g", Severity: SeverityCritical, Started: statsTime("2026-11-30T06:00:00Z"), Detected: statsTime("2026-11-30T06:30:00Z")},
		// Before the span: left out entirely.
		{Slug: "f", Severity: SeverityMajor, Started: statsTime("2026-10-30T00:00:00Z"), Resolved: statsTime("2026-10-30T05:00:00Z"),
			Actions: []Action{{Text: "old", Due: statsDay("2026-11-01")}}},
	}
	st := ComputeStats(ins, from, now, now)
	var counts []string
	for _, c := range st.BySeverity {
		counts = append(counts, fmt.Sprintf("%s=%d", c.Severity, c.Count))
	}
	// a, g critical; h, b major; c, d minor; e maintenance. f is outside.
	if got := strings.Join(counts, " "); got != "critical=2 major=2 minor=2 maintenance=1" {
		t.Errorf("by severity: %s", got)
	}
	if st.Incidents != 6 || st.Days != 30 {
		t.Errorf("incidents %d days %d, want 6 and 30", st.Incidents, st.Days)
	}
	for _, tc := range []struct {
		name string
		got  DurationStats
		want string
	}{
		// detect: a 10m, b 20m, c 5m, d 40m, g 30m → 5 10 20 30 40:
		// mean 105/5 = 21m, median 20m, p90 rank ⌈4.5⌉ = 5th → 40m.
		{"detect", st.Detect, "5 21m0s 20m0s 40m0s"},
		// contain: a 30m, b 60m, d 50m → 30 50 60: mean 140/3 = 46m40s,
		// median 50m, p90 rank ⌈2.7⌉ = 3rd → 1h.
		{"contain", st.Contain, "3 46m40s 50m0s 1h0m0s"},
		// resolve (g is ongoing): c 60m, d 90m, a 120m, h 120m, b 240m:
		// mean 630/5 = 126m, median 120m, p90 rank 5th → 240m.
		{"resolve", st.Resolve, "5 2h6m0s 2h0m0s 4h0m0s"},
	} {
		got := fmt.Sprintf("%d %s %s %s", tc.got.N, statsDur(tc.got.Mean), statsDur(tc.got.Median), statsDur(tc.got.P90))
		if got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	// Failures a, h, b, g. Down: a ∪ h = 10:00–13:00 = 3h, b 4h, g 06:00 to
	// now 6h → 13h. MTBF = (720h − 13h) / 4 = 176h45m.
	if st.Failures != 4 || statsDur(st.MTBF) != "176h45m0s" {
		t.Errorf("failures %d mtbf %s, want 4 and 176h45m0s", st.Failures, statsDur(st.MTBF))
	}
	// Open: a's first, b's two, e's one = 4; overdue: a's (due 10 Nov) and
	// e's (due 26 Nov) = 2.
	if st.OpenActions != 4 || st.OverdueActions != 2 {
		t.Errorf("actions open %d overdue %d, want 4 and 2", st.OpenActions, st.OverdueActions)
	}

	empty := ComputeStats(nil, from, now, now)
	if empty.MTBF != nil || empty.Detect.Mean != nil || empty.Incidents != 0 {
		t.Errorf("empty span: %+v", empty)
	}
}

func TestActionOverdueAtEndOfDueDay(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	a := Action{Due: time.Date(2026, 11, 30, 0, 0, 0, 0, berlin)}
	// Due by the end of 30 Nov in Berlin = 2026-11-30T23:00:00Z.
	if a.Overdue(statsTime("2026-11-30T22:59:59Z")) || !a.Overdue(statsTime("2026-11-30T23:00:00Z")) {
		t.Error("an action is overdue from the midnight after its due day, site time")
	}
	a.Done = true
	if a.Overdue(statsTime("2027-01-01T00:00:00Z")) {
		t.Error("a done action is never overdue")
	}
}
