package slo

import (
	"sort"
	"strings"
)

// Status is the outcome of one check.
type Status uint8

// Sample outcomes of SPEC section 3.
const (
	NoStatus Status = iota
	Up
	Degraded
	Down
	Maintenance
)

// ParseStatus reads a status cell, case-insensitively.
func ParseStatus(s string) (Status, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "up":
		return Up, true
	case "degraded":
		return Degraded, true
	case "down":
		return Down, true
	case "maintenance":
		return Maintenance, true
	}
	return NoStatus, false
}

func (s Status) String() string {
	return [...]string{"", "up", "degraded", "down", "maintenance"}[s]
}

// Timeline partitions time (Unix seconds) at sorted cut points. Segment i is
// [Cuts[i], Cuts[i+1]); time before the first cut or at or after the last is
// outside the timeline and is not accumulated.
type Timeline struct {
	Cuts []int64
}

// NewTimeline returns a timeline cut at the given points, sorted and
// de-duplicated.
func NewTimeline(cuts []int64) *Timeline {
	c := append([]int64(nil), cuts...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	out := c[:0]
	for i, v := range c {
		if i == 0 || v != c[i-1] {
			out = append(out, v)
		}
	}
	return &Timeline{Cuts: out}
}

// Segments returns the number of segments.
func (tl *Timeline) Segments() int {
	if len(tl.Cuts) < 2 {
		return 0
	}
	return len(tl.Cuts) - 1
}

// Start and End return the first and last cut.
func (tl *Timeline) Start() int64 { return tl.Cuts[0] }

// End returns the last cut: the end of the timeline.
func (tl *Timeline) End() int64 { return tl.Cuts[len(tl.Cuts)-1] }

// segment returns the index of the segment holding t, or -1 when t is
// before the timeline, or Segments() when at or after its end.
func (tl *Timeline) segment(t int64) int {
	return sort.Search(len(tl.Cuts), func(i int) bool { return tl.Cuts[i] > t }) - 1
}

// span returns the segment range [i, j) that exactly covers [a, b). Both a
// and b must be cuts; ok is false otherwise.
func (tl *Timeline) span(a, b int64) (i, j int, ok bool) {
	i = sort.Search(len(tl.Cuts), func(k int) bool { return tl.Cuts[k] >= a })
	j = sort.Search(len(tl.Cuts), func(k int) bool { return tl.Cuts[k] >= b })
	if i >= len(tl.Cuts) || j >= len(tl.Cuts) || tl.Cuts[i] != a || tl.Cuts[j] != b {
		return 0, 0, false
	}
	return i, j, true
}
