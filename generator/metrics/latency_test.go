package metrics

import (
	"math"
	"testing"
	"time"
)

var latencyNow = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func TestLatencyPercentiles(t *testing.T) {
	loc := time.UTC
	l := newLatencyDays(loc, 3, latencyNow.Unix()) // 21 and 22 Nov
	// Day 0 (21 Nov): 1, 2, …, 100 ms. Nearest rank: p50 = 50, p95 = 95,
	// p99 = 99. The histogram answers within half a bucket (±2.2%).
	for v := 1; v <= 100; v++ {
		l.Add(latencyNow.Add(-36*time.Hour).Unix()+int64(v), float64(v))
	}
	// Outside the kept days: ignored.
	l.Add(latencyNow.Add(-72*time.Hour).Unix(), 5)
	l.Add(latencyNow.Unix(), 5)
	if l.Count(0) != 100 || l.Count(1) != 0 {
		t.Fatalf("counts = %d, %d; want 100, 0", l.Count(0), l.Count(1))
	}
	for _, c := range []struct{ q, want float64 }{{0.5, 50}, {0.95, 95}, {0.99, 99}, {1, 100}} {
		got := l.Percentile(0, c.q)
		if got == nil || math.Abs(*got-c.want)/c.want > 0.022 {
			t.Errorf("p%v = %v, want %v ± 2.2%%", c.q*100, got, c.want)
		}
	}
	if l.Percentile(1, 0.5) != nil {
		t.Error("a day without values has a percentile")
	}
}
