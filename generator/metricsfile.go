package generator

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MetricRow is one snapshot row to append: its time and its cells by
// column name. A column the row does not name is written empty.
type MetricRow struct {
	Time   time.Time
	Values map[string]string
}

// MonthFile is what AppendMetrics did (or, in a dry run, would do) to one
// monthly snapshot file.
type MonthFile struct {
	Path       string   // the file, as dir/<YYYY-MM>.csv
	Created    bool     // the file did not exist
	Header     []string // the file's columns, in its order
	Lines      []string // the lines appended, header first when Created
	Added      int      // rows appended
	Duplicates int      // rows left out because a snapshot in dir already has their time
}

// AppendMetrics appends rows to the monthly snapshot files of one
// service's folder, dir/<YYYY-MM>.csv, the month being the row's month in
// UTC (the same instant always lands in the same file, whatever the site's
// time zone says today). columns is the header a new file gets; "time"
// must be its first column.
//
// A row whose time (to the second) is already in any CSV of dir is left
// out, so importing the same history twice adds nothing. A file that
// exists keeps its header: rows are written in its column order, and a
// file that lacks one of columns is refused with an error that says so.
//
// Each file gets one write of whole lines with O_APPEND, then fsync; if the
// write fails or is short the file is truncated back to its old size, so a
// full disk never leaves half a row, and nothing written before is touched.
// A new file is written to a temporary name and renamed into place. With
// dryRun nothing is written and the result says what would be.
func AppendMetrics(dir string, columns []string, rows []MetricRow, dryRun bool) ([]MonthFile, error) {
	return AppendMetricsPrefixed(dir, "", columns, rows, dryRun)
}

// AppendMetricsPrefixed is AppendMetrics into files named
// <prefix><YYYY-MM>.csv: rows whose columns differ from those of the month
// files already in dir (good,total imported beside a probe's status rows)
// get files of their own.
func AppendMetricsPrefixed(dir, prefix string, columns []string, rows []MetricRow, dryRun bool) ([]MonthFile, error) {
	if len(columns) == 0 || columns[0] != "time" {
		return nil, fmt.Errorf("columns must start with time, got %v", columns)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	lo, hi := rows[0].Time.Unix(), rows[0].Time.Unix()
	for _, r := range rows {
		t := r.Time.Unix()
		if t < minSampleTime || t >= maxSampleTime {
			return nil, fmt.Errorf("%s: a row's time %s is outside 1970–2199, which a snapshot cannot hold; nothing was written",
				dir, r.Time.UTC().Format(time.RFC3339))
		}
		lo, hi = min(lo, t), max(hi, t)
	}
	if !dryRun {
		// Reading the times already there, leaving out duplicates and
		// appending is one step: a second writer waits for the first.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		unlock, err := lockDir(dir, true)
		if err != nil {
			return nil, err
		}
		defer unlock()
		if err := repairAppend(dir); err != nil {
			return nil, err
		}
	}
	seen, err := existingTimes(dir, lo, hi)
	if err != nil {
		return nil, err
	}
	byMonth := map[string][]MetricRow{}
	for _, r := range rows {
		m := r.Time.UTC().Format("2006-01")
		byMonth[m] = append(byMonth[m], r)
	}
	months := make([]string, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	sort.Strings(months)
	var out []MonthFile
	for _, m := range months {
		mf := MonthFile{Path: filepath.Join(dir, prefix+m+".csv")}
		header, size, endsNL, err := readHeader(mf.Path)
		switch {
		case os.IsNotExist(err):
			mf.Created, mf.Header = true, columns
		case err != nil:
			return out, err
		default:
			mf.Header = header
			if missing := missingColumns(header, columns); len(missing) > 0 {
				return out, fmt.Errorf("%s: its header %s lacks %s; rename the file or add the column(s) to its header",
					mf.Path, quoteCell([]byte(strings.Join(header, ","))), strings.Join(missing, ", "))
			}
		}
		rs := byMonth[m]
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Time.Before(rs[j].Time) })
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if mf.Created {
			w.Write(columns)
			w.Flush()
			if buf.Len() > maxLine {
				return out, fmt.Errorf("%s: the header would be %d bytes; a snapshot line holds at most %d", mf.Path, buf.Len(), maxLine)
			}
			mf.Lines = append(mf.Lines, strings.TrimSuffix(buf.String(), "\n"))
		} else if !endsNL && size > 0 {
			buf.WriteByte('\n') // close a line left open by hand, so ours stay whole
		}
		cells := make([]string, len(mf.Header))
		for _, r := range rs {
			t := r.Time.Unix()
			if seen[t] {
				mf.Duplicates++
				continue
			}
			seen[t] = true
			for i, c := range mf.Header {
				if c == "time" {
					cells[i] = r.Time.UTC().Format(time.RFC3339)
				} else {
					cells[i] = r.Values[c]
				}
			}
			start := buf.Len()
			w.Write(cells)
			w.Flush()
			if n := buf.Len() - start - 1; n > maxLine {
				return out, fmt.Errorf("%s: the row at %s would be %d bytes; a snapshot line holds at most %d, so it was not written",
					mf.Path, r.Time.UTC().Format(time.RFC3339), n, maxLine)
			}
			mf.Lines = append(mf.Lines, strings.TrimSuffix(string(buf.Bytes()[start:]), "\n"))
			mf.Added++
		}
		if mf.Added == 0 {
			mf.Lines = nil
			out = append(out, mf)
			continue
		}
		if !dryRun {
			if mf.Created {
				err = CreateFile(mf.Path, buf.Bytes())
			} else {
				err = appendWhole(mf.Path, size, buf.Bytes())
			}
			if err != nil {
				return out, err
			}
		}
		out = append(out, mf)
	}
	return out, nil
}

// appendJournal is the file, in a service's folder, where an append
// notes what it is about to do: "<old size> <new size> <file name>". It
// lives only while the append writes (under the folder's lock); one left
// behind means a run was killed mid-write, which can cut a write short
// (Linux stops a write to a file at a page boundary when the writer is
// killed). The next append undoes what that write left, and readers read
// the file only up to its old size meanwhile.
const appendJournal = ".statusgen-append"

// appendWhole writes b to the end of path in one write and syncs it; on
// any failure it truncates the file back to size. The write is noted in
// the folder's journal first, so that a kill mid-write is undone by the
// next append.
func appendWhole(path string, size int64, b []byte) error {
	journal := filepath.Join(filepath.Dir(path), appendJournal)
	note := fmt.Appendf(nil, "%d %d %s\n", size, size+int64(len(b)), filepath.Base(path))
	if err := os.WriteFile(journal, note, 0o644); err != nil {
		return fmt.Errorf("%s: cannot append (%v); the file was left as it was", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err == nil {
		err = appendTo(f, path, size, b)
	}
	os.Remove(journal)
	return err
}

// readJournal returns what the journal in dir notes: the file, its size
// before the append and after it. ok is false when there is no journal or
// it cannot be read (a run killed before its note was written).
func readJournal(dir string) (name string, old, new int64, ok bool) {
	b, err := os.ReadFile(filepath.Join(dir, appendJournal))
	if err != nil {
		return "", 0, 0, false
	}
	line, found := strings.CutSuffix(string(b), "\n")
	f := strings.SplitN(line, " ", 3)
	if !found || len(f) != 3 || f[2] == "" || strings.ContainsAny(f[2], "/\\") {
		return "", 0, 0, false
	}
	old, err1 := strconv.ParseInt(f[0], 10, 64)
	new, err2 := strconv.ParseInt(f[1], 10, 64)
	if err1 != nil || err2 != nil || old < 0 || new < old {
		return "", 0, 0, false
	}
	return f[2], old, new, true
}

// appendLimits returns, for a reader of dir, the files an unfinished
// append is writing (or was writing when it was killed) and their sizes
// before it: read up to there, they hold only whole lines.
func appendLimits(dir string) map[string]int64 {
	name, old, _, ok := readJournal(dir)
	if !ok {
		return nil
	}
	return map[string]int64{name: old}
}

// repairAppend, called with dir locked, undoes what a killed run left:
// an append it cut short is truncated back to the file's size before it
// (one that finished is kept), and its temporary files are removed.
func repairAppend(dir string) error {
	if name, old, new, ok := readJournal(dir); ok {
		path := filepath.Join(dir, name)
		if st, err := os.Lstat(path); err == nil && st.Mode().IsRegular() && st.Size() > old && st.Size() < new {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err == nil {
				err = f.Truncate(old)
				if err == nil {
					err = f.Sync()
				}
				f.Close()
			}
			if err != nil {
				return fmt.Errorf("%s: cannot undo the rows an interrupted run half wrote: %v", path, err)
			}
		}
	}
	if err := os.Remove(filepath.Join(dir, appendJournal)); err != nil && !os.IsNotExist(err) {
		return err
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, ".*.csv.tmp*"))
	for _, p := range tmps {
		os.Remove(p)
	}
	return nil
}

// appendFile is the part of *os.File appendTo uses (tests fake a full disk).
type appendFile interface {
	io.WriteCloser
	Truncate(size int64) error
	Sync() error
}

func appendTo(f appendFile, path string, size int64, b []byte) error {
	n, err := f.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		f.Truncate(size)
		f.Sync()
		f.Close()
		return fmt.Errorf("%s: cannot append (%v); the file was left as it was", path, err)
	}
	return f.Close()
}

// CreateFile writes a new file whole: through a synced temporary file in
// the same folder, linked into place only if path does not exist yet. It
// never replaces a file, so nothing a user wrote is overwritten.
func CreateFile(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Link(tmp.Name(), path)
	}
	if os.IsExist(err) {
		return fmt.Errorf("%s: already exists; it was left as it was", path)
	}
	if err != nil {
		return fmt.Errorf("%s: cannot write: %v", path, err)
	}
	return nil
}

// readHeader returns a CSV's lower-cased header, its size and whether it
// ends with a newline.
func readHeader(path string) (header []string, size int64, endsNL bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, false, err
	}
	size = st.Size()
	if size > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, size-1); err != nil {
			return nil, 0, false, err
		}
		endsNL = last[0] == '\n'
	}
	rr := newCSVReader(f)
	defer rr.release()
	if !rr.Next() {
		return nil, size, endsNL, rr.Err()
	}
	if rr.Problem != "" {
		return nil, 0, false, fmt.Errorf("%s:%d: %s; fix the header before appending to the file", path, rr.Start, rr.Problem)
	}
	for _, c := range rr.Cells {
		header = append(header, strings.ToLower(strings.TrimSpace(string(c))))
	}
	return header, size, endsNL, nil
}

func missingColumns(header, want []string) []string {
	var out []string
	for _, c := range want {
		if !contains(header, c) {
			out = append(out, c)
		}
	}
	return out
}

// existingTimes collects the sample times in [lo, hi] of every CSV in dir,
// streaming, so memory stays bounded by the rows being imported. It reads
// records as ReadSnapshot does (a line too long is read past).
func existingTimes(dir string, lo, hi int64) (map[int64]bool, error) {
	seen := map[int64]bool{}
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		return nil, err
	}
	limits := appendLimits(dir)
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		var r io.Reader = f
		if n, ok := limits[filepath.Base(p)]; ok {
			r = io.LimitReader(f, n)
		}
		rr := newCSVReader(r)
		col := -1
		var tp timeParser
		for first := true; rr.Next(); first = false {
			if first {
				rr.Want = len(rr.Cells)
				for i, c := range rr.Cells {
					if strings.EqualFold(strings.TrimSpace(string(c)), "time") {
						col = i
					}
				}
				if col < 0 {
					break
				}
				continue
			}
			if rr.Problem != "" || col >= len(rr.Cells) {
				continue
			}
			if t, ok := sampleTime(&tp, rr.Cells[col]); ok && t >= lo && t <= hi {
				seen[t] = true
			}
		}
		err = rr.Err()
		rr.release()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p, err)
		}
	}
	return seen, nil
}
