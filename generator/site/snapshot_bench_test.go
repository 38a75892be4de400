package site

import (
	"testing"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/slo"
	"github.com/statusgen/statusgen/generator/testsite"
)

// BenchmarkReadSnapshotLarge reads every service of the synthetic site
// (about 21 million rows, bench_test.go) with ReadSnapshot, one service
// after another on one goroutine: the snapshot reader alone, without the
// figures and pages BuildLarge adds. Compare it with ScanLarge, the
// bufio.Scanner ceiling.
//
//	go test ./generator/site -run '^$' -bench ReadSnapshotLarge -count 5
func BenchmarkReadSnapshotLarge(b *testing.B) {
	cfgPath, err := testsite.BenchSite()
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, cfgPath)
}

// BenchmarkReadSnapshotLargeData and BenchmarkReadSnapshotLargeExtra read
// the same rows for the site with an anomaly and a deadline SLO more per
// service, and with two threshold SLOs more: the reader's share of what
// the data indicators cost (docs/performance.md).
//
//	go test ./generator/site -run '^$' -bench 'ReadSnapshotLarge(Data|Extra)?$' -count 3
func BenchmarkReadSnapshotLargeData(b *testing.B) {
	benchRead(b, testsite.BenchVariant(b, "site-data.toml", testsite.BenchDataSLOs))
}

// BenchmarkReadSnapshotLargeExtra: see BenchmarkReadSnapshotLargeData.
func BenchmarkReadSnapshotLargeExtra(b *testing.B) {
	benchRead(b, testsite.BenchVariant(b, "site-extra.toml", testsite.BenchExtraSLOs))
}

func benchRead(b *testing.B, cfgPath string) {
	cfg, ds := config.LoadConfig(cfgPath)
	if ds.HasErrors() {
		b.Fatal(ds)
	}
	st := &Site{Config: cfg, Now: testsite.BenchNow}
	tl := slo.NewTimeline(st.cuts())
	b.ResetTimer()
	var rows int
	for i := 0; i < b.N; i++ {
		rows = 0
		for _, svc := range cfg.Services {
			var ds diag.Diagnostics
			snap := metrics.ReadSnapshot(cfg, svc, tl, testsite.BenchNow, &ds)
			if len(ds) > 0 {
				b.Fatal(ds)
			}
			rows += snap.Rows
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
