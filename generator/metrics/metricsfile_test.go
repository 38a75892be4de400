package metrics

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

func row(ts string, kv ...string) MetricRow {
	t, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		panic(err)
	}
	v := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		v[kv[i]] = kv[i+1]
	}
	return MetricRow{Time: t, Values: v}
}

func TestAppendMetricsMonthsHeaderAndDedupe(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "content", "metrics", "api")
	rows := []MetricRow{
		row("2026-11-01T00:05:00Z", "status", "up", "latency_ms", "12", "code", "200"),
		// 23:30 on 31 October in UTC is 1 November in Berlin: the month is UTC's.
		row("2026-10-31T23:30:00Z", "status", "down"),
		row("2026-11-01T00:00:00+01:00", "status", "degraded", "latency_ms", "900", "code", "200"),
	}
	files, err := AppendMetrics(root, dir, ProbeColumns, rows, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Added != 2 || files[1].Added != 1 || !files[0].Created {
		t.Fatalf("dry run plan: %+v", files)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("dry run created %s", dir)
	}
	if _, err := AppendMetrics(root, dir, ProbeColumns, rows, false); err != nil {
		t.Fatal(err)
	}
	// 2026-11-01T00:00:00+01:00 is 2026-10-31T23:00:00Z: it sorts first in October.
	wantOct := "time,status,latency_ms,code\n2026-10-31T23:00:00Z,degraded,900,200\n2026-10-31T23:30:00Z,down,,\n"
	if got := testsite.ReadFile(t, filepath.Join(dir, "2026-10.csv")); got != wantOct {
		t.Errorf("2026-10.csv:\n%s\nwant:\n%s", got, wantOct)
	}
	wantNov := "time,status,latency_ms,code\n2026-11-01T00:05:00Z,up,12,200\n"
	if got := testsite.ReadFile(t, filepath.Join(dir, "2026-11.csv")); got != wantNov {
		t.Errorf("2026-11.csv:\n%s\nwant:\n%s", got, wantNov)
	}
	// The same rows again, plus one new: only the new one is written.
	files, err = AppendMetrics(root, dir, ProbeColumns, append(rows, row("2026-11-01T00:10:00Z", "status", "up")), false)
	if err != nil {
		t.Fatal(err)
	}
	added, dups := 0, 0
	for _, f := range files {
		added += f.Added
		dups += f.Duplicates
	}
	if added != 1 || dups != 3 {
		t.Errorf("second run added %d, duplicates %d; want 1 and 3", added, dups)
	}
	if got := testsite.ReadFile(t, filepath.Join(dir, "2026-11.csv")); got != wantNov+"2026-11-01T00:10:00Z,up,,\n" {
		t.Errorf("2026-11.csv after second run:\n%s", got)
	}
}

func TestAppendMetricsKeepsTheFilesHeader(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "2026-11.csv")
	// A user's file: other column order, an extra column, unix times, and
	// a last line without a newline.
	os.WriteFile(p, []byte("Time,code,status,latency_ms,note\n1793491200,200,up,5,hand\n1793491500,200,up,6,"), 0o644)
	rows := []MetricRow{
		row("2026-11-01T00:00:00Z", "status", "down"), // = 1793491200, already there
		row("2026-11-01T00:10:00Z", "status", "up", "latency_ms", "7", "code", "200"),
	}
	files, err := AppendMetrics(dir, dir, ProbeColumns, rows, false)
	if err != nil {
		t.Fatal(err)
	}
	if files[0].Added != 1 || files[0].Duplicates != 1 {
		t.Errorf("added %d duplicates %d, want 1 and 1", files[0].Added, files[0].Duplicates)
	}
	want := "Time,code,status,latency_ms,note\n1793491200,200,up,5,hand\n1793491500,200,up,6,\n2026-11-01T00:10:00Z,200,up,7,\n"
	if got := testsite.ReadFile(t, p); got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}

	// A file that lacks a column is refused, and left as it was.
	q := filepath.Join(dir, "2026-12.csv")
	os.WriteFile(q, []byte("time,status\n"), 0o644)
	_, err = AppendMetrics(dir, dir, ProbeColumns, []MetricRow{row("2026-12-01T00:00:00Z", "status", "up")}, false)
	if err == nil || !strings.Contains(err.Error(), "lacks latency_ms, code") {
		t.Errorf("error %v, want one naming the missing columns", err)
	}
	if got := testsite.ReadFile(t, q); got != "time,status\n" {
		t.Errorf("refused file changed: %q", got)
	}
}

// fullDisk writes part of what it is given to a real file, then fails.
type fullDisk struct{ *os.File }

func (f fullDisk) Write(b []byte) (int, error) {
	n, _ := f.File.Write(b[:len(b)/2])
	return n, nil // a short write without an error, as write(2) may return
}

func TestAppendOnFullDiskLeavesNoHalfRow(t *testing.T) {
	p := filepath.Join(t.TempDir(), "2026-11.csv")
	before := "time,status\n2026-11-01T00:00:00Z,up\n"
	os.WriteFile(p, []byte(before), 0o644)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	err = appendTo(fullDisk{f}, p, int64(len(before)), []byte("2026-11-01T00:05:00Z,up\n2026-11-01T00:10:00Z,up\n"))
	if err == nil || !strings.Contains(err.Error(), "left as it was") {
		t.Errorf("error %v", err)
	}
	if got := testsite.ReadFile(t, p); got != before {
		t.Errorf("after a failed append the file is %q, want %q", got, before)
	}
}

func TestCreateFileNeverReplaces(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.md")
	if err := CreateFile(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := CreateFile(p, []byte("two")); err == nil {
		t.Error("second CreateFile succeeded")
	}
	if got := testsite.ReadFile(t, p); got != "one" {
		t.Errorf("file is %q, want %q", got, "one")
	}
	ents, _ := os.ReadDir(filepath.Dir(p))
	if len(ents) != 1 {
		t.Errorf("temporary files left: %d entries", len(ents))
	}
}
