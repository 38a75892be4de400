package slo

import (
	"math"
	"sort"
	"time"
)

// The anomaly indicator: a value is good when it lies inside a band
// learned from the same column's own past, at the same point of the week.
//
// The past is kept per season slot: a local hour (Season "hour") or a
// local day (Season "day") in the site's time zone. The baseline of a
// value in slot s is the mean value of each of the slots s − 1 week,
// s − 2 weeks, …, s − Weeks weeks that holds data. Local slots make the
// week DST-correct: Monday 09:00 is compared with earlier Mondays at 09:00
// whatever the offset was then.

// Band is the baseline of one value: Median ± K × MAD of its History
// values. OK is false when too few past weeks hold data: such a value is
// no data, neither good nor bad.
type Band struct {
	Lo, Hi, Median float64
	History        int
	OK             bool
}

// Contains reports whether v lies inside the band (edges included).
func (b Band) Contains(v float64) bool { return b.OK && v >= b.Lo && v <= b.Hi }

// MedianMAD returns the median of xs and the median of absolute
// deviations from it. xs is reordered. Both are NaN for no values.
func MedianMAD(xs []float64) (median, mad float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	median = medianOf(xs)
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - median)
	}
	return median, medianOf(dev)
}

func medianOf(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// BaselineBand is the band of a value whose past values (one per earlier
// week that holds data) are history: median ± k × MAD, but at least
// ± minWidth × |median| wide (a quiet history, whose MAD is 0 or tiny,
// would otherwise call every small wobble an anomaly), and no band with
// fewer than minHistory of them.
func BaselineBand(history []float64, k, minWidth float64, minHistory int) Band {
	if len(history) < max(minHistory, 1) {
		return Band{History: len(history)}
	}
	med, mad := MedianMAD(append([]float64(nil), history...))
	half := max(k*mad, minWidth*math.Abs(med))
	return Band{Lo: med - half, Hi: med + half, Median: med, History: len(history), OK: true}
}

// Baseline learns, as values arrive in time order, the mean value of each
// season slot, and gives each new value its band. It keeps the last
// Weeks + 1 weeks of slots in a ring, and computes a slot's band once: the
// past weeks do not change while values of the current slot arrive.
type Baseline struct {
	Weeks      int     // how many past weeks the band looks at
	K          float64 // half-width of the band in MADs
	MinWidth   float64 // the band's least half-width, as a share of the median
	MinHistory int     // fewer past weeks with data: no band
	Day        bool    // slots are local days, not local hours

	loc        *time.Location
	off        int64 // the zone offset valid in [zoneFrom, zoneTo)
	zoneFrom   int64
	zoneTo     int64
	slotsPerWk int64
	// The ring: slot id, sum and count of the values of each slot kept.
	id   []int64
	sum  []float64
	cnt  []int32
	hist []float64
	dev  []float64
	// The band of bandSlot, computed once.
	bandSlot int64
	band     Band
}

// NewBaseline returns an empty baseline in loc.
func NewBaseline(loc *time.Location, weeks int, k, minWidth float64, minHistory int, day bool) *Baseline {
	b := &Baseline{Weeks: weeks, K: k, MinWidth: minWidth, MinHistory: minHistory, Day: day, loc: loc,
		zoneTo: math.MinInt64, slotsPerWk: 7 * 24, bandSlot: math.MinInt64}
	if day {
		b.slotsPerWk = 7
	}
	n := int64(weeks+1) * b.slotsPerWk
	b.id, b.sum, b.cnt = make([]int64, n), make([]float64, n), make([]int32, n)
	for i := range b.id {
		b.id[i] = math.MinInt64
	}
	return b
}

// Slot returns the season slot of t (Unix seconds): the local hour or day
// counted from the Unix epoch's local calendar.
func (b *Baseline) Slot(t int64) int64 {
	if t < b.zoneFrom || t >= b.zoneTo {
		tm := time.Unix(t, 0).In(b.loc)
		_, off := tm.Zone()
		from, to := tm.ZoneBounds()
		b.off = int64(off)
		b.zoneFrom, b.zoneTo = math.MinInt64, math.MaxInt64
		if !from.IsZero() {
			b.zoneFrom = from.Unix()
		}
		if !to.IsZero() {
			b.zoneTo = to.Unix()
		}
	}
	local := t + b.off
	if b.Day {
		return floorDiv(local, 86400)
	}
	return floorDiv(local, 3600)
}

func (b *Baseline) ring(s int64) int {
	n := int64(len(b.id))
	return int(((s % n) + n) % n)
}

// Band returns the band of a value at t from the weeks before it, without
// adding the value.
func (b *Baseline) Band(t int64) Band { return *b.bandAt(b.Slot(t)) }

// Observe returns the band of a value v at t and then adds it: Band and
// Add in one step, as the snapshot reader calls them for every row.
func (b *Baseline) Observe(t int64, v float64) *Band {
	s := b.Slot(t)
	band := b.bandAt(s)
	b.addAt(s, v)
	return band
}

func (b *Baseline) bandAt(s int64) *Band {
	if s == b.bandSlot {
		return &b.band
	}
	b.hist = b.hist[:0]
	for w := int64(1); w <= int64(b.Weeks); w++ {
		p := s - w*b.slotsPerWk
		if i := b.ring(p); b.id[i] == p && b.cnt[i] > 0 {
			b.hist = append(b.hist, b.sum[i]/float64(b.cnt[i]))
		}
	}
	b.bandSlot, b.band = s, b.bandOf()
	return &b.band
}

// bandOf is BaselineBand over b.hist without allocating.
func (b *Baseline) bandOf() Band {
	h := b.hist
	if len(h) < max(b.MinHistory, 1) {
		return Band{History: len(h)}
	}
	med := medianOf(h)
	b.dev = b.dev[:0]
	for _, x := range h {
		b.dev = append(b.dev, math.Abs(x-med))
	}
	mad := medianOf(b.dev)
	half := max(b.K*mad, b.MinWidth*math.Abs(med))
	return Band{Lo: med - half, Hi: med + half, Median: med, History: len(h), OK: true}
}

// Add records a value at t; values come in non-decreasing time.
func (b *Baseline) Add(t int64, v float64) { b.addAt(b.Slot(t), v) }

func (b *Baseline) addAt(s int64, v float64) {
	i := b.ring(s)
	if b.id[i] != s {
		b.id[i], b.sum[i], b.cnt[i] = s, 0, 0
	}
	b.sum[i] += v
	b.cnt[i]++
}
