package metrics

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/slo"
)

// parsedFile is one snapshot file read and checked: its good rows as
// columns (all of them, also those at or after now, which only the fold
// leaves out), the diagnostics of its bad rows, and what resuming the
// file after an append needs. It is what the build cache keeps of a
// snapshot file (docs/performance.md, "the build cache"): folding from it
// skips reading, splitting and checking the CSV, and it does not depend
// on now or on the timeline, which move with every build.
type parsedFile struct {
	t      []int64
	line   []int32
	status []slo.Status
	cols   [][]float64 // the numeric columns the fold reads; NaN when empty
	// Which of cols feeds what: the latency, and per SLO its value (the
	// threshold column or good) and total; -1 for none.
	latCol         int
	valCol, totCol []int
	// extraCol is, per CheckColumns entry, its column in cols, or -1.
	extraCol []int

	skipped int
	diags   []fileDiag

	header []string // the header's cells; nil without a usable header
	lines  int      // physical lines read
	quoted bool     // a line held a double quote
	failed bool     // reading stopped at an I/O error
}

// fileDiag is a problem in a file's row (all are errors).
type fileDiag struct {
	line, col int
	msg       string
}

func (pf *parsedFile) errorf(line, col int, format string, args ...any) {
	pf.diags = append(pf.diags, fileDiag{line, col, fmt.Sprintf(format, args...)})
}

func (pf *parsedFile) val(col, k int) float64 {
	if col == colOne {
		return 1
	}
	if col < 0 {
		return math.NaN()
	}
	return pf.cols[col][k]
}

func (pf *parsedFile) truncate() {
	pf.t, pf.line, pf.status = pf.t[:0], pf.line[:0], pf.status[:0]
	for i := range pf.cols {
		pf.cols[i] = pf.cols[i][:0]
	}
}

// report adds the file's problems to ds.
func (pf *parsedFile) report(rel string, ds *diag.Diagnostics) {
	for _, d := range pf.diags {
		ds.Errorf(rel, d.line, d.col, "%s", d.msg)
	}
}

// layout decides which header columns the fold reads, in pf's order, and
// returns their header indexes.
func (s *Snapshot) layout(c *columns, pf *parsedFile) []int {
	var src []int
	idx := func(h int) int {
		if h < 0 {
			return -1
		}
		for k, x := range src {
			if x == h {
				return k
			}
		}
		src = append(src, h)
		return len(src) - 1
	}
	pf.latCol = idx(c.latency)
	n := len(s.kinds)
	pf.valCol, pf.totCol = make([]int, n), make([]int, n)
	for i, k := range s.kinds {
		pf.valCol[i], pf.totCol[i] = -1, -1
		switch k {
		case kindThresholdTime, kindThresholdEvent, kindAnomaly:
			pf.valCol[i] = idx(c.sloCol[i])
		case kindDeadline:
			pf.valCol[i] = idx(c.sloCol[i])
			if c.sloCol[i] == -1 {
				pf.valCol[i] = colOne // no column named: the row itself is the load
			}
		case kindRatio:
			pf.valCol[i], pf.totCol[i] = idx(c.sloGood[i]), idx(c.sloTotal[i])
		}
	}
	pf.extraCol = make([]int, len(c.extra))
	for j, h := range c.extra {
		pf.extraCol[j] = idx(h)
	}
	for len(pf.cols) < len(src) {
		pf.cols = append(pf.cols, nil)
	}
	return src
}

// colOne stands, as a column index, for the value 1 in every row: a
// deadline SLO that names no column counts each row as the load.
const colOne = -3

// emitFunc receives rows [from, to) of a parsed file; it returns false to
// stop.
type emitFunc func(pf *parsedFile, from, to int) bool

// emitChunk is how many rows parse gathers before it hands them on.
const emitChunk = 4096

// maxKeptRows bounds the rows of one file kept for the cache; a larger
// file is read as a stream and not cached, so memory never grows with a
// file's rows.
const maxKeptRows = 4 << 20

// parse reads a snapshot file's CSV, or, when pf has a header already, the
// rest of one after its first pf.lines lines, into pf. Good rows go to
// emit, emitChunk at a time; with keep they stay in pf (for the cache),
// otherwise pf holds one chunk at a time and parse stops when emit does.
func (s *Snapshot) parse(r io.Reader, pf *parsedFile, keep bool, emit emitFunc) {
	rr := newCSVReader(r)
	defer rr.release()
	defer func() {
		pf.lines, pf.quoted = rr.line, pf.quoted || rr.Quoted
		if err := rr.Err(); err != nil {
			pf.errorf(0, 0, "cannot read: %v", err)
			pf.failed = true
		}
	}()
	var c *columns
	if pf.header != nil {
		names := make([][]byte, len(pf.header))
		for i, h := range pf.header {
			names[i] = []byte(h)
		}
		c = s.header(names)
		rr.line = pf.lines
	} else {
		if !rr.Next() {
			return
		}
		if rr.Problem == "" {
			c = s.header(rr.Cells)
		}
		if c == nil {
			// The file cannot be read: its rows count as skipped.
			line, col, msg := rr.Start, rr.Col, rr.Problem
			if msg == "" {
				msg = fmt.Sprintf("no \"time\" column in the header (found %s); the first line must name the columns, e.g. time,status,latency_ms",
					quoteCell(joinCells(rr.Cells)))
			}
			rows := 0
			for rr.Next() {
				rows++
			}
			pf.skipped += rows
			pf.errorf(line, col, "%s; the file has no usable header, so its %s skipped", msg, diag.CountOf(rows, "row is", "rows are"))
			return
		}
		pf.header = make([]string, len(rr.Cells))
		for i, h := range rr.Cells {
			pf.header[i] = string(h)
		}
	}
	rr.Want = c.n
	src := s.layout(c, pf)
	var tp timeParser
	n := len(s.Service.SLOs)
	rw := sampleRow{sloVal: make([]float64, n), sloTot: make([]float64, n), extra: make([]float64, len(s.CheckColumns))}
	emitted, stop := len(pf.t), false
	flush := func() {
		if !stop && emitted < len(pf.t) && !emit(pf, emitted, len(pf.t)) {
			stop = true
		}
		emitted = len(pf.t)
		if !keep {
			pf.truncate()
			emitted = 0
		}
	}
	for rr.Next() {
		if rr.Problem != "" {
			pf.skipped++
			pf.errorf(rr.Start, rr.Col, "%s", rr.Problem)
			continue
		}
		col, msg := s.check(rr.Cells, c, &tp, &rw)
		if msg != "" {
			pf.skipped++
			if rr.End > rr.Start {
				msg += fmt.Sprintf(" (the row runs over lines %d–%d: a quoted cell holds a line break)", rr.Start, rr.End)
			}
			pf.errorf(rr.Start, col, "%s", msg)
			continue
		}
		pf.t = append(pf.t, rw.t)
		pf.line = append(pf.line, int32(rr.Start))
		pf.status = append(pf.status, rw.status)
		for k, h := range src {
			pf.cols[k] = append(pf.cols[k], c.vals[h])
		}
		if len(pf.t)-emitted >= emitChunk {
			if keep && len(pf.t) > maxKeptRows {
				keep = false
				pf.failed = true // too big to keep: not cached
			}
			flush()
			if stop && !keep {
				return
			}
		}
	}
	flush()
}

func joinCells(cells [][]byte) []byte {
	var b []byte
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c...)
	}
	return b
}

// fileID is what says a file has not changed since it was cached: the
// same file (device and inode where the system has them), size and
// modification time.
type fileID struct {
	dev, ino uint64
	size     int64
	mtime    int64 // nanoseconds
}

// entryMeta is what the cache keeps beside a parsed file.
type entryMeta struct {
	id       fileID
	parsedAt int64  // when the file was read (nanoseconds)
	crc      uint32 // CRC-32C of the file's id.size bytes
	// resumable: the file ended with a line break, had a usable header
	// and no quote, so an append can be read on its own.
	resumable bool
}

// racyWindow: a file modified this close to (or after) the moment it was
// read may have changed again within the clock's resolution without its
// size or time showing it, so its bytes are compared before its entry is
// trusted (as git does with its index).
const racyWindow = 2 * time.Second

func (m entryMeta) racy() bool { return m.id.mtime >= m.parsedAt-int64(racyWindow) }

// crcReader passes a stream through, counting its bytes, their CRC-32C
// and the last byte.
type crcReader struct {
	r    io.Reader
	crc  uint32
	n    int64
	last byte
}

func (c *crcReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.crc = crc32.Update(c.crc, castagnoli, p[:n])
		c.n += int64(n)
		c.last = p[n-1]
	}
	return n, err
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// prefixCRC returns the CRC-32C of the first n bytes of f, or false when
// it has fewer.
func prefixCRC(f *os.File, n int64) (uint32, bool) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, false
	}
	h := crc32.New(castagnoli)
	m, err := io.Copy(h, io.LimitReader(f, n))
	if err != nil || m != n {
		return 0, false
	}
	return h.Sum32(), true
}

// cacheKey names a file's entry: its path and what decides how its rows
// are checked and which columns are kept (the SLOs' indicators and
// columns).
func (s *Snapshot) cacheKey(rel string) string {
	var b strings.Builder
	b.WriteString("snapshot\x00")
	b.WriteString(rel)
	for i, o := range s.Service.SLOs {
		fmt.Fprintf(&b, "\x00%d|%s|%s|%s|%s", s.kinds[i], o.Indicator, o.Column, o.Good, o.Total)
	}
	return b.String()
}

const cacheKind = "snapshots"

// readCached reads one opened snapshot file through the cache: an
// unchanged file is folded from its entry without being read; a file
// that grew with its earlier bytes unchanged (an append) is read from
// where its entry ends; anything else is read whole. The entry is then
// stored again. The rows reach emit exactly as a read without the cache
// would hand them on, and the problems are the same.
func (s *Snapshot) readCached(f *os.File, rel string, emit emitFunc) *parsedFile {
	stopped := false
	em := func(pf *parsedFile, a, b int) bool {
		if !stopped && !emit(pf, a, b) {
			stopped = true
		}
		return !stopped
	}
	id, idOK := statID(f)
	key := s.cacheKey(rel)
	if idOK {
		if b, ok := s.store.Get(cacheKind, key); ok {
			if pf, meta, ok := decodeEntry(b, len(s.kinds), len(s.CheckColumns)); ok {
				switch {
				case meta.id == id && !meta.racy():
					em(pf, 0, len(pf.t))
					return pf
				case meta.id.size == id.size:
					if crc, ok := prefixCRC(f, id.size); ok && crc == meta.crc {
						em(pf, 0, len(pf.t))
						s.put(key, id, crc, meta.resumable, pf)
						return pf
					}
				case meta.resumable && id.size > meta.id.size:
					if crc, ok := prefixCRC(f, meta.id.size); ok && crc == meta.crc {
						em(pf, 0, len(pf.t))
						cr := &crcReader{r: io.LimitReader(f, id.size-meta.id.size), crc: crc, n: meta.id.size}
						s.parse(cr, pf, true, em)
						s.BytesParsed += cr.n - meta.id.size
						if cr.n == id.size {
							s.put(key, id, cr.crc, cr.last == '\n', pf)
						}
						return pf
					}
				}
			}
		}
	}
	pf := &parsedFile{}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		pf.errorf(0, 0, "cannot read: %v", err)
		return pf
	}
	cr := &crcReader{r: f}
	s.parse(cr, pf, true, em)
	s.BytesParsed += cr.n
	if idOK && cr.n == id.size {
		s.put(key, id, cr.crc, cr.last == '\n', pf)
	}
	return pf
}

// put stores a file's entry, unless the read failed or the file is too
// big to keep.
func (s *Snapshot) put(key string, id fileID, crc uint32, endsNL bool, pf *parsedFile) {
	if pf.failed {
		return
	}
	meta := entryMeta{id: id, parsedAt: time.Now().UnixNano(), crc: crc,
		resumable: endsNL && pf.header != nil && !pf.quoted}
	s.store.Put(cacheKind, key, encodeEntry(meta, pf))
}

// The entry's encoding: the meta, the parsed file's resume state and
// problems, then its rows column by column: times as varints of the
// change of their step (a regular series costs a byte a row), lines as
// the step beyond one, statuses as bytes, and numbers as a tag (0 no
// value, 1 raw bits follow, n ≥ 2 the whole number n−2).
func encodeEntry(m entryMeta, pf *parsedFile) []byte {
	b := make([]byte, 0, 64+len(pf.t)*(4+2*len(pf.cols)))
	u := func(v uint64) { b = binary.AppendUvarint(b, v) }
	i := func(v int64) { b = binary.AppendVarint(b, v) }
	str := func(s string) { u(uint64(len(s))); b = append(b, s...) }
	u(m.id.dev)
	u(m.id.ino)
	i(m.id.size)
	i(m.id.mtime)
	i(m.parsedAt)
	u(uint64(m.crc))
	flags := uint64(0)
	if m.resumable {
		flags |= 1
	}
	if pf.header != nil {
		flags |= 2
	}
	if pf.quoted {
		flags |= 4
	}
	u(flags)
	u(uint64(len(pf.header)))
	for _, h := range pf.header {
		str(h)
	}
	u(uint64(pf.lines))
	u(uint64(pf.skipped))
	u(uint64(len(pf.diags)))
	for _, d := range pf.diags {
		u(uint64(d.line))
		u(uint64(d.col))
		str(d.msg)
	}
	i(int64(pf.latCol))
	u(uint64(len(pf.valCol)))
	for k := range pf.valCol {
		i(int64(pf.valCol[k]))
		i(int64(pf.totCol[k]))
	}
	u(uint64(len(pf.extraCol)))
	for _, x := range pf.extraCol {
		i(int64(x))
	}
	u(uint64(len(pf.cols)))
	n := len(pf.t)
	u(uint64(n))
	var pt, pd int64
	for k := 0; k < n; k++ {
		d := pf.t[k] - pt
		i(d - pd)
		pt, pd = pf.t[k], d
	}
	pl := int32(0)
	for k := 0; k < n; k++ {
		i(int64(pf.line[k] - pl - 1))
		pl = pf.line[k]
	}
	for k := 0; k < n; k++ {
		b = append(b, byte(pf.status[k]))
	}
	for _, col := range pf.cols {
		for _, v := range col {
			switch {
			case v != v:
				u(0)
			case v >= 0 && v < 1<<52 && v == math.Trunc(v) && !math.Signbit(v):
				u(uint64(v) + 2)
			default:
				u(1)
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
			}
		}
	}
	return b
}

// entryDecoder reads an entry; any inconsistency sets bad.
type entryDecoder struct {
	b   []byte
	bad bool
}

func (d *entryDecoder) u() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *entryDecoder) i() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length that must fit in what is left (each item at least
// min bytes).
func (d *entryDecoder) count(min int) int {
	v := d.u()
	if v > uint64(len(d.b)/max(min, 1)) {
		d.bad, d.b = true, nil
		return 0
	}
	return int(v)
}

func (d *entryDecoder) str() string {
	n := d.count(1)
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// index reads a column index: -1 or one of cols.
func (d *entryDecoder) index(cols int) int {
	v := d.i()
	if v < -1 || v >= int64(cols) {
		d.bad = true
		return -1
	}
	return int(v)
}

func decodeEntry(b []byte, slos, extras int) (*parsedFile, entryMeta, bool) {
	d := &entryDecoder{b: b}
	var m entryMeta
	m.id.dev, m.id.ino = d.u(), d.u()
	m.id.size, m.id.mtime = d.i(), d.i()
	m.parsedAt = d.i()
	m.crc = uint32(d.u())
	flags := d.u()
	m.resumable = flags&1 != 0
	pf := &parsedFile{quoted: flags&4 != 0}
	nh := d.count(1)
	if flags&2 != 0 {
		pf.header = make([]string, nh)
	}
	for k := 0; k < nh && !d.bad; k++ {
		h := d.str()
		if pf.header != nil {
			pf.header[k] = h
		}
	}
	pf.lines, pf.skipped = int(d.u()), int(d.u())
	nd := d.count(3)
	for k := 0; k < nd && !d.bad; k++ {
		line, col := int(d.u()), int(d.u())
		pf.diags = append(pf.diags, fileDiag{line, col, d.str()})
	}
	latCol := d.i()
	nv := d.count(2)
	vc, tc := make([]int64, nv), make([]int64, nv)
	for k := 0; k < nv && !d.bad; k++ {
		vc[k], tc[k] = d.i(), d.i()
	}
	ne := d.count(1)
	ec := make([]int64, ne)
	for k := 0; k < ne && !d.bad; k++ {
		ec[k] = d.i()
	}
	ncols := d.count(1)
	n := d.count(1)
	if d.bad || nv != slos || ne != extras || ncols > 2*slos+1+extras {
		return nil, m, false
	}
	pf.cols = make([][]float64, ncols)
	idx := func(v int64) int {
		if v == colOne {
			return colOne
		}
		if v < -1 || v >= int64(ncols) {
			d.bad = true
			return -1
		}
		return int(v)
	}
	pf.latCol = idx(latCol)
	pf.valCol, pf.totCol = make([]int, nv), make([]int, nv)
	for k := range vc {
		pf.valCol[k], pf.totCol[k] = idx(vc[k]), idx(tc[k])
	}
	pf.extraCol = make([]int, ne)
	for k := range ec {
		pf.extraCol[k] = idx(ec[k])
	}
	pf.t, pf.line, pf.status = make([]int64, n), make([]int32, n), make([]slo.Status, n)
	var pt, pd int64
	for k := 0; k < n && !d.bad; k++ {
		pd += d.i()
		pt += pd
		pf.t[k] = pt
	}
	pl := int64(0)
	for k := 0; k < n && !d.bad; k++ {
		pl += d.i() + 1
		if pl < 0 || pl > math.MaxInt32 {
			d.bad = true
		}
		pf.line[k] = int32(pl)
	}
	if len(d.b) < n {
		return nil, m, false
	}
	for k := 0; k < n; k++ {
		st := slo.Status(d.b[k])
		if st > slo.Maintenance {
			return nil, m, false
		}
		pf.status[k] = st
	}
	d.b = d.b[n:]
	for c := range pf.cols {
		col := make([]float64, n)
		for k := 0; k < n && !d.bad; k++ {
			switch x := d.u(); {
			case x == 0:
				col[k] = math.NaN()
			case x == 1:
				if len(d.b) < 8 {
					return nil, m, false
				}
				col[k] = math.Float64frombits(binary.LittleEndian.Uint64(d.b))
				d.b = d.b[8:]
			default:
				col[k] = float64(x - 2)
			}
		}
		pf.cols[c] = col
	}
	if d.bad || len(d.b) != 0 {
		return nil, m, false
	}
	return pf, m, true
}
