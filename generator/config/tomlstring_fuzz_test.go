package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// FuzzTOMLString checks that every string TOMLString writes is one line
// that BurntSushi/toml reads back as the same string (invalid UTF-8 read
// back as U+FFFD, which is what TOMLString promises), both as a value and
// as an array element, so front matter written with it always parses.
// Seeds: the incident names and update texts of real Statuspage incidents.
func FuzzTOMLString(f *testing.F) {
	dir := filepath.Join("..", "..", "..", "shared", "realdata", "statuspage", "github-incidents")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("the real-data folder %s is missing or empty (%v); CI provides ../shared/realdata beside the repository", dir, err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		var in struct {
			Name    string `json:"name"`
			Updates []struct {
				Body string `json:"body"`
			} `json:"incident_updates"`
		}
		if err := json.Unmarshal(b, &in); err != nil {
			f.Fatalf("%s: %v", p, err)
		}
		f.Add(in.Name)
		for _, u := range in.Updates {
			f.Add(u.Body)
		}
	}
	for _, s := range []string{"", `"`, `\`, `\u0041`, "a\r\nb", "\x00\x1f\x7f", "tab\there", "\xff\xfe", "'''", `"""`, "# not a comment", "é\u2028\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := TOMLString(s)
		if strings.ContainsAny(q, "\n\r") {
			t.Fatalf("TOMLString(%q) = %q spans lines", s, q)
		}
		for _, r := range q {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("TOMLString(%q) = %q holds control character %U", s, q, r)
			}
		}
		want := strings.ToValidUTF8(s, string(utf8.RuneError))
		var v struct {
			K  string
			KS []string
		}
		doc := "K = " + q + "\nKS = " + TOMLStrings([]string{s, s}) + " # comment\n"
		if _, err := toml.Decode(doc, &v); err != nil {
			t.Fatalf("%q does not parse: %v", doc, err)
		}
		if v.K != want || len(v.KS) != 2 || v.KS[0] != want || v.KS[1] != want {
			t.Fatalf("TOMLString(%q) reads back as %q / %q", s, v.K, v.KS)
		}
	})
}
