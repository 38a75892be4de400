package generator

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
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

// appendWhole writes b to the end of path in one write and syncs it; on
// any failure it truncates the file back to size.
func appendWhole(path string, size int64, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	return appendTo(f, path, size, b)
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
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		rr := newCSVReader(f)
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
