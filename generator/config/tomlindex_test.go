package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestTOMLIndexLines(t *testing.T) {
	src := `title = "a # not a comment"   # comment
list = [
  "x",   # [ inside a comment
  "]",
]
text = """
[[not.a.table]]
"""
[[service]]
id = "a"
  [service.probe]
  url = "https://x"
  [[service.slo]]
  id = "s1"
  [[service.slo]]
  id = "s2"
[[service]]
id = "b"
  [[service.slo]]
  objective = 99
[incident_weights]
major = 0.5
`
	ix := IndexTOML(src, 1)
	cases := []struct {
		table, key string
		line       int
	}{
		{"", "title", 1},
		{"", "list", 2},
		{"", "text", 6},
		{"service[0]", "id", 10},
		{"service[0].probe", "url", 12},
		{"service[0].slo[0]", "id", 14},
		{"service[0].slo[1]", "id", 16},
		{"service[1]", "id", 18},
		{"service[1].slo[0]", "objective", 20},
		{"service[1].slo[0]", "missing", 19}, // falls back to the table header
		{"incident_weights", "major", 22},
	}
	for _, c := range cases {
		if got := ix.line(c.table, c.key); got != c.line {
			t.Errorf("line(%q, %q) = %d, want %d", c.table, c.key, got, c.line)
		}
	}
	if _, ok := ix.tables["not.a.table[0]"]; ok {
		t.Error("a table header inside a multi-line string was indexed")
	}
}

// A path the index does not hold falls back to the nearest line that
// holds it: the key of an inline table, the first header of an array of
// tables, the key of a list.
func TestTOMLIndexFallsBackToTheEnclosingKey(t *testing.T) {
	src := `title = "T"
[[service]]
id = "a"
probe = { url = 5 }
  [[service.slo]]
  id = "s"
  objective = [1,
    2]
[[servce]]
id = "typo"
`
	ix := IndexTOML(src, 1)
	cases := []struct {
		table, key string
		line       int
	}{
		{"service[0].probe", "url", 4},           // inside an inline table
		{"service[0].slo[0]", "objective[1]", 7}, // an item of a list
		{"", "servce", 9},                        // an array of tables, by its name
		{"service[3]", "id", 2},                  // an entry the index missed: the first [[service]]
		{"a]b", "c", 1},
	}
	for _, c := range cases {
		if got := ix.line(c.table, c.key); got != c.line {
			t.Errorf("line(%q, %q) = %d, want %d", c.table, c.key, got, c.line)
		}
	}
}

// Tables nested deeper than site.toml could need are refused before the
// TOML library, whose time grows with the square of the depth, reads them.
func TestTOMLTooDeep(t *testing.T) {
	deep := strings.Repeat("a.", 40)
	for src, want := range map[string]int{
		"title = \"T\"\n[[service]]\nid = \"a\"\n  [[service.slo]]\n  objective = 99.9\n": 0,
		"x = \"" + strings.Repeat("{[", 100) + "\"\ny = '" + deep + "' # " + deep + "\n":  0,
		"x = [\n" + strings.Repeat("  1.5,\n", 100) + "]\n":                               0,
		"x = \"\"\"\n" + strings.Repeat("{", 100) + "\n\"\"\"\n":                          0,
		"title = \"T\"\n" + deep + "b = 1\n":                                              2,
		"\n\n[" + deep + "b]\n":                                                           3,
		"[[" + deep + "b]]\n":                                                             1,
		"x = " + strings.Repeat("{a = ", 40) + "1" + strings.Repeat("}", 40) + "\n":       1,
		"x = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n":                 1,
		"x = {" + deep + "b = 1}\n":                                                       1,
		"s = \"\"\"a\nb\"\"\"\nx = [{a = [{a = [\n" + strings.Repeat("[", 40) + "\n":      4,
	} {
		if got := tomlTooDeep(src); got != want {
			t.Errorf("tomlTooDeep(%.60q…) = %d, want %d", src, got, want)
		}
	}
	_, ds := loadTOML(t, "[[service]]\nid = \"a\"\nprobe = "+strings.Repeat("{a = ", 100)+"1"+strings.Repeat("}", 100)+"\n")
	if got := ds.Error(); got != "site.toml:3: tables nest more than 32 levels deep; site.toml needs three at most, as in [[service.slo]] objective = 99.9" {
		t.Errorf("deep inline tables: %s", got)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"severity", "services", "started", "resolved"}
	for word, want := range map[string]string{"severty": "severity", "servces": "services", "resovled": "resolved", "colour": ""} {
		if got := suggest(word, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

// Whatever a title holds, TOMLString writes a value that parses back to
// the same text (invalid UTF-8 becomes U+FFFD).
func TestTOMLStringRoundTrips(t *testing.T) {
	for _, s := range []string{
		`plain`, `say "hi"`, `C:\path\`, "two\nlines", "tab\there", "cr\r\nlf",
		"bell\x07 and del\x7f", "ünïcødé ✓", "",
	} {
		var v struct{ T string }
		if _, err := toml.Decode("T = "+TOMLString(s), &v); err != nil || v.T != s {
			t.Errorf("TOMLString(%q) = %s parses to %q, %v", s, TOMLString(s), v.T, err)
		}
	}
	var v struct{ T string }
	if _, err := toml.Decode("T = "+TOMLString("bad\xffbyte"), &v); err != nil || v.T != "bad\uFFFDbyte" {
		t.Errorf("invalid UTF-8: %q, %v", v.T, err)
	}
}

// FuzzTOMLIndex indexes arbitrary text: every line it records, and every
// line it falls back to for any path, is a line of the text, and a key
// the TOML library finds at the top level is found on a line of its own.
func FuzzTOMLIndex(f *testing.F) {
	for _, s := range configSeeds(f) {
		f.Add(s)
	}
	f.Add("+++\ntitle = \"x\"\n+++\n")
	f.Add("x = " + strings.Repeat("{a = [", 15) + "1" + strings.Repeat("]}", 15) + "\n[[" + strings.Repeat("b.", 30) + "c]]\n")
	f.Add("a = \"\"\"\nb = 1\n\"\"\"\nc = [\n[\n]\n]\n[[d]]\n[[d.e]]\n[d.e.f]\ng = 1\n")
	f.Fuzz(func(t *testing.T, src string) {
		ix := IndexTOML(src, 1)
		n := strings.Count(src, "\n") + 1
		for p, l := range ix.lines {
			if l < 1 || l > n {
				t.Fatalf("key %q on line %d of %d", p, l, n)
			}
		}
		for p, l := range ix.tables {
			if l < 1 || l > n {
				t.Fatalf("table %q on line %d of %d", p, l, n)
			}
		}
		deep := tomlTooDeep(src)
		if deep < 0 || deep > n {
			t.Fatalf("tomlTooDeep = line %d of %d", deep, n)
		}
		var tree map[string]any
		if _, err := toml.Decode(src, &tree); err != nil {
			return
		}
		// What passed the depth guard is not deep for the TOML library
		// either (an array of tables is a level of its own in the tree).
		if d := treeDepth(tree); deep == 0 && d > 2*maxTOMLDepth+2 {
			t.Fatalf("tables %d levels deep passed the depth guard", d)
		}
		paths := []string{}
		walkTOMLPaths(tree, "", func(table, key string) { paths = append(paths, JoinKeyPath(table, key)) })
		for _, p := range paths {
			if l := ix.line(p, "x"); l < 1 || l > n {
				t.Fatalf("line(%q) = %d of %d", p, l, n)
			}
		}
		text := strings.Split(src, "\n")
		for k, v := range tree {
			switch v.(type) {
			case map[string]any, []map[string]any, []any:
				continue
			}
			if l := ix.line("", k); !strings.Contains(text[l-1], "=") {
				t.Fatalf("key %q: line %d holds no key: %q", k, l, text[l-1])
			}
		}
	})
}

// walkTOMLPaths calls fn with the table path and name of every key of a
// decoded TOML tree, arrays of tables indexed as the index writes them.
func walkTOMLPaths(m map[string]any, table string, fn func(table, key string)) {
	for k, v := range m {
		fn(table, k)
		switch x := v.(type) {
		case map[string]any:
			walkTOMLPaths(x, JoinKeyPath(table, k), fn)
		case []map[string]any:
			for i, e := range x {
				walkTOMLPaths(e, fmt.Sprintf("%s[%d]", JoinKeyPath(table, k), i), fn)
			}
		}
	}
}

// treeDepth is how deep tables and arrays nest in a decoded TOML value.
func treeDepth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, treeDepth(e))
		}
	case []map[string]any:
		for _, e := range x {
			d = max(d, treeDepth(e))
		}
	case []any:
		for _, e := range x {
			d = max(d, treeDepth(e))
		}
	default:
		return 0
	}
	return d + 1
}
