package generator

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The helper processes of the tests below: the test binary run again with
// STATUSGEN_APPEND_HELPER set to what it is to do.
func TestMetricsAppendHelperProcess(t *testing.T) {
	mode, dir := os.Getenv("STATUSGEN_APPEND_HELPER"), os.Getenv("STATUSGEN_APPEND_DIR")
	if mode == "" {
		return // not a helper: nothing to do
	}
	switch mode {
	case "writer":
		w, _ := strconv.Atoi(os.Getenv("STATUSGEN_APPEND_WRITER"))
		if err := raceWriter(dir, w); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(0)
}

// helper starts the test binary as a helper process.
func helper(t *testing.T, mode, dir string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestMetricsAppendHelperProcess$")
	cmd.Env = append(os.Environ(), append([]string{"STATUSGEN_APPEND_HELPER=" + mode, "STATUSGEN_APPEND_DIR=" + dir}, env...)...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

var raceStart = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// raceWriter is one of several writers appending at once into a month
// file that does not exist yet: first all its rows in one call, then
// each row again on its own. Its rows are 20 times every writer has (two
// probes with the same now) and 10 of its own.
func raceWriter(dir string, w int) error {
	var rows []MetricRow
	for i := 0; i < 30; i++ {
		m := i
		if i >= 20 {
			m = 100 + w*10 + i
		}
		rows = append(rows, MetricRow{Time: raceStart.Add(time.Duration(m) * time.Minute),
			Values: map[string]string{"status": "up", "latency_ms": strconv.Itoa(w)}})
	}
	_, first := AppendMetrics(dir, ProbeColumns, rows, false)
	for _, r := range rows {
		if _, err := AppendMetrics(dir, ProbeColumns, []MetricRow{r}, false); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// checkRaceFile checks the month file the race writers wrote: the header
// once, each of the 20 shared times once, each writer's own 10 times
// once, nothing else.
func checkRaceFile(t *testing.T, dir string, writers int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(readFile(t, filepath.Join(dir, "2026-11.csv")), "\n"), "\n")
	if lines[0] != "time,status,latency_ms,code" {
		t.Errorf("header %q", lines[0])
	}
	count := map[string]int{}
	for _, l := range lines[1:] {
		count[strings.SplitN(l, ",", 2)[0]]++
	}
	want := 20 + 10*writers
	for ts, n := range count {
		if n != 1 {
			t.Errorf("%s: %d rows", ts, n)
		}
	}
	if len(lines)-1 != want || len(count) != want {
		t.Errorf("%d rows of %d times; want %d", len(lines)-1, len(count), want)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// Writers appending at once, in one process, lose no row and write none
// twice.
func TestAppendMetricsConcurrentGoroutines(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "api")
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = raceWriter(dir, w)
		}()
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", w, err)
		}
	}
	checkRaceFile(t, dir, writers)
}

// The same across processes: probes started by two schedulers at once.
func TestAppendMetricsConcurrentProcesses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "api")
	const writers = 4
	var cmds []*exec.Cmd
	for w := 0; w < writers; w++ {
		cmds = append(cmds, helper(t, "writer", dir, fmt.Sprintf("STATUSGEN_APPEND_WRITER=%d", w)))
	}
	for w, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer %d: %v", w, err)
		}
	}
	checkRaceFile(t, dir, writers)
}
