package incident

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
)

// Front matter is read in two steps: the syntax (TOML between +++ lines or
// YAML between --- lines) becomes an fmTable, a tree of values that each
// know the file line they are on; one interpreter then turns that tree into
// an Incident, so both syntaxes get the same checks and the same messages.

// fmValue is one front-matter value: string, bool, int64, float64,
// time.Time (TOML datetimes), []fmValue or *fmTable. YAML scalars other
// than booleans arrive as their written text.
type fmValue struct {
	Line int
	V    any
}

// fmTable is a table or mapping, its keys in file order.
type fmTable struct {
	Line    int
	Entries []fmEntry
}

// fmEntry is one key of a table.
type fmEntry struct {
	Key  string
	Line int
	Val  fmValue
}

func (t *fmTable) get(key string) (fmEntry, bool) {
	for _, e := range t.Entries {
		if e.Key == key {
			return e, true
		}
	}
	return fmEntry{}, false
}

func (t *fmTable) has(key string) bool {
	_, ok := t.get(key)
	return ok
}

// frontMatterSyntax names the two kinds of front matter.
const (
	syntaxTOML = "toml"
	syntaxYAML = "yaml"
)

// splitFrontMatter separates front matter from the body. It returns the
// syntax ("" when the file has none), the front matter text, the file line
// it starts on, the body and the file line the body starts on. closed is
// false when the opening fence has no closing one.
func splitFrontMatter(src []byte) (syntax, fm string, fmLine int, body []byte, bodyLine int, closed bool) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	first, rest, _ := strings.Cut(text, "\n")
	switch strings.TrimRight(first, " \t") {
	case "+++":
		syntax = syntaxTOML
	case "---":
		syntax = syntaxYAML
	default:
		return "", "", 0, []byte(text), 1, false
	}
	fence := strings.TrimRight(first, " \t")
	lines := strings.SplitAfter(rest, "\n")
	for i, l := range lines {
		if strings.TrimRight(l, " \t\n") == fence {
			fm = strings.Join(lines[:i], "")
			body = []byte(strings.Join(lines[i+1:], ""))
			return syntax, fm, 2, body, i + 3, true
		}
	}
	return syntax, rest, 2, nil, 0, false
}

// parseTOMLFrontMatter decodes TOML front matter into a tree whose values
// carry file lines. A syntax error is returned as a Diagnostic.
func parseTOMLFrontMatter(rel, fm string, firstLine int) (*fmTable, *diag.Diagnostic) {
	var m map[string]any
	if _, err := toml.Decode(fm, &m); err != nil {
		d := diag.Diagnostic{Path: rel, Line: firstLine, Message: "front matter: " + err.Error()}
		if pe, ok := err.(toml.ParseError); ok {
			d.Line, d.Column = pe.Position.Line+firstLine-1, pe.Position.Col
			d.Message = "front matter: " + pe.Message
		}
		return nil, &d
	}
	ix := config.IndexTOML(fm, firstLine)
	return tomlTable(m, "", firstLine, ix), nil
}

func tomlTable(m map[string]any, path string, line int, ix *config.TOMLIndex) *fmTable {
	t := &fmTable{Line: line}
	for k, v := range m {
		line := ix.KeyLine(path, k, line)
		t.Entries = append(t.Entries, fmEntry{Key: k, Line: line, Val: tomlValue(v, config.JoinKeyPath(path, k), line, ix)})
	}
	sort.Slice(t.Entries, func(i, j int) bool {
		if t.Entries[i].Line != t.Entries[j].Line {
			return t.Entries[i].Line < t.Entries[j].Line
		}
		return t.Entries[i].Key < t.Entries[j].Key
	})
	return t
}

func tomlValue(v any, path string, line int, ix *config.TOMLIndex) fmValue {
	switch x := v.(type) {
	case map[string]any:
		return fmValue{Line: line, V: tomlTable(x, path, ix.KeyLine(path, "", line), ix)}
	case []map[string]any:
		list := make([]fmValue, len(x))
		for i, m := range x {
			p := fmt.Sprintf("%s[%d]", path, i)
			l := ix.KeyLine(p, "", line)
			list[i] = fmValue{Line: l, V: tomlTable(m, p, l, ix)}
		}
		return fmValue{Line: line, V: list}
	case []any:
		list := make([]fmValue, len(x))
		for i, e := range x {
			list[i] = tomlValue(e, fmt.Sprintf("%s[%d]", path, i), line, ix)
		}
		return fmValue{Line: line, V: list}
	}
	return fmValue{Line: line, V: v}
}

// Conversions from a front-matter value to what a field needs. Each returns
// an error message that says what to write instead.

func (v fmValue) text() (string, error) {
	switch x := v.V.(type) {
	case string:
		return x, nil
	case int64, float64, bool:
		return fmt.Sprint(x), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("want text, got %s", v.kind())
}

func (v fmValue) boolean() (bool, error) {
	switch x := v.V.(type) {
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(x) {
		case "true", "yes":
			return true, nil
		case "false", "no", "":
			return false, nil
		}
	case nil:
		return false, nil
	}
	return false, fmt.Errorf("want true or false, got %s", v.kind())
}

// texts reads a list of strings; a single string is a list of one.
func (v fmValue) texts() ([]string, error) {
	switch x := v.V.(type) {
	case []fmValue:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, err := e.text()
			if err != nil {
				return nil, fmt.Errorf("want a list of names, got an item that is %s", e.kind())
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	case string:
		if strings.TrimSpace(x) == "" {
			return nil, nil
		}
		return []string{strings.TrimSpace(x)}, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("want a list of names such as [\"orders-api\"], got %s", v.kind())
}

// tables reads an array of tables ([[updates]] or a YAML list of mappings).
func (v fmValue) tables() ([]*fmTable, error) {
	switch x := v.V.(type) {
	case []fmValue:
		out := make([]*fmTable, 0, len(x))
		for _, e := range x {
			t, ok := e.V.(*fmTable)
			if !ok {
				return nil, fmt.Errorf("want a list of tables, got an item that is %s", e.kind())
			}
			out = append(out, t)
		}
		return out, nil
	case *fmTable:
		return []*fmTable{x}, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("want a list of tables, got %s", v.kind())
}

// instant reads a time. TOML datetimes without a zone and dirty strings
// are read in loc; warn says what was dirty. dateOnly is set for a date
// without a time of day, read as midnight in loc. A TOML time of day
// without a date is an error.
func (v fmValue) instant(loc *time.Location) (t time.Time, warn string, dateOnly bool, err error) {
	switch x := v.V.(type) {
	case time.Time:
		switch x.Location().String() {
		case "time-local":
			return time.Time{}, "", false, errTimeOfDay(x.Format("15:04:05"))
		case "date-local", "datetime-local":
			t = time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), loc)
			if x.Location().String() == "date-local" {
				return t, "", true, nil
			}
			return t, fmt.Sprintf("no time zone; read in the site's time zone %s (add Z or an offset such as +01:00)", loc), false, nil
		}
		return x, "", false, nil
	case string:
		return parseDirtyTime(x, loc)
	case int64:
		return time.Unix(x, 0).UTC(), "", false, nil
	}
	return time.Time{}, "", false, fmt.Errorf("want a time such as 2026-11-03T09:12:00Z, got %s", v.kind())
}

func (v fmValue) kind() string {
	switch x := v.V.(type) {
	case string:
		return fmt.Sprintf("the text %q", x)
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case int64, float64:
		return fmt.Sprintf("the number %v", x)
	case time.Time:
		return "a time"
	case []fmValue:
		return "a list"
	case *fmTable:
		return "a table"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", v.V)
}
