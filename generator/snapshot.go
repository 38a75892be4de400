package generator

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/slo"
)

// Snapshot is one service's metric history, folded as it was read into
// per-segment totals of a timeline: memory grows with the timeline's
// segments, not with the rows.
type Snapshot struct {
	Service  *Service
	Files    []string // relative paths, in reading order
	Interval int64    // seconds one sample stands for

	Rows    int // rows read and used
	Skipped int // rows that could not be read (reported as diagnostics)

	// Status is the availability from the status column (nil when the
	// service has none): down bad, degraded weighted, maintenance excluded.
	Status *slo.TimeSeries
	// Series holds one accumulator per SLO, in the order of Service.SLOs:
	// a *slo.TimeSeries or a *slo.EventSeries (nil for incident SLOs).
	Series []any

	// LastStatus is the newest status sample before now.
	LastStatus     slo.Status
	LastStatusTime time.Time
	// FirstTime and LastTime bound the rows read (zero when none).
	FirstTime, LastTime time.Time

	// Latest is, per SLO, the newest row's outcome (for services without a
	// status column, the current status comes from it).
	Latest []Latest

	statusRows int
}

// Latest is the outcome of an SLO's newest row: good of total (1 of 1 for
// a threshold met, 0 of 1 for one missed).
type Latest struct {
	Time        time.Time
	Good, Total float64
}

// columns locates the columns a service needs in one file's header.
type columns struct {
	n                         int
	time, status, latency     int
	good, total, lag, rows    int
	sloCol, sloGood, sloTotal []int
	numeric                   []int // every column that must hold a number
	names                     []string
}

func (c *columns) index(name string) int {
	for i, n := range c.names {
		if n == name {
			return i
		}
	}
	return -1
}

// ReadSnapshot reads every CSV of content/metrics/<service-id>/, in time
// order, folding rows into accumulators over tl. Bad rows are reported as
// path:line:column diagnostics and skipped. now bounds the data: rows at or
// after now are ignored.
func ReadSnapshot(cfg *Config, svc *Service, tl *slo.Timeline, now time.Time, ds *Diagnostics) *Snapshot {
	dir := filepath.Join(cfg.Dir, "content", "metrics", svc.ID)
	entries, _ := os.ReadDir(dir)
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)

	interval := int64(svc.IntervalDur / time.Second)
	if interval <= 0 {
		interval = medianGap(files, now.Unix())
	}
	snap := newSnapshot(cfg, svc, tl, interval)
	for _, f := range files {
		snap.Files = append(snap.Files, relPath(cfg.Dir, f))
	}
	var local Diagnostics
	if !snap.stream(cfg, files, now.Unix(), &local, nil) {
		// Rows came out of time order (files overlap, or a file is not
		// sorted): read again, sort, and fold in order. Only such a service
		// is held in memory.
		snap = newSnapshot(cfg, svc, tl, interval)
		snap.Files = relFiles(cfg.Dir, files)
		local = nil
		var rows []bufferedRow
		snap.stream(cfg, files, now.Unix(), &local, &rows)
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].t < rows[j].t })
		for _, r := range rows {
			snap.fold(cfg, r.t, r.cells, r.cols)
		}
	}
	snap.finish(now.Unix())
	*ds = append(*ds, local...)
	return snap
}

func relFiles(dir string, files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = relPath(dir, f)
	}
	return out
}

func relPath(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

type bufferedRow struct {
	t     int64
	cells []string
	cols  *columns
}

func newSnapshot(cfg *Config, svc *Service, tl *slo.Timeline, interval int64) *Snapshot {
	s := &Snapshot{Service: svc, Interval: interval, Series: make([]any, len(svc.SLOs)), Latest: make([]Latest, len(svc.SLOs)),
		Status: slo.NewTimeSeries(tl, interval)}
	for i, o := range svc.SLOs {
		switch {
		case o.Indicator == IndicatorIncidents:
		case o.TimeBased():
			s.Series[i] = slo.NewTimeSeries(tl, interval)
		default:
			s.Series[i] = slo.NewEventSeries(tl, interval)
		}
	}
	return s
}

// stream reads the files in order. Without a buffer it folds rows as they
// come and returns false as soon as a row is older than its predecessor;
// with one it collects every good row instead.
func (s *Snapshot) stream(cfg *Config, files []string, now int64, ds *Diagnostics, buf *[]bufferedRow) bool {
	prev := int64(math.MinInt64)
	for _, path := range files {
		rel := relPath(cfg.Dir, path)
		f, err := os.Open(path)
		if err != nil {
			ds.Errorf(rel, 0, 0, "cannot read: %v", err)
			continue
		}
		ok := s.readFile(cfg, f, rel, now, ds, func(t int64, cells []string, cols *columns) bool {
			if buf != nil {
				*buf = append(*buf, bufferedRow{t, append([]string(nil), cells...), cols})
				return true
			}
			if t < prev {
				return false
			}
			prev = t
			s.fold(cfg, t, cells, cols)
			return true
		})
		f.Close()
		if !ok {
			return false
		}
	}
	return true
}

// readFile parses one CSV and calls row for each good row before now.
func (s *Snapshot) readFile(cfg *Config, r io.Reader, rel string, now int64, ds *Diagnostics, row func(int64, []string, *columns) bool) bool {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var cols *columns
	line := 0
	var cells []string
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
			var errs []string
			cols, errs = s.header(splitCSV(text, nil))
			for _, e := range errs {
				ds.Errorf(rel, 1, 0, "%s", e)
			}
			if cols == nil {
				return true
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		cells = splitCSV(text, cells[:0])
		t, col, msg := s.check(cfg, cells, cols)
		if msg != "" {
			s.Skipped++
			ds.Errorf(rel, line, col, "%s", msg)
			continue
		}
		if t >= now {
			continue
		}
		if !row(t, cells, cols) {
			return false
		}
	}
	if err := sc.Err(); err != nil {
		ds.Errorf(rel, line+1, 0, "cannot read: %v", err)
	}
	return true
}

// header maps the columns of a file; it returns nil when the file is
// unusable (no time column).
func (s *Snapshot) header(names []string) (*columns, []string) {
	c := &columns{n: len(names), names: make([]string, len(names))}
	for i, n := range names {
		c.names[i] = strings.ToLower(strings.TrimSpace(n))
	}
	c.time, c.status, c.latency = c.index("time"), c.index("status"), c.index("latency_ms")
	c.good, c.total, c.lag, c.rows = c.index("good"), c.index("total"), c.index("lag_s"), c.index("rows")
	if c.time < 0 {
		return nil, []string{fmt.Sprintf("no \"time\" column in the header (found %s); the first line must name the columns, e.g. time,status,latency_ms", strings.Join(c.names, ","))}
	}
	var errs []string
	for _, i := range []int{c.latency, c.good, c.total, c.lag, c.rows} {
		if i >= 0 {
			c.numeric = append(c.numeric, i)
		}
	}
	n := len(s.Service.SLOs)
	c.sloCol, c.sloGood, c.sloTotal = make([]int, n), make([]int, n), make([]int, n)
	for i, o := range s.Service.SLOs {
		c.sloCol[i], c.sloGood[i], c.sloTotal[i] = -1, -1, -1
		switch o.Indicator {
		case IndicatorThreshold:
			c.sloCol[i] = c.index(o.Column)
			if c.sloCol[i] >= 0 && !containsInt(c.numeric, c.sloCol[i]) {
				c.numeric = append(c.numeric, c.sloCol[i])
			}
		case IndicatorRatio:
			c.sloGood[i], c.sloTotal[i] = c.index(o.Good), c.index(o.Total)
			for _, k := range []int{c.sloGood[i], c.sloTotal[i]} {
				if k >= 0 && !containsInt(c.numeric, k) {
					c.numeric = append(c.numeric, k)
				}
			}
		}
	}
	return c, errs
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// check validates a row and returns its time, or the column and message of
// its first problem.
func (s *Snapshot) check(cfg *Config, cells []string, c *columns) (int64, int, string) {
	if len(cells) != c.n {
		return 0, 0, fmt.Sprintf("%d cells, but the header names %d columns", len(cells), c.n)
	}
	t, err := parseSampleTime(cells[c.time])
	if err != nil {
		return 0, c.time + 1, fmt.Sprintf("time %q: %v; write RFC 3339 with a zone (2026-11-03T09:15:00Z) or Unix seconds", cells[c.time], err)
	}
	if c.status >= 0 && strings.TrimSpace(cells[c.status]) != "" {
		if _, ok := slo.ParseStatus(cells[c.status]); !ok {
			return 0, c.status + 1, fmt.Sprintf("status %q: use up, degraded, down or maintenance", cells[c.status])
		}
	}
	for _, i := range c.numeric {
		v := strings.TrimSpace(cells[i])
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, i + 1, fmt.Sprintf("%s %q is not a number", c.names[i], v)
		}
		if f < 0 && (i == c.latency || i == c.good || i == c.total || i == c.lag || i == c.rows) {
			return 0, i + 1, fmt.Sprintf("%s %v is negative", c.names[i], f)
		}
	}
	if c.good >= 0 && c.total >= 0 {
		g, gok := cellFloat(cells, c.good)
		tt, tok := cellFloat(cells, c.total)
		if gok && tok && g > tt {
			return 0, c.good + 1, fmt.Sprintf("good %v is more than total %v", g, tt)
		}
	}
	return t, 0, ""
}

func cellFloat(cells []string, i int) (float64, bool) {
	if i < 0 || i >= len(cells) {
		return 0, false
	}
	v := strings.TrimSpace(cells[i])
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// fold adds one validated row to the accumulators.
func (s *Snapshot) fold(cfg *Config, t int64, cells []string, c *columns) {
	s.Rows++
	tt := time.Unix(t, 0).UTC()
	if s.FirstTime.IsZero() || tt.Before(s.FirstTime) {
		s.FirstTime = tt
	}
	if tt.After(s.LastTime) {
		s.LastTime = tt
	}
	var st slo.Status
	var bad float64
	var excl bool
	if c.status >= 0 {
		st, _ = slo.ParseStatus(cells[c.status])
		if st != slo.NoStatus {
			bad, excl = statusWeight(cfg, st)
			s.Status.Sample(t, bad, excl)
			s.statusRows++
			if !tt.Before(s.LastStatusTime) {
				s.LastStatus, s.LastStatusTime = st, tt
			}
		}
	}
	for i, o := range s.Service.SLOs {
		switch acc := s.Series[i].(type) {
		case *slo.TimeSeries:
			if o.Indicator == IndicatorStatus {
				if st == slo.NoStatus {
					continue
				}
				acc.Sample(t, bad, excl)
			} else if v, ok := cellFloat(cells, c.sloCol[i]); ok {
				bad := 1.0
				if compare(v, o.Op, *o.Threshold) {
					bad = 0
				}
				acc.Sample(t, bad, false)
				s.Latest[i] = Latest{tt, 1 - bad, 1}
			}
		case *slo.EventSeries:
			switch o.Indicator {
			case IndicatorRatio:
				g, gok := cellFloat(cells, c.sloGood[i])
				tot, tok := cellFloat(cells, c.sloTotal[i])
				if gok && tok {
					acc.Event(t, g, tot)
					s.Latest[i] = Latest{tt, g, tot}
				}
			case IndicatorThreshold:
				if v, ok := cellFloat(cells, c.sloCol[i]); ok {
					g := 0.0
					if compare(v, o.Op, *o.Threshold) {
						g = 1
					}
					acc.Event(t, g, 1)
					s.Latest[i] = Latest{tt, g, 1}
				}
			}
		}
	}
}

func (s *Snapshot) finish(now int64) {
	s.Status.Finish(now)
	if s.statusRows == 0 {
		s.Status = nil
	}
	for _, acc := range s.Series {
		switch a := acc.(type) {
		case *slo.TimeSeries:
			a.Finish(now)
		case *slo.EventSeries:
			a.Finish()
		}
	}
}

// statusWeight returns the bad weight of a status sample and whether it is
// excluded from the SLO.
func statusWeight(cfg *Config, st slo.Status) (bad float64, excluded bool) {
	switch st {
	case slo.Down:
		return 1, false
	case slo.Degraded:
		return cfg.DegradedWeight, false
	case slo.Maintenance:
		if cfg.ExcludesMaintenance() {
			return 0, true
		}
		return 0, false
	}
	return 0, false
}

func compare(v float64, op string, th float64) bool {
	switch op {
	case "<":
		return v < th
	case "<=":
		return v <= th
	case ">":
		return v > th
	case ">=":
		return v >= th
	}
	return false
}

// splitCSV splits one CSV line into cells. Lines without quotes, which is
// what probes and pipelines write, take a fast path; quoted lines go
// through encoding/csv.
func splitCSV(line string, cells []string) []string {
	if strings.IndexByte(line, '"') < 0 {
		for {
			i := strings.IndexByte(line, ',')
			if i < 0 {
				return append(cells, line)
			}
			cells = append(cells, line[:i])
			line = line[i+1:]
		}
	}
	r := csv.NewReader(strings.NewReader(line))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return append(cells, line)
	}
	return append(cells, rec...)
}

// parseSampleTime reads RFC 3339 with a zone or Unix seconds.
func parseSampleTime(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty")
	}
	if t, ok := parseRFC3339UTC(s); ok {
		return t, nil
	}
	if s[0] >= '0' && s[0] <= '9' && !strings.ContainsAny(s, "-:T ") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, fmt.Errorf("not a time")
		}
		return int64(math.Floor(f)), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		if _, err2 := time.Parse("2006-01-02T15:04:05", s); err2 == nil {
			return 0, fmt.Errorf("no time zone")
		}
		return 0, fmt.Errorf("not a time")
	}
	return t.Unix(), nil
}

// parseRFC3339UTC is a fast path for the commonest form,
// "2006-01-02T15:04:05Z".
func parseRFC3339UTC(s string) (int64, bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return 0, false
	}
	num := func(i, n int) int {
		v := 0
		for k := i; k < i+n; k++ {
			c := s[k]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, se := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60 {
		return 0, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	return t.Unix(), true
}

// medianGap infers a service's interval: the median gap between
// consecutive sample times. It reads only the time column. With fewer than
// two samples it falls back to 5 minutes.
func medianGap(files []string, now int64) int64 {
	hist := map[int64]int{}
	n := 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		ti := -1
		prev := int64(math.MinInt64)
		first := true
		for sc.Scan() {
			cells := splitCSV(strings.TrimRight(sc.Text(), "\r"), nil)
			if first {
				first = false
				for i, c := range cells {
					if strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))) == "time" {
						ti = i
					}
				}
				if ti < 0 {
					break
				}
				continue
			}
			if ti >= len(cells) {
				continue
			}
			t, err := parseSampleTime(cells[ti])
			if err != nil || t >= now {
				continue
			}
			if prev != math.MinInt64 && t > prev {
				hist[t-prev]++
				n++
			}
			prev = t
		}
		f.Close()
	}
	if n == 0 {
		return 300
	}
	gaps := make([]int64, 0, len(hist))
	for g := range hist {
		gaps = append(gaps, g)
	}
	sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
	seen := 0
	for _, g := range gaps {
		seen += hist[g]
		if seen*2 >= n {
			return g
		}
	}
	return gaps[len(gaps)-1]
}
