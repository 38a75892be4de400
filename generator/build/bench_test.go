package build

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

// BenchmarkBuildLarge builds the synthetic site (load, compute, render,
// write) and reports rows per second and the process's peak resident
// memory so far (VmHWM; it includes the test binary).
//
//	go test ./generator/build -run '^$' -bench BuildLarge -benchtime 3x
func BenchmarkBuildLarge(b *testing.B) {
	cfg, err := testsite.BenchSite()
	if err != nil {
		b.Fatal(err)
	}
	benchBuild(b, cfg)
}

// BenchmarkBuildLargeData builds the same site with two more SLOs per
// service, an anomaly SLO on latency_ms (hour of week, 4 weeks) and a
// deadline SLO (each hour's data by :15); BenchmarkBuildLargeExtra with two
// more threshold SLOs instead. Side by side they give what the data
// indicators cost over any two SLOs (docs/performance.md):
//
//	go test ./generator/build -run '^$' -bench 'BuildLarge(Data|Extra)?$' -benchtime 1x -count 3
func BenchmarkBuildLargeData(b *testing.B) {
	benchBuild(b, testsite.BenchVariant(b, "site-data.toml", testsite.BenchDataSLOs))
}

// BenchmarkBuildLargeExtra: see BenchmarkBuildLargeData.
func BenchmarkBuildLargeExtra(b *testing.B) {
	benchBuild(b, testsite.BenchVariant(b, "site-extra.toml", testsite.BenchExtraSLOs))
}

func benchBuild(b *testing.B, cfg string) {
	rowsText, _ := os.ReadFile(filepath.Join(filepath.Dir(cfg), "complete"))
	rows, _ := strconv.ParseFloat(string(rowsText[:len(rowsText)-1]), 64)
	out := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, ds, err := Build(Options{Config: cfg, Out: filepath.Join(out, "public"), Now: testsite.BenchNow})
		if err != nil || ds.HasErrors() {
			b.Fatalf("build: %v %v", err, ds)
		}
		if got := st.Services[0].Snapshot.Rows; got == 0 {
			b.Fatal("no rows read")
		}
	}
	b.StopTimer()
	b.ReportMetric(rows*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(testsite.PeakRSSMB(), "peakRSS-MB")
}

// BenchmarkScanLarge is the ceiling the build is compared against: the
// same files' lines counted with a plain bufio.Scanner loop, one file
// after another.
//
//	go test ./generator/build -run '^$' -bench ScanLarge -benchtime 3x
func BenchmarkScanLarge(b *testing.B) {
	cfg, err := testsite.BenchSite()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg), "content", "metrics", "*", "*.csv"))
	b.ResetTimer()
	var lines int64
	for i := 0; i < b.N; i++ {
		lines = 0
		for _, p := range files {
			f, err := os.Open(p)
			if err != nil {
				b.Fatal(err)
			}
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				lines++
			}
			f.Close()
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkBuildLargeCached is BuildLarge through a warm build cache with
// nothing changed: every snapshot file is folded from its cached rows.
// The cache is .statusgen/cache/ beside the synthetic site.toml; the first
// build (not timed) fills it.
//
//	go test ./generator/build -run '^$' -bench BuildLargeCached -benchtime 3x
func BenchmarkBuildLargeCached(b *testing.B) {
	cfg, err := testsite.BenchSite()
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	opts := Options{Config: cfg, Out: filepath.Join(out, "public"), Now: testsite.BenchNow, Cache: true}
	if _, _, err := Build(opts); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ds, err := Build(opts); err != nil || ds.HasErrors() {
			b.Fatalf("build: %v %v", err, ds)
		}
	}
	b.StopTimer()
	b.ReportMetric(testsite.PeakRSSMB(), "peakRSS-MB")
}
