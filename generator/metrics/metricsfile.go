package metrics

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// ProbeColumns is the header of the snapshot files `statusgen probe`
// writes.
var ProbeColumns = []string{"time", "status", "latency_ms", "code"}

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
// time zone says today). root is the site folder (the folder of
// site.toml), which dir lies in. columns is the header a new file gets;
// "time" must be its first column.
//
// A row whose time (to the second) is already in any CSV of dir is left
// out, so importing the same history twice adds nothing. A file that
// exists keeps its header: rows are written in its column order, and a
// file that lacks one of columns is refused with an error that says so.
//
// Nothing is read or written outside root: dir (or a folder on its way)
// that links out of root is refused, and so is a month file that is a
// symbolic link, wherever it leads, or not a regular file; the error
// names the path relative to root and nothing is written. A link to a
// folder inside root is followed; see sitefs.WritableSiteDir.
//
// Each file gets one write of whole lines with O_APPEND, then fsync; if the
// write fails or is short the file is truncated back to its old size, so a
// full disk never leaves half a row, and nothing written before is touched.
// A new file is written to a temporary name and renamed into place. With
// dryRun nothing is written and the result says what would be.
func AppendMetrics(root, dir string, columns []string, rows []MetricRow, dryRun bool) ([]MonthFile, error) {
	return AppendMetricsPrefixed(root, dir, "", columns, rows, dryRun)
}

// AppendMetricsPrefixed is AppendMetrics into files named
// <prefix><YYYY-MM>.csv: rows whose columns differ from those of the month
// files already in dir (good,total imported beside a probe's status rows)
// get files of their own.
func AppendMetricsPrefixed(root, dir, prefix string, columns []string, rows []MetricRow, dryRun bool) ([]MonthFile, error) {
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
				diag.RelPath(root, dir), r.Time.UTC().Format(time.RFC3339))
		}
		lo, hi = min(lo, t), max(hi, t)
	}
	// real is dir with every link resolved, inside root; "" in a dry run
	// when dir does not exist yet.
	real, err := sitefs.WritableSiteDir(root, dir, !dryRun)
	if err != nil {
		return nil, err
	}
	if !dryRun {
		// Reading the times already there, leaving out duplicates and
		// appending is one step: a second writer waits for the first.
		unlock, err := LockDir(real, true)
		if err != nil {
			return nil, err
		}
		defer unlock()
		if err := repairAppend(real); err != nil {
			return nil, err
		}
	}
	var seen map[int64]bool
	if real != "" {
		if seen, err = existingTimes(root, dir, real, lo, hi); err != nil {
			return nil, err
		}
	} else {
		seen = map[int64]bool{}
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
		name := prefix + m + ".csv"
		mf := MonthFile{Path: filepath.Join(dir, name)}
		ap := monthAppend{rel: diag.RelPath(root, mf.Path), dryRun: dryRun}
		if real != "" {
			ap.path = filepath.Join(real, name)
		}
		err := ap.run(&mf, columns, byMonth[m], seen)
		if err != nil {
			return out, err
		}
		out = append(out, mf)
	}
	return out, nil
}

// monthAppend appends to one month file.
type monthAppend struct {
	rel    string // the file, relative to root, for messages
	path   string // the file in the service folder's real path; "" if the folder does not exist (dry run)
	dryRun bool
}

func (ap *monthAppend) run(mf *MonthFile, columns []string, rs []MetricRow, seen map[int64]bool) error {
	var f *os.File
	var err error
	if ap.path != "" {
		f, err = openMonth(ap.path, !ap.dryRun)
	} else {
		err = fs.ErrNotExist
	}
	var size int64
	var endsNL bool
	switch {
	case errors.Is(err, fs.ErrNotExist):
		mf.Created, mf.Header = true, columns
	case err != nil:
		return sitefs.WriteRefusal(ap.rel, err)
	default:
		defer f.Close() // appendWhole closes it too; a second Close does nothing
		var header []string
		header, size, endsNL, err = readHeader(f, ap.rel)
		if err != nil {
			return err
		}
		mf.Header = header
		if missing := missingColumns(header, columns); len(missing) > 0 {
			return fmt.Errorf("%s: its header %s lacks %s; rename the file or add the column(s) to its header",
				ap.rel, quoteCell([]byte(strings.Join(header, ","))), strings.Join(missing, ", "))
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Time.Before(rs[j].Time) })
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if mf.Created {
		w.Write(columns)
		w.Flush()
		if buf.Len() > MaxLine {
			return fmt.Errorf("%s: the header would be %d bytes; a snapshot line holds at most %d", ap.rel, buf.Len(), MaxLine)
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
		if n := buf.Len() - start - 1; n > MaxLine {
			return fmt.Errorf("%s: the row at %s would be %d bytes; a snapshot line holds at most %d, so it was not written",
				ap.rel, r.Time.UTC().Format(time.RFC3339), n, MaxLine)
		}
		mf.Lines = append(mf.Lines, strings.TrimSuffix(string(buf.Bytes()[start:]), "\n"))
		mf.Added++
	}
	if mf.Added == 0 {
		mf.Lines = nil
		return nil
	}
	if ap.dryRun {
		return nil
	}
	if mf.Created {
		if err := createNew(ap.path, buf.Bytes()); err != nil {
			if os.IsExist(err) {
				return fmt.Errorf("%s: already exists; it was left as it was", ap.rel)
			}
			return fmt.Errorf("%s: cannot write: %v", ap.rel, err)
		}
		return nil
	}
	return appendWhole(f, ap.path, ap.rel, size, buf.Bytes())
}

// openMonth opens path, a month file in a service folder's real path, to
// read its header and, with write, to append to it. A symbolic link
// (wherever it leads) gives an error wrapping sitefs.ErrLink, anything but a
// regular file a *SiteFileError; a missing file fs.ErrNotExist.
func openMonth(path string, write bool) (*os.File, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return nil, sitefs.ErrLink
	}
	if !st.Mode().IsRegular() {
		return nil, &sitefs.SiteFileError{Err: sitefs.ErrNotRegular, Mode: st.Mode()}
	}
	return openChecked(path, st, write)
}

// openChecked opens path, which st (from Lstat) says is a regular file,
// without following a link, and checks it is still the file st describes.
func openChecked(path string, st fs.FileInfo, write bool) (*os.File, error) {
	flag := os.O_RDONLY
	if write {
		flag = os.O_RDWR | os.O_APPEND
	}
	f, err := os.OpenFile(path, flag|sitefs.ONoFollow, 0)
	if err != nil {
		return nil, err
	}
	if fst, err := f.Stat(); err != nil || !os.SameFile(st, fst) {
		f.Close()
		return nil, errors.New("changed while it was being opened; run again")
	}
	return f, nil
}

// appendJournal is the file, in a service's folder, where an append
// notes what it is about to do: "<old size> <new size> <file name>". It
// lives only while the append writes (under the folder's lock); one left
// behind means a run was killed mid-write, which can cut a write short
// (Linux stops a write to a file at a page boundary when the writer is
// killed). The next append undoes what that write left, and readers read
// the file only up to its old size meanwhile.
const appendJournal = ".statusgen-append"

// appendWhole writes b to the end of f (opened by openMonth to append,
// at path, named rel in messages) in one write and syncs it; on any
// failure it truncates the file back to size. The write is noted in the
// folder's journal first, so that a kill mid-write is undone by the next
// append. The journal is created anew (repairAppend removed any old one),
// never written through a link.
func appendWhole(f *os.File, path, rel string, size int64, b []byte) error {
	journal := filepath.Join(filepath.Dir(path), appendJournal)
	note := fmt.Appendf(nil, "%d %d %s\n", size, size+int64(len(b)), filepath.Base(path))
	j, err := os.OpenFile(journal, os.O_WRONLY|os.O_CREATE|os.O_EXCL|sitefs.ONoFollow, 0o644)
	if err == nil {
		_, err = j.Write(note)
		if cerr := j.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("%s: cannot append (%v); the file was left as it was", rel, err)
	}
	err = appendTo(f, rel, size, b)
	os.Remove(journal)
	return err
}

// readJournal returns what the journal in dir notes: the file, its size
// before the append and after it. ok is false when there is no journal or
// it cannot be read (a run killed before its note was written).
func readJournal(dir string) (name string, old, new int64, ok bool) {
	// A journal is one short line, never a link: anything else is no
	// journal of ours, and is not read.
	path := filepath.Join(dir, appendJournal)
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() {
		return "", 0, 0, false
	}
	jf, err := openChecked(path, st, false)
	if err != nil {
		return "", 0, 0, false
	}
	b, err := io.ReadAll(io.LimitReader(jf, 256))
	jf.Close()
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
			f, err := os.OpenFile(path, os.O_WRONLY|sitefs.ONoFollow, 0)
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
// never replaces a file, so nothing a user wrote is overwritten, and never
// writes through a link: a link at path, even one to nowhere, is a file
// that exists.
func CreateFile(path string, b []byte) error {
	err := createNew(path, b)
	if os.IsExist(err) {
		return fmt.Errorf("%s: already exists; it was left as it was", path)
	}
	if err != nil {
		return fmt.Errorf("%s: cannot write: %v", path, err)
	}
	return nil
}

// createNew is CreateFile with its errors as the system gives them.
func createNew(path string, b []byte) error {
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
	return err
}

// readHeader returns the lower-cased header of the CSV open in f (named
// rel in messages), its size and whether it ends with a newline. It reads
// from the start of f and leaves f's offset wherever.
func readHeader(f *os.File, rel string) (header []string, size int64, endsNL bool, err error) {
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
	rr := newCSVReader(io.NewSectionReader(f, 0, size))
	defer rr.release()
	if !rr.Next() {
		if err := rr.Err(); err != nil {
			return nil, 0, false, fmt.Errorf("%s: %v", rel, err)
		}
		return nil, size, endsNL, nil
	}
	if rr.Problem != "" {
		return nil, 0, false, fmt.Errorf("%s:%d: %s; fix the header before appending to the file", rel, rr.Start, rr.Problem)
	}
	for _, c := range rr.Cells {
		header = append(header, strings.ToLower(strings.TrimSpace(string(c))))
	}
	return header, size, endsNL, nil
}

func missingColumns(header, want []string) []string {
	var out []string
	for _, c := range want {
		if !slices.Contains(header, c) {
			out = append(out, c)
		}
	}
	return out
}

// existingTimes collects the sample times in [lo, hi] of every CSV in
// dir, whose real path is real, streaming, so memory stays bounded by the
// rows being imported. It reads records as ReadSnapshot does (a line too
// long is read past), and reads files only as OpenSiteFile allows: one
// that links out of root is refused.
func existingTimes(root, dir, real string, lo, hi int64) (map[int64]bool, error) {
	seen := map[int64]bool{}
	files, err := filepath.Glob(filepath.Join(real, "*.csv"))
	if err != nil {
		return nil, err
	}
	limits := appendLimits(real)
	for _, p := range files {
		rel := diag.RelPath(root, filepath.Join(dir, filepath.Base(p)))
		f, err := sitefs.OpenSiteFile(root, p)
		if err != nil {
			if st, lerr := os.Lstat(p); errors.Is(err, fs.ErrNotExist) && lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
				err = sitefs.ErrDangling
			}
			return nil, sitefs.WriteRefusal(rel, err)
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
			return nil, fmt.Errorf("%s: %v", rel, err)
		}
	}
	return seen, nil
}
