package metrics

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/slo"
)

func TestParseNumberMatchesStrconv(t *testing.T) {
	for _, s := range []string{"0", "1", "123", "-4.5", "+7", "0.1", "0.3", "299.99", "300", "1.", ".5",
		"123456789012345", "1234567890123456", "0.000000000000001", "1e3", "1E-2", "12.345678901234567",
		"9007199254740993", "-0", "00012.50"} {
		want, err := strconv.ParseFloat(s, 64)
		got, ok := parseNumber([]byte(s))
		if !ok || err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("parseNumber(%q) = %v, %v; strconv says %v, %v", s, got, ok, want, err)
		}
	}
	for _, s := range []string{"", "-", ".", "abc", "1.2.3", "NaN", "Inf", "-inf", "1,5", "0x10p0z"} {
		if v, ok := parseNumber([]byte(s)); ok {
			t.Errorf("parseNumber(%q) = %v, want an error", s, v)
		}
	}
}

func TestTimeParserMatchesTimeParse(t *testing.T) {
	var p timeParser
	for _, s := range []string{"2026-11-03T09:15:00Z", "2026-11-03T23:59:59Z", "2026-11-04T00:00:00Z",
		"2026-11-03T09:15:00+01:00", "2026-11-03T09:15:00-05:30", "2026-11-03T09:15:00.999Z",
		"2024-02-29T12:00:00Z", "2026-03-29T01:30:00+01:00"} {
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := p.parse([]byte(s))
		if !ok || got != want.Unix() {
			t.Errorf("parse(%q) = %d, %v; want %d", s, got, ok, want.Unix())
		}
	}
	if got, ok := p.parse([]byte("1700000000")); !ok || got != 1700000000 {
		t.Errorf("unix seconds: %d %v", got, ok)
	}
	// Not fast-path forms: left to parseSampleTime, which rejects these.
	for _, s := range []string{"2026-02-30T00:00:00Z", "2026-11-03T24:00:00Z", "2026-11-03T09:15:00", "2026-11-03 09:15:00Z", "yesterday"} {
		if _, ok := p.parse([]byte(s)); ok {
			t.Errorf("parse(%q) accepted", s)
		}
		if _, err := parseSampleTime(s); err == nil {
			t.Errorf("parseSampleTime(%q) accepted", s)
		}
	}
}

func TestSplitCellsAndLines(t *testing.T) {
	rr := newCSVReader(strings.NewReader("2026-11-03T09:15:00Z,\"up, really\",12\na,,c\n"))
	defer rr.release()
	if !rr.Next() || len(rr.Cells) != 3 || string(rr.Cells[1]) != "up, really" {
		t.Errorf("quoted: %q %s", rr.Cells, rr.Problem)
	}
	if !rr.Next() || len(rr.Cells) != 3 || string(rr.Cells[1]) != "" {
		t.Errorf("empty cell: %q", rr.Cells)
	}
	// A line longer than the buffer grows it, up to maxLine; a longer one
	// is read past and reported by its length; the last line needs no
	// newline.
	fits := strings.Repeat("x", MaxLine)
	long := strings.Repeat("y", 300<<10)
	lr := &lineReader{r: strings.NewReader("a\r\n" + fits + "\n" + long + "\nlast"), buf: make([]byte, 16)}
	var got []string
	for {
		l, n, ok := lr.next()
		if !ok {
			break
		}
		if n > 0 {
			l = []byte(fmt.Sprintf("long %d", n))
		}
		got = append(got, string(l))
	}
	if len(got) != 4 || got[0] != "a\r" || got[1] != fits || got[2] != "long 307200" || got[3] != "last" || lr.err != nil {
		t.Errorf("lines: %d %v", len(got), lr.err)
	}
	if st, ok := statusOf([]byte("DeGraded")); !ok || st != slo.Degraded {
		t.Errorf("statusOf: %v %v", st, ok)
	}
	if _, ok := statusOf([]byte("upp")); ok {
		t.Error("statusOf accepted upp")
	}
}
