// Package metrics reads the snapshot CSVs of content/metrics/<service>/
// into the SLO accumulators as a stream, and appends whole lines to them
// under a lock.
package metrics

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/cache"
	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/sitefs"
	"github.com/statusgen/statusgen/generator/slo"
)

// Snapshot is one service's metric history, folded as it was read into
// per-segment totals of a timeline: memory grows with the timeline's
// segments, not with the rows.
type Snapshot struct {
	Service  *config.Service
	Files    []string // relative paths, in reading order
	Interval int64    // seconds one sample stands for

	Rows    int // rows read and used
	Skipped int // rows that could not be read (reported as diagnostics)
	// BytesParsed counts the bytes of CSV read and checked; rows the
	// build cache held are folded without being read again.
	BytesParsed int64

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
	// Runs are, per SLO, its last runs (up to config.MaxRuns, oldest
	// first): each row with a value is one run, failed when its own good
	// share is under the objective (a down status sample, a threshold
	// missed, a job whose good/total misses the target). Maintenance is
	// no run. The runs alert rules of sparse series read them.
	Runs [][]slo.Run
	// Latency holds per-day latency_ms histograms over the uptime history.
	Latency *LatencyDays
	// Columns holds, per threshold or anomaly SLO (nil for others), the
	// values of its column per day; LatestBand the band of an anomaly
	// SLO's newest value and LatestValue the newest value of each SLO
	// with a column (NaN without); see datacols.go.
	Columns []*ColumnDays
	// CheckColumns are the numeric columns the service's warehouse checks
	// write that no SLO above watches, per day.
	CheckColumns []*ColumnDays
	LatestBand   []slo.Band
	LatestValue  []float64
	data         dataState

	// What fold needs per row, prepared once.
	kinds      []sloKind
	ts         []*slo.TimeSeries
	es         []*slo.EventSeries
	weight     [5]float64 // bad weight per slo.Status
	excluded   [5]bool    // excluded per slo.Status
	statusRows int
	first      int64
	last       int64
	lastStatus int64
	latestT    []int64
	latestG    []float64
	latestTot  []float64
	runs       []runRing
	objective  []float64        // per SLO, as a ratio
	limits     map[string]int64 // files to read only so far (appendLimits)
	store      *cache.Store     // the build cache; nil for none
}

// Latest is the outcome of an SLO's newest row: good of total (1 of 1 for
// a threshold met, 0 of 1 for one missed).
type Latest struct {
	Time        time.Time
	Good, Total float64
}

// sloKind is how a row feeds one SLO.
type sloKind uint8

const (
	kindIncidents      sloKind = iota // no metrics
	kindStatus                        // shares Snapshot.Status
	kindThresholdTime                 // threshold, timeslices
	kindThresholdEvent                // threshold, events
	kindRatio                         // good/total events
	kindAnomaly                       // value inside its baseline band
	kindDeadline                      // a row landed before the period's deadline
)

// columns locates the columns a service needs in one file's header.
type columns struct {
	n                         int
	time, status, latency     int
	good, total, lag, rows    int
	sloCol, sloGood, sloTotal []int
	extra                     []int  // per CheckColumns entry: its column, or -1
	numeric                   []int  // every column that must hold a number
	nonNeg                    []bool // per column: must not be negative
	names                     []string
	vals                      []float64 // per column: the current row's number, NaN when empty
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
//
// With the service's interval configured, every file is read exactly once,
// as a stream. Without it, the time column is read once more first, to
// infer the interval (the median gap). Only a service whose rows come out
// of time order (overlapping or unsorted files) is read again and held in
// memory, to be sorted.
func ReadSnapshot(cfg *config.Config, svc *config.Service, tl *slo.Timeline, now time.Time, ds *diag.Diagnostics) *Snapshot {
	return ReadSnapshotCached(cfg, svc, tl, now, ds, nil)
}

// ReadSnapshotCached is ReadSnapshot through the build cache store (nil
// for none): a file unchanged since the cache saw it is folded from its
// checked rows without being read, an appended one is read from where the
// cache left it. The snapshot and the diagnostics are the same as
// ReadSnapshot's.
func ReadSnapshotCached(cfg *config.Config, svc *config.Service, tl *slo.Timeline, now time.Time, ds *diag.Diagnostics, store *cache.Store) *Snapshot {
	dir := filepath.Join(cfg.Dir, "content", "metrics", svc.ID)
	// real is dir with every link resolved, inside the site; "" when dir
	// is missing or refused, and then nothing in it is opened.
	real, err := sitefs.SiteDir(cfg.Dir, dir)
	var entries []os.DirEntry
	if err == nil {
		entries, err = os.ReadDir(real)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		ds.Errorf(diag.RelPath(cfg.Dir, dir), 0, 0, "%s", sitefs.ReadProblem(err))
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)

	// A probe or import appending now waits until the files are read; an
	// append a killed run left unfinished is read up to where it began.
	var limits map[string]int64
	if real != "" {
		if unlock, err := LockDir(real, false); err == nil {
			defer unlock()
		}
		limits = appendLimits(real)
	}

	interval := int64(svc.IntervalDur / time.Second)
	if interval <= 0 {
		interval = medianGap(cfg.Dir, files, now.Unix(), limits)
	}
	snap := newSnapshot(cfg, svc, tl, interval)
	snap.Files = relFiles(cfg.Dir, files)
	snap.limits, snap.store = limits, store
	var local diag.Diagnostics
	if !snap.stream(cfg, files, now.Unix(), &local, nil) {
		snap = newSnapshot(cfg, svc, tl, interval)
		snap.Files = relFiles(cfg.Dir, files)
		snap.limits, snap.store = limits, store
		local = nil
		var rows []sampleRow
		snap.stream(cfg, files, now.Unix(), &local, &rows)
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].t < rows[j].t })
		for i := range rows {
			if i > 0 && rows[i].t == rows[i-1].t {
				warnDuplicate(&local, diag.RelPath(cfg.Dir, files[rows[i].file]), int(rows[i].line), rows[i].t)
			}
			snap.fold(&rows[i])
		}
	}
	snap.finish(now.Unix())
	*ds = append(*ds, local...)
	return snap
}

// warnDuplicate reports a row whose time an earlier row already has: the
// later row (in file order) wins.
func warnDuplicate(ds *diag.Diagnostics, rel string, line int, t int64) {
	ds.Warnf(rel, line, 1, "time %s appears again; this later row replaces the earlier one (remove one of them)",
		time.Unix(t, 0).UTC().Format(time.RFC3339))
}

func relFiles(dir string, files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = diag.RelPath(dir, f)
	}
	return out
}

// sampleRow is one validated row: its time, status and the numeric cells the
// service uses (NaN where a cell is empty), indexed by the SLO's column.
type sampleRow struct {
	t      int64
	status slo.Status
	// file and line locate the row, for the duplicate-time warning.
	file int32
	line int32
	// sloVal is, per SLO, the threshold value or the good count; sloTot
	// the total count (ratio). NaN means no value.
	sloVal, sloTot []float64
	extra          []float64 // per CheckColumns entry; NaN without a value
	latency        float64   // latency_ms; NaN without a value
}

func newSnapshot(cfg *config.Config, svc *config.Service, tl *slo.Timeline, interval int64) *Snapshot {
	n := len(svc.SLOs)
	s := &Snapshot{Service: svc, Interval: interval, Series: make([]any, n), Latest: make([]Latest, n),
		Status: slo.NewTimeSeries(tl, interval), kinds: make([]sloKind, n), Runs: make([][]slo.Run, n),
		runs: make([]runRing, n), objective: make([]float64, n),
		Latency: newLatencyDays(cfg.Location, cfg.HistoryDays, tl.End()),
		ts:      make([]*slo.TimeSeries, n), es: make([]*slo.EventSeries, n),
		latestT: make([]int64, n), latestG: make([]float64, n), latestTot: make([]float64, n),
		first: math.MaxInt64, last: math.MinInt64, lastStatus: math.MinInt64}
	for st := slo.Up; st <= slo.Maintenance; st++ {
		s.weight[st], s.excluded[st] = statusWeight(cfg, st)
	}
	for i, o := range svc.SLOs {
		s.latestT[i] = math.MinInt64
		s.objective[i] = o.ObjectiveRatio()
		switch {
		case o.Indicator == config.IndicatorIncidents:
			s.kinds[i] = kindIncidents
		case o.Indicator == config.IndicatorAnomaly || o.Indicator == config.IndicatorDeadline:
			s.initDataSLO(cfg, i, o, tl)
		case o.Indicator == config.IndicatorStatus:
			// The status SLO is the status column's availability: share
			// the accumulator instead of folding every row twice.
			s.kinds[i], s.ts[i] = kindStatus, s.Status
			s.Series[i] = s.Status
		case o.TimeBased():
			s.kinds[i], s.ts[i] = kindThresholdTime, slo.NewTimeSeries(tl, interval)
			s.Series[i] = s.ts[i]
		case o.Indicator == config.IndicatorRatio:
			s.kinds[i], s.es[i] = kindRatio, slo.NewEventSeries(tl, interval)
			s.Series[i] = s.es[i]
		default:
			s.kinds[i], s.es[i] = kindThresholdEvent, slo.NewEventSeries(tl, interval)
			s.Series[i] = s.es[i]
		}
	}
	s.ensureColumns(cfg)
	return s
}

// stream reads the files in order. Without a buffer it folds rows as they
// come and returns false as soon as a row is older than its predecessor;
// with one it collects every good row instead.
func (s *Snapshot) stream(cfg *config.Config, files []string, now int64, ds *diag.Diagnostics, buf *[]sampleRow) bool {
	prev := int64(math.MinInt64)
	n := len(s.Service.SLOs)
	rw := sampleRow{sloVal: make([]float64, n), sloTot: make([]float64, n), extra: make([]float64, len(s.CheckColumns))}
	for fi, path := range files {
		rel := diag.RelPath(cfg.Dir, path)
		f, err := sitefs.OpenSiteFile(cfg.Dir, path)
		if err != nil {
			ds.Errorf(rel, 0, 0, "%s", sitefs.ReadProblem(err))
			continue
		}
		emit := func(pf *parsedFile, from, to int) bool {
			for k := from; k < to; k++ {
				t := pf.t[k]
				if t >= now {
					continue
				}
				rw.t, rw.status, rw.line, rw.file = t, pf.status[k], pf.line[k], int32(fi)
				rw.latency = pf.val(pf.latCol, k)
				for i := range rw.sloVal {
					rw.sloVal[i], rw.sloTot[i] = pf.val(pf.valCol[i], k), pf.val(pf.totCol[i], k)
				}
				for j := range rw.extra {
					rw.extra[j] = pf.val(pf.extraCol[j], k)
				}
				if buf != nil {
					c := rw
					c.sloVal = append([]float64(nil), rw.sloVal...)
					c.sloTot = append([]float64(nil), rw.sloTot...)
					c.extra = append([]float64(nil), rw.extra...)
					*buf = append(*buf, c)
					continue
				}
				if t < prev {
					return false
				}
				if t == prev {
					warnDuplicate(ds, rel, int(rw.line), t)
				}
				prev = t
				s.fold(&rw)
			}
			return true
		}
		ok := true
		latch := func(pf *parsedFile, a, b int) bool {
			ok = ok && emit(pf, a, b)
			return ok
		}
		var pf *parsedFile
		if lim, limited := s.limits[filepath.Base(path)]; limited || s.store == nil {
			var r io.Reader = f
			if limited {
				r = io.LimitReader(f, lim)
			}
			pf = &parsedFile{}
			cr := &crcReader{r: r}
			s.parse(cr, pf, false, latch)
			s.BytesParsed += cr.n
		} else {
			pf = s.readCached(f, rel, latch)
		}
		f.Close()
		s.Skipped += pf.skipped
		pf.report(rel, ds)
		if !ok {
			return false
		}
	}
	return true
}

// header maps the columns of a file; it returns nil when the file is
// unusable (no time column).
func (s *Snapshot) header(names [][]byte) *columns {
	c := &columns{n: len(names), names: make([]string, len(names)), nonNeg: make([]bool, len(names)), vals: make([]float64, len(names))}
	for i, n := range names {
		c.names[i] = strings.ToLower(strings.TrimSpace(string(n)))
	}
	c.time, c.status, c.latency = c.index("time"), c.index("status"), c.index("latency_ms")
	c.good, c.total, c.lag, c.rows = c.index("good"), c.index("total"), c.index("lag_s"), c.index("rows")
	if c.time < 0 {
		return nil
	}
	for _, i := range []int{c.latency, c.good, c.total, c.lag, c.rows} {
		if i >= 0 {
			c.numeric = append(c.numeric, i)
			c.nonNeg[i] = true
		}
	}
	numeric := func(i int) {
		if i >= 0 && !containsInt(c.numeric, i) {
			c.numeric = append(c.numeric, i)
		}
	}
	n := len(s.Service.SLOs)
	c.sloCol, c.sloGood, c.sloTotal = make([]int, n), make([]int, n), make([]int, n)
	for i, o := range s.Service.SLOs {
		c.sloCol[i], c.sloGood[i], c.sloTotal[i] = -1, -1, -1
		switch o.Indicator {
		case config.IndicatorThreshold, config.IndicatorAnomaly:
			c.sloCol[i] = c.index(o.Column)
			numeric(c.sloCol[i])
		case config.IndicatorDeadline:
			c.sloCol[i] = c.index(o.Column) // any row counts when no column is named
			if o.Column != "" && c.sloCol[i] < 0 {
				c.sloCol[i] = -2 // the file lacks the column: its rows land nothing
			}
			numeric(c.sloCol[i])
		case config.IndicatorRatio:
			c.sloGood[i], c.sloTotal[i] = c.index(o.Good), c.index(o.Total)
			numeric(c.sloGood[i])
			numeric(c.sloTotal[i])
		}
	}
	c.extra = make([]int, len(s.CheckColumns))
	for j, cd := range s.CheckColumns {
		c.extra[j] = c.index(cd.Column)
		numeric(c.extra[j])
	}
	return c
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// check validates a row into r and returns the column (1-based) and
// message of its first problem, or "" when the row is good.
func (s *Snapshot) check(cells [][]byte, c *columns, tp *timeParser, r *sampleRow) (int, string) {
	if len(cells) != c.n {
		return 0, fmt.Sprintf("%d cells, but the header names %d columns", len(cells), c.n)
	}
	tc := trimSpace(cells[c.time])
	t, ok := tp.parse(tc)
	if !ok {
		var err error
		if t, err = parseSampleTime(string(tc)); err != nil {
			return c.time + 1, fmt.Sprintf("time %s: %v; write RFC 3339 with a zone (2026-11-03T09:15:00Z) or Unix seconds", quoteCell(cells[c.time]), err)
		}
	}
	if msg := timeRange(t); msg != "" {
		return c.time + 1, fmt.Sprintf("time %s is %s; a snapshot time must lie in 1970–2199", quoteCell(tc), msg)
	}
	r.t, r.status = t, slo.NoStatus
	if c.status >= 0 {
		if v := trimSpace(cells[c.status]); len(v) > 0 {
			st, ok := statusOf(v)
			if !ok {
				return c.status + 1, fmt.Sprintf("status %s: use up, degraded, down or maintenance", quoteCell(cells[c.status]))
			}
			r.status = st
		}
	}
	for _, i := range c.numeric {
		v := trimSpace(cells[i])
		if len(v) == 0 {
			c.vals[i] = math.NaN()
			continue
		}
		f, ok := parseNumber(v)
		if !ok {
			return i + 1, fmt.Sprintf("%s %s is not a number", printableName(c.names[i]), quoteCell(v))
		}
		if f < 0 && c.nonNeg[i] {
			return i + 1, fmt.Sprintf("%s %v is negative", printableName(c.names[i]), f)
		}
		c.vals[i] = f
	}
	if c.good >= 0 && c.total >= 0 && c.vals[c.good] > c.vals[c.total] {
		return c.good + 1, fmt.Sprintf("good %v is more than total %v", c.vals[c.good], c.vals[c.total])
	}
	r.latency = math.NaN()
	if c.latency >= 0 {
		r.latency = c.vals[c.latency]
	}
	for j, i := range c.extra {
		r.extra[j] = math.NaN()
		if i >= 0 {
			r.extra[j] = c.vals[i]
		}
	}
	// The values each SLO needs, from the numbers parsed above.
	for i, k := range s.kinds {
		r.sloVal[i], r.sloTot[i] = math.NaN(), math.NaN()
		switch k {
		case kindThresholdTime, kindThresholdEvent, kindAnomaly:
			if j := c.sloCol[i]; j >= 0 {
				r.sloVal[i] = c.vals[j]
			}
		case kindDeadline:
			if j := c.sloCol[i]; j >= 0 {
				r.sloVal[i] = c.vals[j] // a load when above 0 (foldData)
			} else if j == -1 {
				r.sloVal[i] = 1 // the row itself is the load
			}
		case kindRatio:
			if j := c.sloGood[i]; j >= 0 {
				r.sloVal[i] = c.vals[j]
			}
			if j := c.sloTotal[i]; j >= 0 {
				r.sloTot[i] = c.vals[j]
			}
		}
	}
	return 0, ""
}

// fold adds one validated row to the accumulators.
func (s *Snapshot) fold(r *sampleRow) {
	s.Rows++
	t := r.t
	s.first = min(s.first, t)
	s.last = max(s.last, t)
	if r.latency == r.latency { // not NaN
		s.Latency.Add(t, r.latency)
	}
	if st := r.status; st != slo.NoStatus {
		s.Status.Sample(t, s.weight[st], s.excluded[st])
		s.statusRows++
		if t >= s.lastStatus {
			s.LastStatus, s.lastStatus = st, t
		}
		if !s.excluded[st] {
			for i, k := range s.kinds {
				if k == kindStatus {
					s.run(i, t, 1-s.weight[st])
				}
			}
		}
	}
	for j, v := range r.extra {
		if v == v {
			s.CheckColumns[j].add(t, v, nil)
		}
	}
	for i, k := range s.kinds {
		switch k {
		case kindThresholdTime, kindThresholdEvent:
			v := r.sloVal[i]
			if v != v { // NaN: no value
				continue
			}
			o := s.Service.SLOs[i]
			g := 0.0
			if compare(v, o.Op, *o.Threshold) {
				g = 1
			}
			if k == kindThresholdTime {
				s.ts[i].Sample(t, 1-g, false)
			} else {
				s.es[i].Event(t, g, 1)
			}
			s.latest(i, t, g, 1)
			s.Columns[i].add(t, v, nil)
			s.latestValue(i, t, v)
			s.run(i, t, g)
		case kindAnomaly, kindDeadline:
			s.foldData(i, k, t, r.sloVal[i])
		case kindRatio:
			g, tot := r.sloVal[i], r.sloTot[i]
			if g != g || tot != tot {
				continue
			}
			s.es[i].Event(t, g, tot)
			s.latest(i, t, g, tot)
			if tot > 0 {
				s.run(i, t, g/tot)
			}
		}
	}
}

// runRing holds an SLO's last runs while the files are read: a ring of
// config.MaxRuns times and outcomes, so a row costs a few stores.
type runRing struct {
	t      [config.MaxRuns]int64
	failed [config.MaxRuns]bool
	next   int // where the next run goes
	n      int // runs held
}

// run records one run of SLO i at t whose good share is share. Rows come
// in time order; a row with the time of the last run replaces it (the
// later row wins, as everywhere).
func (s *Snapshot) run(i int, t int64, share float64) {
	r := &s.runs[i]
	failed := share < s.objective[i]
	if r.n > 0 {
		last := (r.next + config.MaxRuns - 1) % config.MaxRuns
		if r.t[last] == t {
			r.failed[last] = failed
			return
		}
	}
	r.t[r.next], r.failed[r.next] = t, failed
	r.next = (r.next + 1) % config.MaxRuns
	if r.n < config.MaxRuns {
		r.n++
	}
}

// list returns the runs held, oldest first.
func (r *runRing) list() []slo.Run {
	out := make([]slo.Run, r.n)
	for k := 0; k < r.n; k++ {
		j := (r.next - r.n + k + config.MaxRuns) % config.MaxRuns
		out[k] = slo.Run{Time: time.Unix(r.t[j], 0).UTC(), Failed: r.failed[j]}
	}
	return out
}

func (s *Snapshot) latest(i int, t int64, good, total float64) {
	if t >= s.latestT[i] {
		s.latestT[i], s.latestG[i], s.latestTot[i] = t, good, total
	}
}

func (s *Snapshot) finish(now int64) {
	s.finishData(now)
	for _, acc := range s.Series {
		switch a := acc.(type) {
		case *slo.TimeSeries:
			a.Finish(now)
		case *slo.EventSeries:
			a.Finish()
		}
	}
	s.Status.Finish(now)
	if s.statusRows == 0 {
		s.Status = nil
	} else {
		s.LastStatusTime = time.Unix(s.lastStatus, 0).UTC()
	}
	if s.Rows > 0 {
		s.FirstTime, s.LastTime = time.Unix(s.first, 0).UTC(), time.Unix(s.last, 0).UTC()
	}
	for i := range s.runs {
		if s.runs[i].n > 0 {
			s.Runs[i] = s.runs[i].list()
		}
	}
	for i, t := range s.latestT {
		if t != math.MinInt64 {
			s.Latest[i] = Latest{time.Unix(t, 0).UTC(), s.latestG[i], s.latestTot[i]}
		}
	}
}

// statusWeight returns the bad weight of a status sample and whether it is
// excluded from the SLO.
func statusWeight(cfg *config.Config, st slo.Status) (bad float64, excluded bool) {
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

// statusOf reads a status cell, case-insensitively, without allocating.
func statusOf(b []byte) (slo.Status, bool) {
	switch {
	case equalFoldLower(b, "up"):
		return slo.Up, true
	case equalFoldLower(b, "down"):
		return slo.Down, true
	case equalFoldLower(b, "degraded"):
		return slo.Degraded, true
	case equalFoldLower(b, "maintenance"):
		return slo.Maintenance, true
	}
	return slo.NoStatus, false
}

// equalFoldLower compares b with a lower-case ASCII word, ignoring case.
func equalFoldLower(b []byte, word string) bool {
	if len(b) != len(word) {
		return false
	}
	for i := range b {
		if b[i]|0x20 != word[i] {
			return false
		}
	}
	return true
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseNumber reads a finite decimal number. Plain decimals of up to 15
// digits ("123", "0.25", "-4.5") are computed directly, which is exact:
// the digits and the power of ten are both exact doubles and one IEEE
// division rounds correctly, as strconv would. Anything else goes to
// strconv.ParseFloat.
func parseNumber(b []byte) (float64, bool) {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg, i = b[0] == '-', 1
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 15 {
				return parseNumberSlow(b)
			}
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return parseNumberSlow(b)
		}
	}
	if digits == 0 {
		return parseNumberSlow(b)
	}
	v := float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

func parseNumberSlow(b []byte) (float64, bool) {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// timeParser reads the commonest time forms straight from bytes:
// "2006-01-02T15:04:05Z", with fractional seconds or a ±hh:mm offset, and
// Unix seconds. It remembers the last date, so rows of the same day cost
// a few comparisons. Anything else is left to parseSampleTime.
type timeParser struct {
	date [10]byte
	day  int64 // Unix seconds of date's midnight UTC
	ok   bool
}

func (p *timeParser) parse(b []byte) (int64, bool) {
	if len(b) > 0 && len(b) <= 12 && b[0] >= '0' && b[0] <= '9' {
		var v int64
		for i, c := range b {
			if c == '.' && i > 0 {
				break // fractional Unix seconds: floor
			}
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int64(c-'0')
		}
		return v, true
	}
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	if !p.ok || string(b[:10]) != string(p.date[:]) {
		y, ok1 := digits(b[0:4])
		mo, ok2 := digits(b[5:7])
		d, ok3 := digits(b[8:10])
		if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > 31 {
			return 0, false
		}
		t := time.Date(int(y), time.Month(mo), int(d), 0, 0, 0, 0, time.UTC)
		if t.Day() != int(d) {
			return 0, false
		}
		copy(p.date[:], b[:10])
		p.day, p.ok = t.Unix(), true
	}
	h, ok1 := digits(b[11:13])
	mi, ok2 := digits(b[14:16])
	se, ok3 := digits(b[17:19])
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || se > 59 {
		return 0, false
	}
	t := p.day + h*3600 + mi*60 + se
	rest := b[19:]
	if len(rest) > 0 && rest[0] == '.' {
		k := 1
		for k < len(rest) && rest[k] >= '0' && rest[k] <= '9' {
			k++
		}
		if k == 1 {
			return 0, false
		}
		rest = rest[k:]
	}
	switch {
	case len(rest) == 1 && rest[0] == 'Z':
		return t, true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3])
		om, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return 0, false
		}
		off := oh*3600 + om*60
		if rest[0] == '+' {
			return t - off, true
		}
		return t + off, true
	}
	return 0, false
}

func digits(b []byte) (int64, bool) {
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// Snapshot times lie in [minSampleTime, maxSampleTime): from 1970 to the
// end of 2199. Anything else is a typo (a year 0026, 1e12 seconds) or a
// zero value, never a sample.
const (
	minSampleTime = 0          // 1970-01-01T00:00:00Z
	maxSampleTime = 7258118400 // 2200-01-01T00:00:00Z
)

// timeRange says how a sample time falls outside 1970–2199, or "".
func timeRange(t int64) string {
	switch {
	case t < minSampleTime:
		return "before 1970"
	case t >= maxSampleTime:
		return "after 2199"
	}
	return ""
}

// sampleTime reads a time cell as the snapshot reader does, in range.
func sampleTime(tp *timeParser, cell []byte) (int64, bool) {
	cell = trimSpace(cell)
	t, ok := tp.parse(cell)
	if !ok {
		var err error
		if t, err = parseSampleTime(string(cell)); err != nil {
			return 0, false
		}
	}
	return t, timeRange(t) == ""
}

// parseSampleTime reads RFC 3339 with a zone or Unix seconds.
func parseSampleTime(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty")
	}
	var p timeParser
	if t, ok := p.parse([]byte(s)); ok {
		return t, nil
	}
	if s[0] >= '0' && s[0] <= '9' && !strings.ContainsAny(s, "-:T ") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("not a time")
		}
		if f >= maxSampleTime {
			return maxSampleTime, nil // out of range, reported as such; int64 cannot hold every float
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

// medianGap infers a service's interval: the median gap between
// consecutive sample times. It reads only the time column. With fewer than
// two samples it falls back to 5 minutes.
func medianGap(root string, files []string, now int64, limits map[string]int64) int64 {
	hist := map[int64]int{}
	n := 0
	for _, path := range files {
		f, err := sitefs.OpenSiteFile(root, path)
		if err != nil {
			continue
		}
		var r io.Reader = f
		if lim, ok := limits[filepath.Base(path)]; ok {
			r = io.LimitReader(f, lim)
		}
		rr := newCSVReader(r)
		var tp timeParser
		ti := -1
		prev := int64(math.MinInt64)
		for first := true; rr.Next(); first = false {
			if first {
				rr.Want = len(rr.Cells)
				for i, c := range rr.Cells {
					if strings.EqualFold(strings.TrimSpace(string(c)), "time") {
						ti = i
					}
				}
				if ti < 0 {
					break
				}
				continue
			}
			if rr.Problem != "" || ti >= len(rr.Cells) {
				continue
			}
			t, ok := sampleTime(&tp, rr.Cells[ti])
			if !ok || t >= now {
				continue
			}
			if prev != math.MinInt64 && t > prev {
				hist[t-prev]++
				n++
			}
			prev = t
		}
		rr.release()
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
