package config

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TOMLIndex maps TOML keys and tables to the lines they are on.
// BurntSushi/toml reports positions only for syntax errors; this index lets
// every semantic error name its line too. It understands the subset of TOML
// that configuration files use: tables, arrays of tables, dotted keys and
// multi-line arrays and strings.
type TOMLIndex struct {
	tables map[string]int // table path → line of its header
	lines  map[string]int // table path + "." + key → line
}

// IndexTOML indexes src, whose first line is line firstLine of its file.
func IndexTOML(src string, firstLine int) *TOMLIndex {
	ix := &TOMLIndex{tables: map[string]int{"": firstLine}, lines: map[string]int{}}
	counts := map[string]int{} // array-of-table path (with parent indices) → entries so far
	table := ""
	depth := 0     // open [ or { of a multi-line value
	inString := "" // the delimiter of an open multi-line string
	for i, line := range strings.Split(src, "\n") {
		n := firstLine + i
		s := strings.TrimSpace(line)
		if inString != "" {
			if strings.Contains(s, inString) {
				inString = ""
			}
			continue
		}
		if depth > 0 {
			depth = max(depth+bracketDelta(s), 0)
			continue
		}
		if s == "" || s[0] == '#' {
			continue
		}
		if strings.HasPrefix(s, "[[") {
			name := strings.TrimSpace(strings.TrimSuffix(stripComment(s)[2:], "]]"))
			parent := parentPath(name, table)
			full := JoinKeyPath(parent, lastSegment(name))
			idx := counts[full]
			counts[full] = idx + 1
			table = full + "[" + strconv.Itoa(idx) + "]"
			ix.tables[table] = n
			continue
		}
		if s[0] == '[' {
			name := strings.TrimSpace(strings.TrimSuffix(stripComment(s)[1:], "]"))
			parent := parentPath(name, table)
			table = JoinKeyPath(parent, lastSegment(name))
			ix.tables[table] = n
			continue
		}
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			continue
		}
		key := strings.Trim(strings.TrimSpace(s[:eq]), `"'`)
		val := strings.TrimSpace(stripComment(s[eq+1:]))
		ix.lines[JoinKeyPath(table, key)] = n
		switch {
		case strings.HasPrefix(val, `"""`) && strings.Count(val, `"""`) == 1:
			inString = `"""`
		case strings.HasPrefix(val, `'''`) && strings.Count(val, `'''`) == 1:
			inString = `'''`
		default:
			depth = max(bracketDelta(val), 0)
		}
	}
	return ix
}

// maxTOMLDepth bounds how deep tables nest in site.toml, which needs three
// levels (service.slo.objective). The TOML library takes time quadratic in
// the depth: 5,000 nested inline tables, 30 KB, take it 8 seconds.
const maxTOMLDepth = 32

// tomlTooDeep returns the first line on which a key sits deeper than
// maxTOMLDepth tables, counting the segments of table headers and dotted
// keys and the open brackets of inline tables and arrays, or 0. Strings
// and comments are skipped as TOML reads them.
func tomlTooDeep(src string) int {
	line := 1
	table := 0      // segments of the last table header
	var open []byte // open '{' and '[' of the value being read
	atKey := true   // reading a key: at a line's start, or after '{' or ',' in an inline table
	dots := 0       // dots of the key being read
	blank := true   // nothing but spaces yet on this line
	for i := 0; i < len(src); i++ {
		c := src[i]
		wasBlank := blank
		blank = blank && (c == ' ' || c == '\t' || c == '\r')
		switch {
		case c == '\n':
			line++
			blank = true
			if len(open) == 0 {
				atKey, dots = true, 0
			}
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			end := skipTOMLString(src, i)
			line += strings.Count(src[i:end], "\n")
			i = end - 1
		case atKey && len(open) == 0 && c == '[' && wasBlank:
			// A table header: count its segments up to the closing bracket.
			table = 1
			for i+1 < len(src) && src[i+1] != '\n' && src[i+1] != ']' {
				i++
				switch src[i] {
				case '.':
					table++
				case '"', '\'':
					i = skipTOMLString(src, i) - 1
				}
			}
			if table > maxTOMLDepth {
				return line
			}
		case atKey && c == '.':
			dots++
		case atKey && c == '=':
			atKey = false
			if table+dots+1+len(open) > maxTOMLDepth {
				return line
			}
			dots = 0
		case !atKey && (c == '{' || c == '['):
			open = append(open, c)
			atKey = c == '{'
			if len(open)+table > maxTOMLDepth {
				return line
			}
		case !atKey && (c == '}' || c == ']') || atKey && c == '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case c == ',' && len(open) > 0 && open[len(open)-1] == '{':
			atKey, dots = true, 0
		}
	}
	return 0
}

// skipTOMLString returns the index just past the string that starts at
// src[i]: basic or literal, on one line or on many. An unclosed string
// runs to the end of its line (one line) or of src (many).
func skipTOMLString(src string, i int) int {
	q := src[i]
	if strings.HasPrefix(src[i:], strings.Repeat(string(q), 3)) {
		for j := i + 3; j < len(src); j++ {
			if q == '"' && src[j] == '\\' {
				j++
				continue
			}
			if strings.HasPrefix(src[j:], strings.Repeat(string(q), 3)) {
				j += 3
				for k := 0; k < 2 && j < len(src) && src[j] == q; k++ { // """a""""" ends in a""
					j++
				}
				return j
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch {
		case src[j] == '\n':
			return j
		case q == '"' && src[j] == '\\':
			j++
		case src[j] == q:
			return j + 1
		}
	}
	return len(src)
}

// parentPath finds the indexed path of the parent of a table header such as
// "service.slo": the prefix of the current table path whose kinds match
// "service", so a [[service.slo]] belongs to the latest [[service]].
func parentPath(name, curTable string) string {
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return ""
	}
	want := strings.Split(name[:dot], ".")
	segs := strings.Split(curTable, ".")
	if curTable == "" || len(segs) < len(want) {
		return name[:dot]
	}
	for i, w := range want {
		seg := segs[i]
		if b := strings.IndexByte(seg, '['); b >= 0 {
			seg = seg[:b]
		}
		if seg != w {
			return name[:dot]
		}
	}
	return strings.Join(segs[:len(want)], ".")
}

func lastSegment(name string) string {
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		return name[dot+1:]
	}
	return name
}

// JoinKeyPath is the dotted path of key b in table a.
func JoinKeyPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// unquoted calls fn with the index and byte of every character of s that
// is outside a TOML string, until fn returns false.
func unquoted(s string, fn func(i int, c byte) bool) {
	inQuote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote != 0:
			if c == '\\' && inQuote == '"' {
				i++
			} else if c == inQuote {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			inQuote = c
		default:
			if !fn(i, c) {
				return
			}
		}
	}
}

func stripComment(s string) string {
	end := len(s)
	unquoted(s, func(i int, c byte) bool {
		if c == '#' {
			end = i
			return false
		}
		return true
	})
	return s[:end]
}

func bracketDelta(s string) int {
	d := 0
	unquoted(stripComment(s), func(_ int, c byte) bool {
		switch c {
		case '[', '{':
			d++
		case ']', '}':
			d--
		}
		return true
	})
	return d
}

// line returns the line of key in table. A path the index does not know
// (a key of an inline table, an item of a list, a key never written) falls
// back to its nearest known ancestor: the key or table header that holds
// it, and at last the first line, so every error has a line to point at.
func (ix *TOMLIndex) line(table, key string) int {
	// The key itself first: a root key may be "" (written ""), whose path
	// is "" too, which the loop below never looks up.
	if n, ok := ix.lines[JoinKeyPath(table, key)]; ok {
		return n
	}
	for p := JoinKeyPath(table, key); p != ""; p = parentKeyPath(p) {
		if n, ok := ix.lines[p]; ok {
			return n
		}
		if n, ok := ix.tables[p]; ok {
			return n
		}
		if n, ok := ix.tables[p+"[0]"]; ok { // an array of tables: its first header
			return n
		}
	}
	return ix.tables[""]
}

// parentKeyPath drops the last step of a path: an index "[2]" or a key
// ".name". The result is always shorter than p.
func parentKeyPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

// suggest returns the candidate closest to word when it is close enough to
// be a likely typo ("severty" → "severity"), or "".
func suggest(word string, candidates []string) string {
	best, bestD := "", len(word)/2+1
	if bestD > 3 {
		bestD = 3
	}
	for _, c := range candidates {
		if d := levenshtein(word, c); d < bestD || (d == bestD && best == "") && d <= 2 {
			best, bestD = c, d
		}
	}
	return best
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TOMLString quotes s as a one-line TOML basic string: quotes, backslashes
// and control characters escaped, invalid UTF-8 replaced. Everything that
// writes front matter or site.toml entries uses it, so what it writes
// always parses back.
func TOMLString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, string(utf8.RuneError)) {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TOMLStrings writes ss as a one-line TOML array of strings.
func TOMLStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = TOMLString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// KeyLine is the line of key in table; for tables the index does not know
// (inline tables) it is the fallback, the line of the enclosing key.
func (ix *TOMLIndex) KeyLine(table, key string, fallback int) int {
	if n, ok := ix.lines[JoinKeyPath(table, key)]; ok {
		return n
	}
	if n, ok := ix.tables[table]; ok && table != "" {
		return n
	}
	return fallback
}
