package site

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/testsite"
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
	case "batches":
		// Append batches of big rows to one month's file until killed.
		month, _ := strconv.Atoi(os.Getenv("STATUSGEN_APPEND_MONTH"))
		start := time.Date(2001, time.Month(1+month), 1, 0, 0, 0, 0, time.UTC)
		for b := 0; ; b++ {
			rows := make([]metrics.MetricRow, killBatch)
			for i := range rows {
				rows[i] = metrics.MetricRow{Time: start.Add(time.Duration(b*killBatch+i) * time.Second),
					Values: map[string]string{"status": "up", "note": killNote}}
			}
			if _, err := metrics.AppendMetrics(filepath.Dir(dir), dir, killColumns, rows, false); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
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
	var rows []metrics.MetricRow
	for i := 0; i < 30; i++ {
		m := i
		if i >= 20 {
			m = 100 + w*10 + i
		}
		rows = append(rows, metrics.MetricRow{Time: raceStart.Add(time.Duration(m) * time.Minute),
			Values: map[string]string{"status": "up", "latency_ms": strconv.Itoa(w)}})
	}
	_, first := metrics.AppendMetrics(filepath.Dir(dir), dir, metrics.ProbeColumns, rows, false)
	for _, r := range rows {
		if _, err := metrics.AppendMetrics(filepath.Dir(dir), dir, metrics.ProbeColumns, []metrics.MetricRow{r}, false); err != nil && first == nil {
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
	lines := strings.Split(strings.TrimSuffix(testsite.ReadFile(t, filepath.Join(dir, "2026-11.csv")), "\n"), "\n")
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

// The rows of the kill test: big, so that one batch spans several pages
// of the file (a write cut by a kill stops at a page boundary).
const killBatch = 2000

var (
	killColumns = []string{"time", "status", "note"}
	killNote    = strings.Repeat("n", 4000)
)

// A run killed at any moment of an append leaves, once the next append
// has run, only whole rows that parse, and the next append works: 30
// kills at seeded random moments, each of a process appending batches of
// 2.4 MB to its own month's file.
func TestAppendMetricsKilledMidAppend(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "api")
	rng := rand.New(rand.NewSource(20261123))
	cut := 0
	for k := 0; k < 30; k++ {
		start := time.Date(2001, time.Month(1+k), 1, 0, 0, 0, 0, time.UTC)
		name := start.Format("2006-01") + ".csv"
		if k%2 == 1 {
			// The file exists: the first batch appends to it.
			if _, err := metrics.AppendMetrics(filepath.Dir(dir), dir, killColumns, []metrics.MetricRow{{Time: start, Values: map[string]string{"status": "up", "note": killNote}}}, false); err != nil {
				t.Fatal(err)
			}
		}
		cmd := helper(t, "batches", dir, fmt.Sprintf("STATUSGEN_APPEND_MONTH=%d", k))
		if k%2 == 0 {
			time.Sleep(time.Duration(5+rng.Intn(120)) * time.Millisecond)
		} else {
			// Kill as soon as the file grows: in the middle of a write.
			waitForGrowth(filepath.Join(dir, name), time.Duration(rng.Intn(500))*time.Microsecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil && len(b) > 0 && b[len(b)-1] != '\n' {
			cut++ // the kill cut a write short: the next append must undo it
		}

		// The next append, one row after the month's batches.
		next := metrics.MetricRow{Time: start.Add(20 * 24 * time.Hour), Values: map[string]string{"status": "up", "note": killNote}}
		if _, err := metrics.AppendMetrics(filepath.Dir(dir), dir, killColumns, []metrics.MetricRow{next}, false); err != nil {
			t.Fatalf("kill %d: the next append: %v", k, err)
		}
		data := testsite.ReadFile(t, filepath.Join(dir, name))
		if !strings.HasSuffix(data, "\n") {
			t.Fatalf("kill %d: %s does not end with a newline", k, name)
		}
		lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
		if lines[0] != "time,status,note" {
			t.Fatalf("kill %d: %s: header %.40q", k, name, lines[0])
		}
		times := map[string]bool{}
		for i, l := range lines[1:] {
			if _, err := time.Parse(time.RFC3339, l[:min(20, len(l))]); err != nil || l[min(20, len(l)):] != ",up,"+killNote {
				t.Fatalf("kill %d: %s:%d is not a whole row: %.40q…%q (%d bytes)", k, name, i+2, l, l[max(0, len(l)-20):], len(l))
			}
			if times[l[:20]] {
				t.Fatalf("kill %d: %s:%d: time %s twice", k, name, i+2, l[:20])
			}
			times[l[:20]] = true
		}
		if want := next.Time.Format(time.RFC3339); lines[len(lines)-1][:20] != want {
			t.Fatalf("kill %d: the last row is at %s, not the next append's %s", k, lines[len(lines)-1][:20], want)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	sort.Strings(left)
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	t.Logf("%d of 30 kills cut a write short", cut)
}

// waitForGrowth waits until the file at p, once it exists, grows, and
// then for delay; it gives up after 5 s.
func waitForGrowth(p string, delay time.Duration) {
	size := int64(-1)
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); {
		if st, err := os.Stat(p); err == nil {
			if size >= 0 && st.Size() > size {
				break
			}
			size = st.Size()
		}
		time.Sleep(20 * time.Microsecond)
	}
	time.Sleep(delay)
}

// An append cut short by a kill (simulated: the journal says what it was
// writing, the file holds part of it) is undone by the next append, and
// read up to where it began meanwhile.
func TestAppendMetricsUndoesACutAppend(t *testing.T) {
	dir := writeSnapshotSite(t, map[string]string{})
	mdir := filepath.Join(dir, "content", "metrics", "api")
	path := filepath.Join(mdir, "2026-11.csv")
	whole := "time,status,latency_ms\n" + minute(0) + ",up,10\n" + minute(1) + ",up,10\n"
	cut := minute(2) + ",down,1" // of "…,down,1000\n" + minute(3) + ",down,1000\n"
	if err := os.WriteFile(path, []byte(whole+cut), 0o644); err != nil {
		t.Fatal(err)
	}
	journal := fmt.Sprintf("%d %d 2026-11.csv\n", len(whole), len(whole)+2*len(minute(2)+",down,1000\n"))
	if err := os.WriteFile(filepath.Join(mdir, ".statusgen-append"), []byte(journal), 0o644); err != nil {
		t.Fatal(err)
	}
	_, snap, ds := loadSnapshotSite(t, dir)
	if snap.Rows != 2 || len(ds) != 0 {
		t.Errorf("before the next append: rows %d, %q; want 2 rows and no diagnostic", snap.Rows, ds)
	}
	if _, err := metrics.AppendMetrics(dir, mdir, []string{"time", "status", "latency_ms"}, []metrics.MetricRow{{Time: time.Date(2026, 11, 23, 0, 4, 0, 0, time.UTC), Values: map[string]string{"status": "up", "latency_ms": "5"}}}, false); err != nil {
		t.Fatal(err)
	}
	if got, want := testsite.ReadFile(t, path), whole+minute(4)+",up,5\n"; got != want {
		t.Errorf("after the next append:\n%s\nwant:\n%s", got, want)
	}
	if _, err := os.Stat(filepath.Join(mdir, ".statusgen-append")); !os.IsNotExist(err) {
		t.Errorf("the journal is still there: %v", err)
	}
}
