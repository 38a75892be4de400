package generator

import (
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
	ix := indexTOML(src, 1)
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
	ix := indexTOML(src, 1)
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
