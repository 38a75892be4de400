package testsite

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Synthetic snapshot data for the performance benchmark (docs/performance.md).

// BenchNow is the build's now; the data ends just before it.
var BenchNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// WriteSyntheticSite writes a site of services × days of step-spaced
// samples (time,status,latency_ms), one CSV per UTC month per service as
// probe writes them, ending at BenchNow. Statuses and latencies come from
// a fixed-seed generator: mostly up, with outages, degraded stretches and
// a weekly maintenance. It returns the path of site.toml and the number
// of rows written.
func WriteSyntheticSite(dir string, services, days int, step time.Duration) (string, int64, error) {
	var toml []byte
	toml = append(toml, "title = \"Synthetic\"\ntimezone = \"Europe/Berlin\"\n\n[[group]]\nid = \"all\"\nname = \"All\"\n"...)
	for i := 0; i < services; i++ {
		toml = fmt.Appendf(toml, `
[[service]]
id = "svc-%03d"
name = "Service %d"
group = "all"
owner = "Team %d"
interval = "%s"
  [[service.slo]]
  id = "availability"
  objective = 99.9
  window = "28d"
  sla = 99.5
  [[service.slo]]
  id = "latency"
  indicator = "threshold"
  column = "latency_ms"
  op = "<="
  threshold = 300
  objective = 99
  window = "month"
`, i, i, i%7, step)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", 0, err
	}
	cfg := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(cfg, toml, 0o644); err != nil {
		return "", 0, err
	}
	start := BenchNow.Add(-time.Duration(days) * 24 * time.Hour)
	var rows int64
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := 0; i < services; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			n, err := writeSyntheticService(filepath.Join(dir, "content", "metrics", fmt.Sprintf("svc-%03d", i)), uint64(i)+1, start, step)
			mu.Lock()
			rows += n
			if err != nil && firstErr == nil {
				firstErr = err
			}
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	return cfg, rows, firstErr
}

func writeSyntheticService(dir string, seed uint64, start time.Time, step time.Duration) (int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	rng := seed*0x9E3779B97F4A7C15 + 1
	next := func() uint64 { // xorshift64*
		rng ^= rng >> 12
		rng ^= rng << 25
		rng ^= rng >> 27
		return rng * 2685821657736338717
	}
	var (
		f     *os.File
		w     *bufio.Writer
		month = -1
		rows  int64
		line  []byte
		down  int // samples left in an outage
		slow  int // samples left in a degraded stretch
	)
	closeFile := func() error {
		if f == nil {
			return nil
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return f.Close()
	}
	for t := start; t.Before(BenchNow); t = t.Add(step) {
		if m := int(t.Month()); m != month {
			if err := closeFile(); err != nil {
				return rows, err
			}
			month = m
			var err error
			f, err = os.Create(filepath.Join(dir, t.Format("2006-01")+".csv"))
			if err != nil {
				return rows, err
			}
			w = bufio.NewWriterSize(f, 1<<16)
			w.WriteString("time,status,latency_ms\n")
		}
		r := next()
		switch {
		case down == 0 && slow == 0 && r%4000 == 0:
			down = int(r>>20%12) + 1
		case down == 0 && slow == 0 && r%1500 == 1:
			slow = int(r>>20%24) + 1
		}
		status, lat := "up", 40+int(r>>32%120)
		switch {
		case t.Weekday() == time.Sunday && t.Hour() == 3:
			status = "maintenance"
		case down > 0:
			status, lat = "down", 10000
			down--
		case slow > 0:
			status, lat = "degraded", 800+int(r>>32%900)
			slow--
		case r>>40%100 == 0:
			lat = 300 + int(r>>48%500)
		}
		line = t.AppendFormat(line[:0], time.RFC3339)
		line = append(line, ',')
		line = append(line, status...)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(lat), 10)
		line = append(line, '\n')
		w.Write(line)
		rows++
	}
	return rows, closeFile()
}

// BenchSite returns a synthetic site of 200 services × 365 days of
// 5-minute samples (about 21 million rows). It is written once into
// $TMPDIR/statusgen-bench-200x365x5m and reused by later runs (delete the
// folder to regenerate; it holds about 700 MB).
var BenchSite = sync.OnceValues(func() (string, error) {
	dir := filepath.Join(os.TempDir(), "statusgen-bench-200x365x5m")
	cfg := filepath.Join(dir, "site.toml")
	if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
		return cfg, nil
	}
	os.RemoveAll(dir)
	cfg, rows, err := WriteSyntheticSite(dir, 200, 365, 5*time.Minute)
	if err != nil {
		return "", err
	}
	return cfg, os.WriteFile(filepath.Join(dir, "complete"), []byte(strconv.FormatInt(rows, 10)+"\n"), 0o644)
})

// PeakRSSMB reads the process's peak resident set size from
// /proc/self/status (Linux); 0 elsewhere.
func PeakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	var kb float64
	for _, line := range splitLines(string(data)) {
		if n, _ := fmt.Sscanf(line, "VmHWM: %f kB", &kb); n == 1 {
			return kb / 1024
		}
	}
	return 0
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}

// The benchmark site's variants: the same rows with two SLOs more per
// service, either the data indicators (an anomaly SLO on latency_ms and an
// hourly deadline) or two threshold SLOs, so that side by side they give
// what the data indicators cost over any two SLOs (docs/performance.md).
const (
	BenchDataSLOs = `  [[service.slo]]
  id = "latency-anomaly"
  indicator = "anomaly"
  column = "latency_ms"
  objective = 95
  [[service.slo]]
  id = "hourly-load"
  indicator = "deadline"
  period = "hour"
  deadline = "00:15"
  objective = 99
`
	BenchExtraSLOs = `  [[service.slo]]
  id = "latency-fast"
  indicator = "threshold"
  column = "latency_ms"
  op = "<="
  threshold = 100
  objective = 95
  [[service.slo]]
  id = "latency-slow"
  indicator = "threshold"
  column = "latency_ms"
  op = "<="
  threshold = 1000
  objective = 99
`
)

// BenchVariant writes name, a site.toml beside the benchmark site's with
// slos added to every service, and returns its path.
func BenchVariant(tb testing.TB, name, slos string) string {
	tb.Helper()
	cfg, err := BenchSite()
	if err != nil {
		tb.Fatal(err)
	}
	src, err := os.ReadFile(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	out := filepath.Join(filepath.Dir(cfg), name)
	text := strings.ReplaceAll(string(src), "window = \"month\"\n", "window = \"month\"\n"+slos)
	if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	return out
}
