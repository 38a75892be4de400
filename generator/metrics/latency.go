package metrics

import (
	"math"
	"sort"
	"time"

	"github.com/statusgen/statusgen/generator/slo"
)

// latencyBucketsPerDoubling sets the histogram's resolution: 16 buckets
// per doubling keeps a percentile within ±2.2% of the true value.
const latencyBucketsPerDoubling = 16

// latencyBuckets covers 1 ms to 2^24 ms (4.7 hours); bucket 0 holds values
// under 1 ms and the last one everything slower.
const latencyBuckets = 1 + 24*latencyBucketsPerDoubling

// LatencyDays accumulates the latency_ms column into one log-bucketed
// histogram per local day, so the service page can chart p50, p95 and p99
// per day without keeping rows: memory is days × buckets.
type LatencyDays struct {
	// Starts are the local midnights of the days kept, oldest first, and
	// the end of the last day (now).
	Starts []int64
	counts [][]uint32 // per day; nil until the day has a value
	n      []uint32
	cur    int // the day of the previous value: rows come mostly in order
}

// newLatencyDays keeps the days of the uptime history: from the local
// midnight history_days−1 days before now's day up to now.
func newLatencyDays(loc *time.Location, historyDays int, now int64) *LatencyDays {
	today := time.Unix(now, 0).In(loc)
	first := time.Date(today.Year(), today.Month(), today.Day()-historyDays+1, 0, 0, 0, 0, loc)
	l := &LatencyDays{}
	for d := first; d.Unix() < now; d = slo.NextDay(d) {
		l.Starts = append(l.Starts, d.Unix())
	}
	l.Starts = append(l.Starts, now)
	l.counts = make([][]uint32, len(l.Starts)-1)
	l.n = make([]uint32, len(l.Starts)-1)
	return l
}

// Add records one latency value (milliseconds) at t.
func (l *LatencyDays) Add(t int64, ms float64) {
	days := len(l.Starts) - 1
	if days <= 0 || t < l.Starts[0] || t >= l.Starts[days] || ms < 0 || math.IsNaN(ms) {
		return
	}
	if !(l.Starts[l.cur] <= t && t < l.Starts[l.cur+1]) {
		l.cur = sort.Search(days, func(i int) bool { return l.Starts[i+1] > t })
	}
	if l.counts[l.cur] == nil {
		l.counts[l.cur] = make([]uint32, latencyBuckets)
	}
	l.counts[l.cur][latencyBucket(ms)]++
	l.n[l.cur]++
}

func latencyBucket(ms float64) int {
	if ms < 1 {
		return 0
	}
	b := 1 + int(math.Log2(ms)*latencyBucketsPerDoubling)
	return min(b, latencyBuckets-1)
}

// latencyValue is a bucket's representative value: the geometric middle
// of its bounds.
func latencyValue(b int) float64 {
	if b == 0 {
		return 0.5
	}
	return math.Exp2((float64(b-1) + 0.5) / latencyBucketsPerDoubling)
}

// Count returns the number of values on day i.
func (l *LatencyDays) Count(i int) int { return int(l.n[i]) }

// Percentile returns the q-quantile (0 < q ≤ 1) of day i by nearest rank,
// or nil when the day has no values.
func (l *LatencyDays) Percentile(i int, q float64) *float64 {
	n := l.n[i]
	if n == 0 {
		return nil
	}
	rank := uint32(math.Ceil(q * float64(n)))
	if rank < 1 {
		rank = 1
	}
	var seen uint32
	for b, c := range l.counts[i] {
		seen += c
		if seen >= rank {
			v := latencyValue(b)
			return &v
		}
	}
	return nil
}

// Any reports whether any day has a latency value.
func (l *LatencyDays) Any() bool {
	if l == nil {
		return false
	}
	for _, n := range l.n {
		if n > 0 {
			return true
		}
	}
	return false
}
