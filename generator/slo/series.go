package slo

import "fmt"

// TimeSeries accumulates a time-based SLI: each sample at t stands for
// [t, t+Interval), cut short by the next sample, clipped exactly to every
// segment it overlaps. Time no sample covers is no data, never good.
type TimeSeries struct {
	tl       *Timeline
	Interval int64 // seconds one sample stands for

	// Per segment, in seconds: Valid is time covered by a non-excluded
	// sample, Bad its weighted bad part, Excluded the time covered by
	// excluded samples (maintenance).
	Valid, Bad, Excluded []float64

	has      bool
	pt       int64
	pbad     float64
	pexcl    bool
	cur      int
	seen     bool
	last     int64 // time of the newest sample seen
	disorder bool
}

// NewTimeSeries returns an empty series over tl.
func NewTimeSeries(tl *Timeline, interval int64) *TimeSeries {
	n := tl.Segments()
	return &TimeSeries{tl: tl, Interval: interval,
		Valid: make([]float64, n), Bad: make([]float64, n), Excluded: make([]float64, n)}
}

// Sample records a sample at t (Unix seconds) whose bad weight is bad
// (0 good, 1 bad, between for degraded) or that is excluded from the SLO.
// Samples must come in non-decreasing time; a sample with the same time as
// the previous one replaces it (the later row wins). An out-of-order sample
// is ignored and reported by Disordered.
func (s *TimeSeries) Sample(t int64, bad float64, excluded bool) {
	if s.seen && t < s.last {
		s.disorder = true
		return
	}
	if s.has && t > s.pt {
		s.flush(min(s.pt+s.Interval, t))
	}
	s.has, s.pt, s.pbad, s.pexcl = true, t, bad, excluded
	s.seen, s.last = true, t
}

// Finish closes the series at end (exclusive): the last sample covers at
// most up to end.
func (s *TimeSeries) Finish(end int64) {
	if s.has {
		s.flush(min(s.pt+s.Interval, max(end, s.pt)))
		s.has = false
	}
}

// Disordered reports whether a sample came before its predecessor.
func (s *TimeSeries) Disordered() bool { return s.disorder }

// flush adds the pending sample's coverage [s.pt, to) to the segments.
func (s *TimeSeries) flush(to int64) {
	from := s.pt
	tl := s.tl
	if tl.Segments() == 0 || to <= tl.Start() || from >= tl.End() || to <= from {
		return
	}
	from = max(from, tl.Start())
	to = min(to, tl.End())
	// Advance the cursor; samples arrive in time order so this is O(1)
	// amortised. Fall back to a search when it is behind.
	if s.cur >= tl.Segments() || tl.Cuts[s.cur] > from {
		s.cur = max(tl.segment(from), 0)
	}
	for tl.Cuts[s.cur+1] <= from {
		s.cur++
	}
	for i := s.cur; i < tl.Segments() && tl.Cuts[i] < to; i++ {
		d := float64(min(to, tl.Cuts[i+1]) - max(from, tl.Cuts[i]))
		if s.pexcl {
			s.Excluded[i] += d
		} else {
			s.Valid[i] += d
			s.Bad[i] += d * s.pbad
		}
	}
}

// Sum returns the totals over [a, b), which must both be cuts of the
// timeline.
func (s *TimeSeries) Sum(a, b int64) (valid, bad, excluded float64) {
	i, j, ok := s.tl.span(a, b)
	if !ok {
		panic(fmt.Sprintf("slo: [%d, %d) is not a span of the timeline", a, b))
	}
	for k := i; k < j; k++ {
		valid += s.Valid[k]
		bad += s.Bad[k]
		excluded += s.Excluded[k]
	}
	return valid, bad, excluded
}

// EventSeries accumulates an event-based SLI: good and total events counted
// in the segment that holds each row's time. It also counts, per segment,
// the intervals (of Interval seconds, aligned to the Unix epoch) that hold
// at least one row, for coverage.
type EventSeries struct {
	tl       *Timeline
	Interval int64

	Good, Total []float64
	Slots       []int64

	has      bool
	pt       int64
	pg, ptot float64
	lastSlot int64
	cur      int
	disorder bool
}

// NewEventSeries returns an empty series over tl.
func NewEventSeries(tl *Timeline, interval int64) *EventSeries {
	n := tl.Segments()
	return &EventSeries{tl: tl, Interval: max(interval, 1), lastSlot: -1 << 62,
		Good: make([]float64, n), Total: make([]float64, n), Slots: make([]int64, n)}
}

// Event records good of total events in the row at t. Rows must come in
// non-decreasing time; a row with the same time as the previous one
// replaces it.
func (s *EventSeries) Event(t int64, good, total float64) {
	if s.has {
		if t < s.pt {
			s.disorder = true
			return
		}
		if t > s.pt {
			s.flush()
		}
	}
	s.has, s.pt, s.pg, s.ptot = true, t, good, total
}

// Finish adds the last pending row.
func (s *EventSeries) Finish() {
	if s.has {
		s.flush()
		s.has = false
	}
}

// Disordered reports whether a row came before its predecessor.
func (s *EventSeries) Disordered() bool { return s.disorder }

func (s *EventSeries) flush() {
	tl := s.tl
	t := s.pt
	if tl.Segments() == 0 || t < tl.Start() || t >= tl.End() {
		return
	}
	if s.cur >= tl.Segments() || tl.Cuts[s.cur] > t {
		s.cur = max(tl.segment(t), 0)
	}
	for tl.Cuts[s.cur+1] <= t {
		s.cur++
	}
	s.Good[s.cur] += s.pg
	s.Total[s.cur] += s.ptot
	if slot := floorDiv(t, s.Interval); slot != s.lastSlot {
		s.Slots[s.cur]++
		s.lastSlot = slot
	}
}

// Sum returns the totals over [a, b), which must both be cuts.
func (s *EventSeries) Sum(a, b int64) (good, total float64, slots int64) {
	i, j, ok := s.tl.span(a, b)
	if !ok {
		panic(fmt.Sprintf("slo: [%d, %d) is not a span of the timeline", a, b))
	}
	for k := i; k < j; k++ {
		good += s.Good[k]
		total += s.Total[k]
		slots += s.Slots[k]
	}
	return good, total, slots
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Slots returns how many intervals of the given length (aligned to the
// Unix epoch) overlap [a, b): the denominator of an event-based SLO's
// coverage.
func Slots(a, b, interval int64) int64 {
	if b <= a || interval <= 0 {
		return 0
	}
	return floorDiv(b-1, interval) - floorDiv(a, interval) + 1
}
