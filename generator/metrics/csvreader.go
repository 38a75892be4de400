package metrics

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"
)

// MaxLine is the longest line, and the longest record, a snapshot may
// hold: 64 KiB. A row is a time and a few numbers (30 to 200 bytes) and a
// wide header a few kilobytes, so this leaves a hundredfold margin, while
// a longer line is not a snapshot row (a pasted blob, a binary file) and
// must not cost memory: it is skipped as a stream, whatever its length,
// and reported. It is also bufio.Scanner's default limit, so other tools
// read every file statusgen accepts, and AppendMetrics refuses to write a
// longer row.
const MaxLine = 64 << 10

// readBufs recycles the read buffers of snapshot files.
var readBufs = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// lineReader returns the lines of a stream without copying them; a line
// is valid until the next call. A line longer than maxLine is not
// returned: it is read past, without being held, and next reports its
// length instead. Memory is one buffer, whatever the file holds.
type lineReader struct {
	r          io.Reader
	buf        []byte
	start, end int
	eof        bool
	err        error
}

// next returns the next line without its "\n", or, for a line longer
// than maxLine, nil and its length in bytes. ok is false at the end.
func (lr *lineReader) next() (line []byte, long int64, ok bool) {
	for {
		if i := bytes.IndexByte(lr.buf[lr.start:lr.end], '\n'); i >= 0 {
			line = lr.buf[lr.start : lr.start+i]
			lr.start += i + 1
			if len(line) > MaxLine {
				return nil, int64(len(line)), true
			}
			return line, 0, true
		}
		if lr.end-lr.start > MaxLine {
			return nil, lr.skipLine(), true
		}
		if lr.eof {
			if lr.start < lr.end {
				line = lr.buf[lr.start:lr.end]
				lr.start = lr.end
				return line, 0, true
			}
			return nil, 0, false
		}
		if lr.start > 0 {
			copy(lr.buf, lr.buf[lr.start:lr.end])
			lr.end -= lr.start
			lr.start = 0
		}
		if lr.end == len(lr.buf) {
			nb := make([]byte, 2*len(lr.buf))
			copy(nb, lr.buf[:lr.end])
			lr.buf = nb
		}
		lr.fill()
	}
}

// skipLine reads past the rest of a line too long to return, dropping
// each buffer as it goes, and returns the line's length.
func (lr *lineReader) skipLine() int64 {
	n := int64(0)
	for {
		if i := bytes.IndexByte(lr.buf[lr.start:lr.end], '\n'); i >= 0 {
			lr.start += i + 1
			return n + int64(i)
		}
		n += int64(lr.end - lr.start)
		lr.start, lr.end = 0, 0
		if lr.eof {
			return n
		}
		lr.fill()
	}
}

func (lr *lineReader) fill() {
	n, err := lr.r.Read(lr.buf[lr.end:])
	lr.end += n
	if err != nil {
		lr.eof = true
		if err != io.EOF {
			lr.err = err
		}
	}
}

// csvReader reads the records of a snapshot file as RFC 4180 says: cells
// split at commas; a cell in double quotes may hold commas, line breaks
// and quotes written twice (""). A line without a quote, which is what
// probes and pipelines write, is split in place in one pass; only quoted
// lines are copied and unquoted.
//
// A record that spans lines (a quoted cell with a line break) is kept
// whole only if it is well-formed and, once the header is read, has the
// header's number of cells. Otherwise its first line is reported and the
// lines after it are read again as records of their own: a stray quote
// never hides the rows after it.
type csvReader struct {
	lr   lineReader
	line int // the last physical line read

	// The current record: its first and last line, its cells (valid
	// until the next call), or the problem that kept it from being read
	// and the cell it is in (1-based; 0 when unknown).
	Start, End int
	Cells      [][]byte
	Problem    string
	Col        int

	// Want is the number of cells a record that spans lines must have to
	// be kept whole; 0 accepts any.
	Want int
	// Quoted is set once a line with a double quote was read: such a
	// stream cannot be resumed at a line's end, as a quote may run on.
	Quoted bool

	pending []pendingLine // lines to read again before the stream's next, the next last
	rec     []byte        // a multi-line record's lines, joined by "\n"
	ends    []int         // where each of those lines ends in rec
	nums    []int         // and its number
	unq     []byte        // unquoted cells
}

// pendingLine is a line to read again: its bytes (owned) or, for a line
// too long to hold, its length.
type pendingLine struct {
	b    []byte
	long int64
	num  int
}

func newCSVReader(r io.Reader) *csvReader {
	bp := readBufs.Get().(*[]byte)
	return &csvReader{lr: lineReader{r: r, buf: *bp}}
}

// release returns the reader's buffer to the pool.
func (r *csvReader) release() {
	if cap(r.lr.buf) == 256<<10 {
		b := r.lr.buf[:cap(r.lr.buf)]
		readBufs.Put(&b)
	}
	r.lr.buf = nil
}

// Err is the read error that ended the stream, if any.
func (r *csvReader) Err() error { return r.lr.err }

// physical returns the next line, without its "\r\n" or "\n", and its
// number.
func (r *csvReader) physical() (b []byte, long int64, num int, ok bool) {
	if n := len(r.pending); n > 0 {
		p := r.pending[n-1]
		r.pending = r.pending[:n-1]
		return p.b, p.long, p.num, true
	}
	b, long, ok = r.lr.next()
	if !ok {
		return nil, 0, 0, false
	}
	r.line++
	if r.line == 1 {
		b = bytes.TrimPrefix(b, []byte("\ufeff"))
	}
	if k := len(b); k > 0 && b[k-1] == '\r' {
		b = b[:k-1]
	}
	return b, long, r.line, true
}

// Next reads the next record that is not blank. It returns false at the
// end of the stream. After it, either Problem says why the record (lines
// Start to End) cannot be read, or Cells holds its cells.
func (r *csvReader) Next() bool {
	if r.Problem != "" {
		r.Problem, r.Col = "", 0
	}
	for {
		var (
			b    []byte
			long int64
			num  int
		)
		if len(r.pending) == 0 && r.line > 0 {
			// The common case, without physical's call.
			var ok bool
			if b, long, ok = r.lr.next(); !ok {
				return false
			}
			r.line++
			num = r.line
			if k := len(b); k > 0 && b[k-1] == '\r' {
				b = b[:k-1]
			}
		} else {
			var ok bool
			if b, long, num, ok = r.physical(); !ok {
				return false
			}
		}
		r.Start, r.End = num, num
		cells := r.Cells[:0]
		if long > 0 {
			r.Cells = cells
			r.Problem = fmt.Sprintf("line too long (%d bytes); a snapshot line holds at most %d bytes: remove the line or split it", long, MaxLine)
			return true
		}
		if bytes.IndexByte(b, '"') < 0 {
			if len(trimSpace(b)) == 0 {
				continue
			}
			for {
				i := bytes.IndexByte(b, ',')
				if i < 0 {
					r.Cells = append(cells, b)
					return true
				}
				cells = append(cells, b[:i])
				b = b[i+1:]
			}
		}
		r.Cells = cells
		r.Quoted = true
		r.quoted(b, num)
		return true
	}
}

// quoted reads a record whose first line holds a quote.
func (r *csvReader) quoted(b []byte, num int) {
	open, cell := quoteState(b, false)
	if !open {
		r.Cells, r.unq, r.Col, r.Problem = splitQuoted(b, r.Cells, r.unq)
		return
	}
	// A quoted cell runs on: gather the record's lines.
	r.rec = append(r.rec[:0], b...)
	r.ends, r.nums = append(r.ends[:0], len(r.rec)), append(r.nums[:0], num)
	for open {
		nb, long, n, ok := r.physical()
		switch {
		case !ok:
			r.unclosed(cell, "before the end of the file")
			return
		case long > 0 || len(r.rec)+1+len(nb) > MaxLine:
			r.pending = append(r.pending, pendingLine{b: bytes.Clone(nb), long: long, num: n})
			r.unclosed(cell, fmt.Sprintf("within %d bytes", MaxLine))
			return
		}
		r.rec = append(append(r.rec, '\n'), nb...)
		r.ends, r.nums = append(r.ends, len(r.rec)), append(r.nums, n)
		var c int
		if open, c = quoteState(nb, true); c > 0 {
			cell = 0 // the open cell is not on the first line
		}
	}
	r.End = r.nums[len(r.nums)-1]
	r.Cells, r.unq, r.Col, r.Problem = splitQuoted(r.rec, r.Cells, r.unq)
	switch {
	case r.Problem != "":
		r.Problem += fmt.Sprintf(" (in the row that a quoted cell makes of lines %d–%d)", r.Start, r.End)
		r.readAgain()
	case r.Want > 0 && len(r.Cells) != r.Want:
		r.Problem = fmt.Sprintf("a quoted cell on this line runs to line %d, and the row it makes has %d cells, not the header's %d; close the quote on this line or write it twice (\"\")",
			r.End, len(r.Cells), r.Want)
		r.Col = cell
		r.readAgain()
	}
}

// unclosed reports a quoted cell that never closes, and reads the lines
// gathered after the first again.
func (r *csvReader) unclosed(cell int, where string) {
	r.Problem = fmt.Sprintf("a quoted cell opened on this line is not closed %s; close it with \" or write a quote inside it twice (\"\")", where)
	r.Col = cell
	r.readAgain()
}

// readAgain drops the current record back to its first line: the lines
// gathered after it are read again, before the rest of the stream.
func (r *csvReader) readAgain() {
	r.End = r.Start
	r.Cells = r.Cells[:0]
	if len(r.ends) < 2 {
		return
	}
	for i := len(r.ends) - 1; i >= 1; i-- {
		r.pending = append(r.pending, pendingLine{b: bytes.Clone(r.rec[r.ends[i-1]+1 : r.ends[i]]), num: r.nums[i]})
	}
	r.ends = r.ends[:0]
}

// quoteState runs the RFC 4180 quoting rules over one line, from inside
// a quoted cell or from the start of a record, and says whether a quoted
// cell is still open at its end; cell is the (1-based) cell of this line
// where that quote opened, 0 when it opened on an earlier line.
func quoteState(b []byte, inQuote bool) (open bool, cell int) {
	fieldStart, n := !inQuote, 1
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inQuote {
			if c == '"' {
				if i+1 < len(b) && b[i+1] == '"' {
					i++
					continue
				}
				inQuote = false
			}
			continue
		}
		switch {
		case c == '"' && fieldStart:
			inQuote, cell = true, n
		case c == ',':
			n++
		}
		fieldStart = c == ','
	}
	if !inQuote {
		cell = 0
	}
	return inQuote, cell
}

// splitQuoted splits a record with quoted cells into cells (unquoted into
// unq, which it returns for reuse). A malformed record (a quote inside an
// unquoted cell, text after a closing quote) gets a problem and the cell
// it is in.
func splitQuoted(rec []byte, cells [][]byte, unq []byte) ([][]byte, []byte, int, string) {
	if cap(unq) < len(rec) {
		unq = make([]byte, 0, len(rec)) // never grown below: cells point into it
	}
	unq = unq[:0]
	for n := 1; ; n++ {
		if len(rec) > 0 && rec[0] == '"' {
			start := len(unq)
			rec = rec[1:]
			for {
				j := bytes.IndexByte(rec, '"')
				if j < 0 {
					return cells[:0], unq, n, "a quoted cell is not closed; close it with \" or write a quote inside it twice (\"\")"
				}
				unq = append(unq, rec[:j]...)
				rec = rec[j+1:]
				if len(rec) > 0 && rec[0] == '"' {
					unq = append(unq, '"')
					rec = rec[1:]
					continue
				}
				break
			}
			cells = append(cells, unq[start:len(unq):len(unq)])
			if len(rec) == 0 {
				return cells, unq, 0, ""
			}
			if rec[0] != ',' {
				return cells[:0], unq, n, "text after the closing quote of a quoted cell; put the whole cell in quotes and write a quote inside it twice (\"\")"
			}
			rec = rec[1:]
			continue
		}
		i := bytes.IndexByte(rec, ',')
		cell := rec
		if i >= 0 {
			cell = rec[:i]
		}
		if bytes.IndexByte(cell, '"') >= 0 {
			return cells[:0], unq, n, "a quote inside an unquoted cell; put the whole cell in quotes and write the quote twice (\"\")"
		}
		cells = append(cells, cell)
		if i < 0 {
			return cells, unq, 0, ""
		}
		rec = rec[i+1:]
	}
}

// quoteCell quotes user bytes for a message, Go-style, so that control
// bytes and invalid UTF-8 show as escapes and never reach a terminal or a
// CI log raw; a long value is cut to its first 60 bytes.
func quoteCell(b []byte) string {
	const max = 60
	if len(b) <= max {
		return strconv.Quote(string(b))
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return strconv.Quote(string(b[:cut])) + fmt.Sprintf("… (%d bytes)", len(b))
}

// printableName returns a column name as it is when quoting would not
// change it (printable, no quote or backslash, short), else quoted as
// quoteCell does.
func printableName(s string) string {
	if q := quoteCell([]byte(s)); q[1:len(q)-1] != s {
		return q
	}
	return s
}
