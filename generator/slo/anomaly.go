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
// week that holds data) are history: median ± k × MAD, and no band with
// fewer than minHistory of them.
func BaselineBand(history []float64, k float64, minHistory int) Band {
	if len(history) < max(minHistory, 1) {
		return Band{History: len(history)}
	}
	med, mad := MedianMAD(append([]float64(nil), history...))
	return Band{Lo: med - k*mad, Hi: med + k*mad, Median: med, History: len(history), OK: true}
}

// Baseline learns, as values arrive in time order, the mean value of each
// season slot, and gives each new value its band.
type Baseline struct {
	Weeks      int     // how many past weeks the band looks at
	K          float64 // half-width of the band in MADs
	MinHistory int     // fewer past weeks with data: no band
	Day        bool    // slots are local days, not local hours

	loc        *time.Location
	off        int64 // the zone offset valid in [zoneFrom, zoneTo)
	zoneFrom   int64
	zoneTo     int64
	sum        map[int64]float64
	cnt        map[int64]int
	oldest     int64 // the oldest slot still kept
	hist       []float64
	slotsPerWk int64
	lastPruned int64
}

// NewBaseline returns an empty baseline in loc.
func NewBaseline(loc *time.Location, weeks int, k float64, minHistory int, day bool) *Baseline {
	b := &Baseline{Weeks: weeks, K: k, MinHistory: minHistory, Day: day, loc: loc,
		sum: map[int64]float64{}, cnt: map[int64]int{}, zoneTo: math.MinInt64, slotsPerWk: 7 * 24}
	if day {
		b.slotsPerWk = 7
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

// Band returns the band of a value at t from the weeks before it, without
// adding the value.
func (b *Baseline) Band(t int64) Band {
	s := b.Slot(t)
	b.hist = b.hist[:0]
	for w := int64(1); w <= int64(b.Weeks); w++ {
		p := s - w*b.slotsPerWk
		if n := b.cnt[p]; n > 0 {
			b.hist = append(b.hist, b.sum[p]/float64(n))
		}
	}
	return BaselineBand(b.hist, b.K, b.MinHistory)
}

// Add records a value at t; values come in non-decreasing time.
func (b *Baseline) Add(t int64, v float64) {
	s := b.Slot(t)
	b.sum[s] += v
	b.cnt[s]++
	// Forget slots older than the baseline reaches, now and then.
	keep := s - int64(b.Weeks)*b.slotsPerWk
	if keep-b.lastPruned > b.slotsPerWk {
		for k := range b.cnt {
			if k < keep {
				delete(b.cnt, k)
				delete(b.sum, k)
			}
		}
		b.lastPruned = keep
	}
}
