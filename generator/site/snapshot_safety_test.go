package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/metrics"
)

// snapshotSiteTOML is a site with one service, "api": a status SLO and a
// latency threshold SLO, one sample a minute.
const snapshotSiteTOML = `title = "Snapshots"
[[service]]
id = "api"
interval = "1m"
  [[service.slo]]
  id = "availability"
  objective = 99.9
  window = "28d"
  [[service.slo]]
  id = "latency"
  indicator = "threshold"
  column = "latency_ms"
  op = "<="
  threshold = 300
  objective = 99
  window = "28d"
`

// writeSnapshotSite writes snapshotSiteTOML and the given files of
// content/metrics/api/ into a temporary folder and returns the folder.
func writeSnapshotSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	mdir := filepath.Join(dir, "content", "metrics", "api")
	if err := os.MkdirAll(mdir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(snapshotSiteTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(mdir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadSnapshotSite loads the site in dir at fixedNow and returns it with
// the snapshot of "api" and the diagnostics as lines.
func loadSnapshotSite(t *testing.T, dir string) (*Site, *metrics.Snapshot, []string) {
	t.Helper()
	st, ds := Load(filepath.Join(dir, "site.toml"), fixedNow)
	if st == nil || len(st.Services) != 1 {
		t.Fatalf("load: %v", ds)
	}
	var lines []string
	for _, d := range ds {
		lines = append(lines, d.Error())
	}
	return st, st.Services[0].Snapshot, lines
}

// minute returns the RFC 3339 time of minute i of 2026-11-23 (before fixedNow).
func minute(i int) string {
	return time.Date(2026, 11, 23, 0, i, 0, 0, time.UTC).Format(time.RFC3339)
}

// One line of 2 MiB in the middle of a file: the rows after it are read,
// the line is reported as too long and counted as skipped, and appending
// to the file still works (it used to drop the rest of the file silently
// and make every later probe fail with "token too long").
func TestSnapshotLineTooLong(t *testing.T) {
	var b strings.Builder
	b.WriteString("time,status,latency_ms\n")
	fmt.Fprintf(&b, "%s,up,10\n%s,up,10\n", minute(0), minute(1))
	b.WriteString(strings.Repeat("x", 2<<20) + "\n") // line 4
	for i := 2; i < 10; i++ {
		fmt.Fprintf(&b, "%s,down,10\n", minute(i))
	}
	dir := writeSnapshotSite(t, map[string]string{"2026-11.csv": b.String()})
	st, snap, ds := loadSnapshotSite(t, dir)
	want := fmt.Sprintf("content/metrics/api/2026-11.csv:4: line too long (%d bytes)", 2<<20)
	if len(ds) != 1 || !strings.HasPrefix(ds[0], want) {
		t.Errorf("diagnostics %q, want one starting %q", ds, want)
	}
	if snap.Rows != 10 || snap.Skipped != 1 || st.SkippedRows != 1 {
		t.Errorf("rows %d, skipped %d (site %d); want 10, 1", snap.Rows, snap.Skipped, st.SkippedRows)
	}
	if st.Services[0].Status == StatusOperational {
		t.Errorf("status %s after 8 down rows", st.Services[0].Status)
	}

	// A probe appends to the same file, and the row is read back.
	mdir := filepath.Join(dir, "content", "metrics", "api")
	cols := []string{"time", "status", "latency_ms"}
	files, err := metrics.AppendMetrics(dir, mdir, cols, []metrics.MetricRow{{Time: time.Date(2026, 11, 23, 0, 20, 0, 0, time.UTC), Values: map[string]string{"status": "up", "latency_ms": "5"}}}, false)
	if err != nil || len(files) != 1 || files[0].Added != 1 {
		t.Fatalf("append: %v %+v", err, files)
	}
	// The same time again is a duplicate: the times after the long line
	// are seen.
	files, err = metrics.AppendMetrics(dir, mdir, cols, []metrics.MetricRow{{Time: time.Date(2026, 11, 23, 0, 9, 0, 0, time.UTC), Values: map[string]string{"status": "up"}}}, false)
	if err != nil || len(files) != 1 || files[0].Duplicates != 1 {
		t.Fatalf("append a time already there: %v %+v", err, files)
	}
	_, snap, _ = loadSnapshotSite(t, dir)
	if snap.Rows != 11 || snap.Skipped != 1 {
		t.Errorf("after the append: rows %d, skipped %d; want 11, 1", snap.Rows, snap.Skipped)
	}
}

// The longest line read is maxLine bytes; one byte more is too long.
func TestSnapshotLineLimit(t *testing.T) {
	pad := func(prefix string, n int) string { return prefix + strings.Repeat("n", n-len(prefix)) }
	csv := "time,status,note\n" +
		pad(minute(0)+",up,", metrics.MaxLine) + "\n" +
		pad(minute(1)+",up,", metrics.MaxLine+1) + "\n" +
		minute(2) + ",up,\n"
	_, snap, ds := loadSnapshotSite(t, writeSnapshotSite(t, map[string]string{"a.csv": csv}))
	if snap.Rows != 2 || snap.Skipped != 1 || len(ds) != 1 ||
		!strings.HasPrefix(ds[0], fmt.Sprintf("content/metrics/api/a.csv:3: line too long (%d bytes)", metrics.MaxLine+1)) {
		t.Errorf("rows %d, skipped %d, %q", snap.Rows, snap.Skipped, ds)
	}
}

// A quoted cell may hold a line break (RFC 4180): the row is read whole,
// and the line numbers of later rows stay right.
func TestSnapshotQuotedLineBreak(t *testing.T) {
	csv := "time,status,latency_ms,note\n" + // 1
		minute(0) + ",up,10,\"deploy 1.2,\nrolled back \"\"fast\"\"\"\n" + // 2–3
		minute(1) + ",up,10,plain\n" + // 4
		minute(2) + ",up,10,\"two\r\nbreaks\r\nhere\"\r\n" + // 5–7
		minute(3) + ",upp,10,\n" + // 8: bad status
		minute(4) + ",bad,10,\"a\nb\"\n" + // 9–10: bad status, over two lines
		minute(5) + ",up,zz,\n" // 11: not a number
	_, snap, ds := loadSnapshotSite(t, writeSnapshotSite(t, map[string]string{"a.csv": csv}))
	want := []string{
		`content/metrics/api/a.csv:8:2: status "upp": use up, degraded, down or maintenance`,
		`content/metrics/api/a.csv:9:2: status "bad": use up, degraded, down or maintenance (the row runs over lines 9–10: a quoted cell holds a line break)`,
		`content/metrics/api/a.csv:11:3: latency_ms "zz" is not a number`,
	}
	if strings.Join(ds, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(ds, "\n"), strings.Join(want, "\n"))
	}
	if snap.Rows != 3 || snap.Skipped != 3 {
		t.Errorf("rows %d, skipped %d; want 3, 3", snap.Rows, snap.Skipped)
	}
}

// A stray quote never hides the rows after it: the line is reported and
// the lines after it are read as rows.
func TestSnapshotStrayQuote(t *testing.T) {
	var a strings.Builder
	a.WriteString("time,status,latency_ms\n")
	fmt.Fprintf(&a, "%s,up,\"10\n", minute(0)) // line 2: never closed
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&a, "%s,up,10\n", minute(i))
	}
	var b strings.Builder
	b.WriteString("time,status,latency_ms\n")
	fmt.Fprintf(&b, "%s,up,\"1\"0\n", minute(6))    // 2: text after the closing quote
	fmt.Fprintf(&b, "%s,up,\"10\n1\"\n", minute(7)) // 3–4: closes, but in the latency cell
	fmt.Fprintf(&b, "%s,\"up\n", minute(8))         // 5: closes on line 6, making 2 cells
	fmt.Fprintf(&b, "%s,up,10\"\n", minute(9))      // 6
	fmt.Fprintf(&b, "%s,up,10\n", minute(10))       // 7
	fmt.Fprintf(&b, "%s,up,\"1\n", minute(11))      // 8: closes on line 10 with text after the quote
	fmt.Fprintf(&b, "%s,up,10\n", minute(12))       // 9
	fmt.Fprintf(&b, "%s,up,\"1\"0\n", minute(13))   // 10
	fmt.Fprintf(&b, "%s,up,10\n", minute(14))       // 11
	_, snap, ds := loadSnapshotSite(t, writeSnapshotSite(t, map[string]string{"a.csv": a.String(), "b.csv": b.String()}))
	wantPrefix := []string{
		"content/metrics/api/a.csv:2:3: a quoted cell opened on this line is not closed before the end of the file",
		"content/metrics/api/b.csv:2:3: text after the closing quote",
		"content/metrics/api/b.csv:3:3: latency_ms \"10\\n1\" is not a number (the row runs over lines 3–4",
		"content/metrics/api/b.csv:5:2: a quoted cell on this line runs to line 6, and the row it makes has 2 cells, not the header's 3",
		"content/metrics/api/b.csv:6:3: a quote inside an unquoted cell",
		"content/metrics/api/b.csv:8:3: text after the closing quote of a quoted cell; put the whole cell in quotes and write a quote inside it twice (\"\") (in the row that a quoted cell makes of lines 8–10)",
		"content/metrics/api/b.csv:10:3: text after the closing quote",
	}
	ok := len(ds) == len(wantPrefix)
	for i := 0; ok && i < len(ds); i++ {
		ok = strings.HasPrefix(ds[i], wantPrefix[i])
	}
	if !ok {
		t.Errorf("diagnostics:\n%s\nwant prefixes:\n%s", strings.Join(ds, "\n"), strings.Join(wantPrefix, "\n"))
	}
	if snap.Rows != 8 || snap.Skipped != 7 {
		t.Errorf("rows %d, skipped %d; want 8, 7", snap.Rows, snap.Skipped)
	}
}

// A file rejected for its header counts its rows as skipped.
func TestSnapshotRejectedHeaderCountsSkipped(t *testing.T) {
	dir := writeSnapshotSite(t, map[string]string{
		"a.csv": "timestamp,status\n" + minute(0) + ",down\n\n" + minute(1) + ",down\n" + minute(2) + ",down\n",
		"b.csv": "time,status\n" + minute(3) + ",up\n",
	})
	st, snap, ds := loadSnapshotSite(t, dir)
	want := `content/metrics/api/a.csv:1: no "time" column in the header (found "timestamp,status"); ` +
		`the first line must name the columns, e.g. time,status,latency_ms; the file has no usable header, so its 3 rows are skipped`
	if len(ds) != 1 || ds[0] != want {
		t.Errorf("diagnostics %q\nwant %q", ds, want)
	}
	if snap.Rows != 1 || snap.Skipped != 3 || st.SkippedRows != 3 {
		t.Errorf("rows %d, skipped %d (site %d); want 1, 3", snap.Rows, snap.Skipped, st.SkippedRows)
	}
}

// Messages never carry a file's control bytes raw: they are escaped.
func TestSnapshotMessagesEscapeControlBytes(t *testing.T) {
	dir := writeSnapshotSite(t, map[string]string{
		"a.csv": "\x1b[2J\x1b]0;pwned\x07,status\n" + minute(0) + ",up\n",
		"b.csv": "time,status,latency_ms\n" +
			minute(1) + "\x1b[31m,up,1\n" +
			minute(2) + ",\x1b[31mup,1\n" +
			minute(3) + ",up,\x1b[31m1\n" +
			minute(4) + ",up,\"1\x00\"\n",
	})
	_, _, ds := loadSnapshotSite(t, dir)
	if len(ds) != 5 {
		t.Fatalf("diagnostics %q", ds)
	}
	if !strings.Contains(ds[0], `(found "\x1b[2J\x1b]0;pwned\a,status")`) {
		t.Errorf("header not escaped: %q", ds[0])
	}
	for _, d := range ds {
		for _, c := range []byte(d) {
			if c < 0x20 || c == 0x7f {
				t.Errorf("raw control byte %#x in %q", c, d)
				break
			}
		}
	}
}

// Times before 1970 or from 2200 on are bad rows, reported with their
// line.
func TestSnapshotTimeRange(t *testing.T) {
	csv := "time,status\n" +
		"1969-12-31T23:59:59Z,down\n" + // 2
		"1970-01-01T00:00:00Z,up\n" +
		"2200-01-01T00:00:00Z,down\n" + // 4
		"99999999999,down\n" + // 5: year 5138
		"1e300,down\n" + // 6
		minute(0) + ",up\n"
	_, snap, ds := loadSnapshotSite(t, writeSnapshotSite(t, map[string]string{"a.csv": csv}))
	want := []string{
		`content/metrics/api/a.csv:2:1: time "1969-12-31T23:59:59Z" is before 1970; a snapshot time must lie in 1970–2199`,
		`content/metrics/api/a.csv:4:1: time "2200-01-01T00:00:00Z" is after 2199; a snapshot time must lie in 1970–2199`,
		`content/metrics/api/a.csv:5:1: time "99999999999" is after 2199; a snapshot time must lie in 1970–2199`,
		`content/metrics/api/a.csv:6:1: time "1e300" is after 2199; a snapshot time must lie in 1970–2199`,
	}
	if strings.Join(ds, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(ds, "\n"), strings.Join(want, "\n"))
	}
	if snap.Rows != 2 || snap.Skipped != 4 {
		t.Errorf("rows %d, skipped %d; want 2, 4", snap.Rows, snap.Skipped)
	}
}
