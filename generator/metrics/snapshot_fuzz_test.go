package metrics

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/slo"
	"github.com/statusgen/statusgen/generator/testsite"
)

// realDataFile reads a file of ../shared/realdata beside the repository
// (CI provides it); a missing folder fails the test.
func realDataFile(f *testing.F, name string) []byte {
	f.Helper()
	b, err := os.ReadFile(filepath.Join(filepath.Dir(testsite.RepoRoot(f)), "shared", "realdata", filepath.FromSlash(name)))
	if err != nil {
		f.Fatalf("the real-data file is missing (%v); CI provides ../shared/realdata beside the repository", err)
	}
	return b
}

// upptimeRows returns the real Upptime status history as snapshot rows:
// its header renamed to statusgen's columns (timestamp → time,
// response_time_ms → latency_ms), in pieces of n rows, with the file's
// own line ends (CRLF).
func upptimeRows(f *testing.F, n int) []string {
	data := realDataFile(f, "upptime/seklfreak-upptime-status-history.csv")
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) < 100 || strings.TrimSuffix(lines[0], "\r") != "timestamp,site,status,code,response_time_ms" {
		f.Fatalf("unexpected real data: %d lines, header %q", len(lines), lines[0])
	}
	var out []string
	for i := 1; i < len(lines); i += n {
		out = append(out, "time,site,status,code,latency_ms\r\n"+strings.Join(lines[i:min(i+n, len(lines))], "\n")+"\n")
	}
	return out
}

// fuzzSiteTOML has one service of every SLO kind the reader feeds, and no
// interval, so the reader infers it (a second pass over the file).
const fuzzSiteTOML = `title = "Fuzz"
[[service]]
id = "api"
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
  [[service.slo]]
  id = "latency-events"
  indicator = "threshold"
  column = "code"
  op = "<"
  threshold = 500
  objective = 99
  window = "7d"
  budgeting = "events"
  [[service.slo]]
  id = "jobs"
  indicator = "ratio"
  objective = 99
  window = "7d"
`

var fuzzNow = time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)

// fuzzSite writes fuzzSiteTOML into a new folder and loads it.
func fuzzSite(f *testing.F) (*config.Config, *slo.Timeline) {
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(fuzzSiteTOML), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "content", "metrics", "api"), 0o755); err != nil {
		f.Fatal(err)
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		f.Fatal(ds)
	}
	// Cut as a site cuts it: at now, at the windows' starts, at the
	// days of the history and at the months of the last year.
	cuts := []int64{fuzzNow.Unix(), fuzzNow.AddDate(0, 0, -7).Unix(), fuzzNow.AddDate(0, 0, -28).Unix()}
	for d := 1; d <= cfg.HistoryDays+1; d++ {
		cuts = append(cuts, fuzzNow.AddDate(0, 0, -d).Unix())
	}
	for m := 0; m < 12; m++ {
		cuts = append(cuts, slo.MonthStart(fuzzNow).AddDate(0, -m, 0).Unix())
	}
	return cfg, slo.NewTimeline(cuts)
}

var snapshotSeeds = []string{
	"",
	"time,status\n2021-01-01T00:00:00Z,up\n2021-01-01T00:01:00Z,down\n",
	"\ufefftime,Status,latency_ms\r\n1609459200,UP,12\r\n1609459260,degraded,1.5\r\n",
	"time,status,latency_ms,note\n2021-01-01T00:00:00Z,up,3,\"a,\nb \"\"c\"\"\"\n2021-01-01T00:01:00Z,up,4,x\n",
	"time,status\n2021-01-01T00:00:00Z,\"up\n2021-01-01T00:01:00Z,up\n",
	"time,good,total,code\n2021-01-01T00:00:00+02:00,5,10,200\n2020-12-31T00:00:00Z,11,10,503\n2021-01-01T00:00:00Z,,,\n",
	"time\n1969-12-31T23:59:59Z\n2200-01-01T00:00:00Z\n1e300\n-5\n",
	"timestamp,status\n2021-01-01T00:00:00Z,up\n",
	"\x1b[2J,\x07\n\x00,\xff\n",
	"time,status\n" + strings.Repeat("z", MaxLine+1) + "\n2021-01-01T00:00:00Z,up\n",
	"time,status\n2021-01-01T00:00:00Z,up,\"",
	"\"time\nx\",status\n\"\"\n",
}

// FuzzReadSnapshot reads arbitrary bytes as a service's only snapshot
// file. Whatever the bytes: no panic; every diagnostic names the file and
// a line within it, and holds no control byte and no more than a few
// hundred bytes; every skipped row has its error (a file rejected for its
// header has one for all); rows read plus rows skipped never exceed the
// lines.
func FuzzReadSnapshot(f *testing.F) {
	for _, s := range snapshotSeeds {
		f.Add([]byte(s))
	}
	f.Add(realDataFile(f, "upptime/seklfreak-upptime-status-history.csv")) // rejected: no time column
	for _, s := range upptimeRows(f, 400) {
		f.Add([]byte(s))
	}
	cfg, tl := fuzzSite(f)
	svc := cfg.Services[0]
	path := filepath.Join(cfg.Dir, "content", "metrics", "api", "a.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var ds diag.Diagnostics
		snap := ReadSnapshot(cfg, svc, tl, fuzzNow, &ds)
		lines := bytes.Count(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] != '\n' {
			lines++
		}
		errs, headerErr := 0, false
		for _, d := range ds {
			if d.Path != "content/metrics/api/a.csv" || d.Line < 1 || d.Line > lines || d.Column < 0 {
				t.Errorf("diagnostic outside the file's %d lines: %s", lines, d.Error())
			}
			if len(d.Message) > 600 {
				t.Errorf("diagnostic of %d bytes: %.200q", len(d.Message), d.Message)
			}
			if i := bytes.IndexFunc([]byte(d.Message), func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
				t.Errorf("raw control byte in %q", d.Message)
			}
			if !d.Warning {
				errs++
				headerErr = headerErr || strings.Contains(d.Message, "no usable header")
			}
		}
		switch {
		case headerErr && (errs != 1 || snap.Rows != 0):
			t.Errorf("a rejected file: %d errors, %d rows read", errs, snap.Rows)
		case !headerErr && errs != snap.Skipped:
			t.Errorf("%d rows skipped, %d errors: %v", snap.Skipped, errs, ds)
		}
		if snap.Rows+snap.Skipped > lines {
			t.Errorf("%d rows read and %d skipped of %d lines", snap.Rows, snap.Skipped, lines)
		}
	})
}

// FuzzCSVReader compares the reader with encoding/csv, which implements
// RFC 4180: on every input encoding/csv reads without error (and that has
// no line longer than maxLine, no blank record and no byte-order mark,
// which the snapshot reader treats its own way), both give the same
// records with the same first lines. On any input, no panic, and every
// record's lines lie within the input.
func FuzzCSVReader(f *testing.F) {
	for _, s := range snapshotSeeds {
		f.Add([]byte(s))
	}
	for _, s := range upptimeRows(f, 700) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		rr := newCSVReader(bytes.NewReader(data))
		defer rr.release()
		type record struct {
			line  int
			cells []string
		}
		var got []record
		clean := true
		for first := true; rr.Next(); first = false {
			if rr.Start < 1 || rr.End < rr.Start || rr.End > lines {
				t.Fatalf("record over lines %d–%d of %d", rr.Start, rr.End, lines)
			}
			if rr.Problem != "" {
				clean = false
				continue
			}
			if first {
				rr.Want = len(rr.Cells)
			}
			var cells []string
			for _, c := range rr.Cells {
				cells = append(cells, string(c))
			}
			got = append(got, record{rr.Start, cells})
		}
		if !clean || bytes.HasPrefix(data, []byte("\ufeff")) {
			return
		}
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(l) > MaxLine-1 || (len(bytes.Trim(l, " \t\r")) == 0 && len(l) > 0) {
				return
			}
		}
		cr := csv.NewReader(bytes.NewReader(data))
		var want []record
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return // not RFC 4180 (or not the same record length throughout)
			}
			line, _ := cr.FieldPos(0)
			want = append(want, record{line, rec})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("records differ:\n got %v\nwant %v", got, want)
		}
	})
}

// appendRows decodes fuzz bytes into rows: per row, 3 bytes of minutes
// after 2000-01-01, a status byte and a note of up to 255 bytes.
func appendRows(data []byte) []MetricRow {
	statuses := []string{"up", "down", "degraded", "maintenance", ""}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	var rows []MetricRow
	for len(data) >= 5 && len(rows) < 64 {
		m := int(data[0])<<16 | int(data[1])<<8 | int(data[2])
		st := statuses[int(data[3])%len(statuses)]
		n := min(int(data[4]), len(data)-5)
		note := string(data[5 : 5+n])
		data = data[5+n:]
		rows = append(rows, MetricRow{Time: start.Add(time.Duration(m) * time.Minute),
			Values: map[string]string{"status": st, "note": note}})
	}
	return rows
}

// FuzzAppendMetrics appends arbitrary rows (notes with commas, quotes,
// line breaks, any byte) and reads them back: every row of a distinct
// time is written once and reads back, with its status and note, without
// a diagnostic; appending the same rows again adds nothing.
func FuzzAppendMetrics(f *testing.F) {
	f.Add([]byte("\x00\x00\x01\x00\x05hello\x00\x00\x02\x01\x06a,\"b\"\n"))
	f.Add([]byte("\x00\x10\x00\x02\x03\r\n\r\x00\x10\x00\x03\x00\x01\x00\x00\x04\x01\""))
	for _, s := range upptimeRows(f, 60)[:4] {
		var b []byte
		for i, l := range strings.Split(s, "\n")[1:] {
			b = append(b, 0, byte(i>>8), byte(i), byte(i%5), byte(min(len(l), 255)))
			b = append(b, l[:min(len(l), 255)]...)
		}
		f.Add(b)
	}
	base := memTempDir(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows := appendRows(data)
		if len(rows) == 0 {
			return
		}
		dir, err := os.MkdirTemp(base, "")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		cols := []string{"time", "status", "note"}
		files, err := AppendMetrics(dir, dir, cols, rows, false)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]MetricRow{}
		for _, r := range rows {
			if _, ok := want[r.Time.Unix()]; !ok {
				want[r.Time.Unix()] = r
			}
		}
		added := 0
		for _, mf := range files {
			added += mf.Added
		}
		if added != len(want) {
			t.Fatalf("%d rows added, %d distinct times", added, len(want))
		}
		again, err := AppendMetrics(dir, dir, cols, rows, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range again {
			if mf.Added != 0 || mf.Created {
				t.Fatalf("the same rows again added %d to %s", mf.Added, mf.Path)
			}
		}
		paths, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
		read := 0
		for _, p := range paths {
			fh, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			rr := newCSVReader(fh)
			var tp timeParser
			for first := true; rr.Next(); first = false {
				if rr.Problem != "" {
					t.Fatalf("%s:%d: %s", p, rr.Start, rr.Problem)
				}
				if first {
					rr.Want = len(rr.Cells)
					continue
				}
				ts, ok := sampleTime(&tp, rr.Cells[0])
				r, found := want[ts]
				if !ok || !found || len(rr.Cells) != 3 {
					t.Fatalf("%s:%d: a row that was not written: %q", p, rr.Start, rr.Cells)
				}
				note := strings.ReplaceAll(r.Values["note"], "\r\n", "\n")
				if string(rr.Cells[1]) != r.Values["status"] || string(rr.Cells[2]) != note {
					t.Fatalf("%s:%d: read back %q, wrote %q %q", p, rr.Start, rr.Cells[1:], r.Values["status"], note)
				}
				delete(want, ts)
				read++
			}
			rr.release()
			fh.Close()
		}
		if len(want) > 0 {
			t.Fatalf("%d rows written but not read back (%d read)", len(want), read)
		}
	})
}

// memTempDir returns a temporary folder in memory (/dev/shm) when there is
// one, where fsync costs nothing, else on disk; it is removed at the end.
func memTempDir(f *testing.F) string {
	if dir, err := os.MkdirTemp("/dev/shm", "statusgen-fuzz-"); err == nil {
		f.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return f.TempDir()
}
