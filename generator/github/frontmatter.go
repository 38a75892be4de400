package github

import (
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/statusgen/statusgen/generator/config"
)

// frontMatterDoc is TOML front matter kept as the lines it was written
// in, so the importer can rewrite the keys that come from GitHub and
// leave every other line — the engineer's keys, comments and layout —
// byte for byte as it was.
type frontMatterDoc struct {
	lines []fmLine
}

type lineKind int

const (
	lineTrivia lineKind = iota // blank or comment
	lineKey                    // the first line of a key = value
	lineCont                   // a continuation of a multi-line value
	lineHeader                 // [table] or [[array]]
)

type fmLine struct {
	text string
	kind lineKind
	key  string // for lineKey: the key; for lineHeader: the table name
}

// parseFrontMatterDoc classifies each line. It follows strings (basic,
// literal, multi-line) and brackets, so a multi-line array or string is
// one value, not several keys.
func parseFrontMatterDoc(fm string) *frontMatterDoc {
	d := &frontMatterDoc{}
	var multi string // `"""` or `'''` while inside a multi-line string
	depth := 0
	for _, text := range strings.Split(strings.TrimSuffix(fm, "\n"), "\n") {
		l := fmLine{text: text}
		t := strings.TrimSpace(text)
		switch {
		case multi != "" || depth > 0:
			l.kind = lineCont
		case t == "" || strings.HasPrefix(t, "#"):
			l.kind = lineTrivia
		case strings.HasPrefix(t, "["):
			l.kind = lineHeader
			l.key = strings.Trim(strings.SplitN(t, "#", 2)[0], "[] \t")
		default:
			l.kind = lineKey
			k, _, _ := strings.Cut(t, "=")
			l.key = strings.Trim(strings.TrimSpace(k), `"'`)
		}
		multi, depth = scanTOMLLine(text, multi, depth)
		if l.kind == lineHeader {
			depth = 0 // a header's brackets are not a value's
		}
		d.lines = append(d.lines, l)
	}
	return d
}

// scanTOMLLine advances the string and bracket state over one line.
func scanTOMLLine(s, multi string, depth int) (string, int) {
	for i := 0; i < len(s); i++ {
		if multi != "" {
			if multi == `"""` && s[i] == '\\' {
				i++
				continue
			}
			if strings.HasPrefix(s[i:], multi) {
				multi = ""
				i += 2
			}
			continue
		}
		switch c := s[i]; {
		case c == '#':
			return multi, depth
		case strings.HasPrefix(s[i:], `"""`), strings.HasPrefix(s[i:], `'''`):
			multi = s[i : i+3]
			i += 2
		case c == '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case c == '\'':
			for i++; i < len(s) && s[i] != '\''; i++ {
			}
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return multi, depth
}

func (d *frontMatterDoc) String() string {
	var b strings.Builder
	for _, l := range d.lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// rootEnd is the index of the first table header (or the end).
func (d *frontMatterDoc) rootEnd() int {
	for i, l := range d.lines {
		if l.kind == lineHeader {
			return i
		}
	}
	return len(d.lines)
}

// valueEnd returns the index after the key line at i and its continuations.
func (d *frontMatterDoc) valueEnd(i int) int {
	j := i + 1
	for j < len(d.lines) && d.lines[j].kind == lineCont {
		j++
	}
	return j
}

func (d *frontMatterDoc) findRoot(key string) int {
	for i := 0; i < d.rootEnd(); i++ {
		if d.lines[i].kind == lineKey && d.lines[i].key == key {
			return i
		}
	}
	return -1
}

// hasRoot reports whether the root table sets key.
func (d *frontMatterDoc) hasRoot(key string) bool { return d.findRoot(key) >= 0 }

// setRoot writes key = value in the root table: in place when the key is
// there, else after the first of the keys `after` that is there, else
// after the root's last key.
func (d *frontMatterDoc) setRoot(key, value string, after ...string) {
	line := fmLine{text: key + " = " + value, kind: lineKey, key: key}
	if i := d.findRoot(key); i >= 0 {
		// An unchanged one-line value keeps the engineer's alignment and comment.
		if d.valueEnd(i) == i+1 {
			if rootValue(d.lines[i].text) == value {
				return
			}
			// Keep the engineer's alignment: "title     = ".
			if eq := strings.Index(d.lines[i].text, "="); eq >= 0 {
				pre := d.lines[i].text[:eq+1]
				pre += d.lines[i].text[eq+1 : eq+1+len(d.lines[i].text[eq+1:])-len(strings.TrimLeft(d.lines[i].text[eq+1:], " \t"))]
				line.text = pre + value
			}
		}
		d.splice(i, d.valueEnd(i), line)
		return
	}
	at := -1
	for _, a := range after {
		if i := d.findRoot(a); i >= 0 {
			at = d.valueEnd(i)
			break
		}
	}
	if at < 0 {
		at = d.rootEnd()
		for i := 0; i < d.rootEnd(); i++ {
			if d.lines[i].kind == lineKey {
				at = d.valueEnd(i)
			}
		}
	}
	d.splice(at, at, line)
}

// rootValue returns the value text of a one-line "key = value # comment".
func rootValue(line string) string {
	_, v, _ := strings.Cut(line, "=")
	v = strings.TrimSpace(v)
	multi, depth := scanTOMLLine(v, "", 0)
	if multi != "" || depth != 0 {
		return v
	}
	// Drop a trailing comment outside strings.
	in := byte(0)
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case in != 0 && c == '\\' && in == '"':
			i++
		case in != 0 && c == in:
			in = 0
		case in == 0 && (c == '"' || c == '\''):
			in = c
		case in == 0 && c == '#':
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}

// deleteRoot removes key from the root table.
func (d *frontMatterDoc) deleteRoot(key string) {
	if i := d.findRoot(key); i >= 0 {
		d.splice(i, d.valueEnd(i))
	}
}

func (d *frontMatterDoc) splice(from, to int, with ...fmLine) {
	out := append([]fmLine{}, d.lines[:from]...)
	out = append(out, with...)
	d.lines = append(out, d.lines[to:]...)
}

// tableBlock is one [[name]] table: its header line up to its last
// non-trivia line (comments and blank lines after it stay outside).
type tableBlock struct{ from, to int }

func (d *frontMatterDoc) blocks(name string) []tableBlock {
	var out []tableBlock
	for i := 0; i < len(d.lines); i++ {
		if d.lines[i].kind != lineHeader || d.lines[i].key != name || !strings.HasPrefix(strings.TrimSpace(d.lines[i].text), "[[") {
			continue
		}
		end := i + 1
		for j := i + 1; j < len(d.lines) && d.lines[j].kind != lineHeader; j++ {
			if d.lines[j].kind != lineTrivia {
				end = j + 1
			}
		}
		out = append(out, tableBlock{i, end})
	}
	return out
}

// blockSource reads the source key of one [[updates]] block.
func (d *frontMatterDoc) blockSource(b tableBlock) string {
	var sb strings.Builder
	for _, l := range d.lines[b.from:b.to] {
		sb.WriteString(l.text)
		sb.WriteByte('\n')
	}
	var v struct {
		Updates []struct {
			Source string `toml:"source"`
		} `toml:"updates"`
	}
	if _, err := toml.Decode(sb.String(), &v); err != nil || len(v.Updates) != 1 {
		return ""
	}
	return v.Updates[0].Source
}

// syncUpdates makes the [[updates]] blocks whose source starts with
// prefix equal to want (keyed by source, in order): a block whose source
// is still wanted is rewritten in place, one no longer wanted is removed,
// a new one is appended at the end. Other [[updates]] are left alone.
func (d *frontMatterDoc) syncUpdates(prefix string, want []importedUpdate) {
	byKey := map[string]importedUpdate{}
	for _, u := range want {
		byKey[u.Source] = u
	}
	seen := map[string]bool{}
	bs := d.blocks("updates")
	for i := len(bs) - 1; i >= 0; i-- { // back to front: splices keep earlier indices
		src := d.blockSource(bs[i])
		if !strings.HasPrefix(src, prefix) {
			continue
		}
		u, ok := byKey[src]
		if !ok || seen[src] {
			from := bs[i].from
			if from > 0 && d.lines[from-1].kind == lineTrivia && strings.TrimSpace(d.lines[from-1].text) == "" {
				from-- // the blank line that separated it
			}
			d.splice(from, bs[i].to)
			continue
		}
		seen[src] = true
		d.splice(bs[i].from, bs[i].to, u.lines()...)
	}
	for _, u := range want {
		if seen[u.Source] {
			continue
		}
		if n := len(d.lines); n > 0 && strings.TrimSpace(d.lines[n-1].text) != "" {
			d.lines = append(d.lines, fmLine{kind: lineTrivia})
		}
		d.lines = append(d.lines, u.lines()...)
	}
}

// importedUpdate is one [[updates]] entry that comes from GitHub.
type importedUpdate struct {
	Source string
	Time   time.Time
	Status string
	Text   string
}

func (u importedUpdate) lines() []fmLine {
	return []fmLine{
		{text: "[[updates]]", kind: lineHeader, key: "updates"},
		{text: "source = " + config.TOMLString(u.Source), kind: lineKey, key: "source"},
		{text: "time   = " + tomlTime(u.Time), kind: lineKey, key: "time"},
		{text: "status = " + config.TOMLString(u.Status), kind: lineKey, key: "status"},
		{text: "text   = " + config.TOMLString(u.Text), kind: lineKey, key: "text"},
	}
}

func tomlTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
