package metrics

import (
	"strconv"
	"testing"
	"time"
)

// BenchmarkAppendMetrics appends a month of one-minute rows (43,200) to a
// new file, as `import prometheus --step 1m` does.
func BenchmarkAppendMetrics(b *testing.B) {
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]MetricRow, 30*24*60)
	for i := range rows {
		rows[i] = MetricRow{Time: start.Add(time.Duration(i) * time.Minute),
			Values: map[string]string{"good": strconv.Itoa(i % 10), "total": "10"}}
	}
	columns := []string{"time", "good", "total"}
	b.ReportAllocs()
	for b.Loop() {
		root := b.TempDir()
		if _, err := AppendMetrics(root, root, columns, rows, false); err != nil {
			b.Fatal(err)
		}
	}
}
