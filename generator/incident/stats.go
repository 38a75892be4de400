package incident

import (
	"math"
	"sort"
	"time"
)

// Stats are the incident figures of one span ending at the build's
// now: how often things failed, how fast the team detected, contained and
// resolved them, and whether the lessons turned into done work.
type Stats struct {
	Days     int
	From, To time.Time
	// Incidents counts incidents (not maintenance) that started in the span.
	Incidents int
	// BySeverity counts every published report that started in the span,
	// critical first, maintenance last.
	BySeverity []SeverityCount
	// Detect, Contain and Resolve summarise detected − started,
	// contained − started and resolved − started over the incidents that
	// record those times (maintenance left out).
	Detect, Contain, Resolve DurationStats
	// Failures counts major and critical incidents; MTBF is the time in
	// the span without one of them divided by their count (nil without
	// failures).
	Failures int
	MTBF     *time.Duration
	// OpenActions and OverdueActions count the action items of the span's
	// incidents that are not done, and those of them past their due date.
	OpenActions, OverdueActions int
}

// SeverityCount is how many reports of one severity a span holds.
type SeverityCount struct {
	Severity string
	Count    int
}

// DurationStats summarises a set of durations. Mean, Median and P90 are
// nil when N is 0. The median of an even count is the mean of the middle
// two; P90 is the nearest-rank 90th percentile (the smallest value that at
// least 90% of the set is at or under), so it is always an observed value.
type DurationStats struct {
	N                 int
	Mean, Median, P90 *time.Duration
}

// summarise computes DurationStats, rounded to the second.
func summarise(ds []time.Duration) DurationStats {
	out := DurationStats{N: len(ds)}
	if len(ds) == 0 {
		return out
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var sum float64
	for _, d := range s {
		sum += float64(d)
	}
	mean := time.Duration(sum / float64(len(s))).Round(time.Second)
	n := len(s)
	median := s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	median = median.Round(time.Second)
	p90 := s[int(math.Ceil(0.9*float64(n)))-1]
	out.Mean, out.Median, out.P90 = &mean, &median, &p90
	return out
}

// ComputeStats computes the statistics of the incidents that
// started in [from, to), at now (for overdue actions). Incidents are taken
// as given: filter them by service first for per-service figures.
func ComputeStats(ins []*Incident, from, to, now time.Time) Stats {
	st := Stats{From: from, To: to, Days: int(math.Round(to.Sub(from).Hours() / 24))}
	counts := map[string]int{}
	var detect, contain, resolve []time.Duration
	type span struct{ a, b time.Time }
	var failures []span
	for _, in := range ins {
		if in.Started.Before(from) || !in.Started.Before(to) {
			continue
		}
		counts[in.Severity]++
		for _, a := range in.Actions {
			if !a.Done {
				st.OpenActions++
				if a.Overdue(now) {
					st.OverdueActions++
				}
			}
		}
		if in.Maintenance() {
			continue
		}
		st.Incidents++
		if d := in.TimeToDetect(); d != nil {
			detect = append(detect, *d)
		}
		if d := in.TimeToContain(); d != nil {
			contain = append(contain, *d)
		}
		if d := in.TimeToResolve(); d != nil && !in.Resolved.After(now) {
			resolve = append(resolve, *d)
		}
		if in.Severity == SeverityMajor || in.Severity == SeverityCritical {
			st.Failures++
			end := in.Resolved
			if end.IsZero() || end.After(to) {
				end = to
			}
			failures = append(failures, span{in.Started, end})
		}
	}
	for _, sev := range []string{SeverityCritical, SeverityMajor, SeverityMinor, SeverityMaintenance} {
		st.BySeverity = append(st.BySeverity, SeverityCount{sev, counts[sev]})
	}
	st.Detect, st.Contain, st.Resolve = summarise(detect), summarise(contain), summarise(resolve)
	if st.Failures > 0 {
		// Time inside failures, overlapping ones counted once.
		sort.Slice(failures, func(i, j int) bool { return failures[i].a.Before(failures[j].a) })
		var down time.Duration
		var curA, curB time.Time
		for i, f := range failures {
			if i == 0 || f.a.After(curB) {
				down += curB.Sub(curA)
				curA, curB = f.a, f.b
			} else if f.b.After(curB) {
				curB = f.b
			}
		}
		down += curB.Sub(curA)
		mtbf := ((to.Sub(from) - down) / time.Duration(st.Failures)).Round(time.Second)
		st.MTBF = &mtbf
	}
	return st
}
