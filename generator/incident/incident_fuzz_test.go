package incident

import (
	"bytes"
	"errors"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/markdown"
	"github.com/statusgen/statusgen/generator/testsite"
)

// Small front matters of each kind, and of each problem the reader knows,
// for the fuzzers to start from beside the real files.
var inlineIncidentSeeds = []string{
	testsite.FullTOML,
	fullYAML,
	"---\ntitle: Orders API slow\ndate: 2026-10-01 9:05:00\nresolved: true\nresolvedWhen: 2026-10-01T10:20:00\nseverity: down\naffected:\n  - orders api\n  - ldap\nsection: issue\ninformational: false\npin: false\n---\nBack to normal.\n",
	"---\ntitle: Upgrade\ndate: 2026-12-11T15:30:00-00:00\nresolved: false\nseverity: disrupted\naffected: [Orders API]\n---\n",
	"+++\ntitle = \"x\"\nseverity = \"critical\"\nstarted = 10:00:00\n+++\n",
	"+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-03\nresolved = 1969-12-31T23:59:59Z\n+++\n",
	"+++\ntitle = \"x\"\nseverity = \"maintenance\"\nstarted = 1700000000\nresolved = 2026-11-03T09:12:00\n[[updates]]\ntime = 2026-11-03T09:12:00+01:00\nstatus = \"scheduled\"\n[[actions]]\ntext = \"a\"\ndue = 2026-11-30\n+++\n",
	"---\ntitle: x\nseverity: minor\ntitle: y\nstarted: &a 2026-11-03T09:12:00Z\ndetected: *a\n---\n",
	"---\ntitle: x\nbase: &b {severity: minor}\n<<: *b\nstarted: &a [*a]\n---\n",
	"\ufeff+++\r\ntitle = \"x\"\r\nseverity = \"major\"\r\nstarted = 2026-11-03T09:12:00Z\r\n+++\r\n# Heading\r\n| a | b |\r\n|---|---|\r\n",
	"# All services returning 503\n\n## Summary\n",
	"+++\ntitle = \"x\"\n",
}

// realIncidentSeeds are the real postmortems and the repository's sample
// incidents.
func realIncidentSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for p, src := range testsite.RealMarkdown(t) {
		if strings.Contains(p, "postmortems") || strings.Contains(p, "incidents") {
			out = append(out, src)
		}
	}
	if len(out) < 25 {
		t.Fatalf("only %d real incident files", len(out))
	}
	return out
}

// FuzzIncidentFrontMatter parses TOML, YAML and cState incident files.
// Whatever the input: no panic; every diagnostic names the file and a line
// within it (0 only for "too large or too complex", which concerns the
// whole file); a file with an error is not published; a published
// incident has a title, a known severity, and times within 1970–2199 with
// detected, contained and resolved not before started.
func FuzzIncidentFrontMatter(f *testing.F) {
	for _, s := range inlineIncidentSeeds {
		f.Add([]byte(s))
	}
	for _, s := range realIncidentSeeds(f) {
		f.Add(s)
	}
	cfg, ds := config.LoadConfig(testsite.WriteIncidentSite(f, map[string]string{}))
	if cfg == nil || ds.HasErrors() {
		f.Fatal(ds)
	}
	const rel = "incidents/2026-11-03-fuzz.md"
	inRange := func(tm time.Time) bool {
		return !tm.Before(earliestIncidentTime) && tm.Before(latestIncidentTime)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var ds diag.Diagnostics
		in := Parse(cfg, rel, src, &ds)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range ds {
			if d.Path != rel || d.Message == "" {
				t.Errorf("diagnostic without the file or a message: %q", d.Error())
			}
			wholeFile := d.Line == 0 && strings.HasPrefix(d.Message, "too large or too complex to render (")
			if (d.Line < 1 || d.Line > lines) && !wholeFile {
				t.Errorf("line %d outside the file's %d lines: %s", d.Line, lines, d.Error())
			}
		}
		if in == nil {
			if !ds.HasErrors() {
				t.Errorf("left out without an error: %v", ds)
			}
			return
		}
		if ds.HasErrors() {
			t.Errorf("published despite errors: %v", ds)
		}
		if in.Title == "" || !slices.Contains(severities, in.Severity) || in.Slug == "" {
			t.Errorf("title %q severity %q slug %q", in.Title, in.Severity, in.Slug)
		}
		if !inRange(in.Started) {
			t.Errorf("started %s outside 1970–2199", fmtUTC(in.Started))
		}
		for name, tm := range map[string]time.Time{"detected": in.Detected, "contained": in.Contained, "resolved": in.Resolved} {
			if !tm.IsZero() && (!inRange(tm) || tm.Before(in.Started)) {
				t.Errorf("%s %s: out of range or before started %s", name, fmtUTC(tm), fmtUTC(in.Started))
			}
		}
		for _, u := range in.Updates {
			if !inRange(u.Time) || u.Line < 1 || u.Line > lines {
				t.Errorf("update at line %d: time %s", u.Line, fmtUTC(u.Time))
			}
		}
		for _, a := range in.Actions {
			if (!a.Due.IsZero() && !inRange(a.Due)) || a.Line < 1 || a.Line > lines {
				t.Errorf("action at line %d: due %s", a.Line, fmtUTC(a.Due))
			}
		}
		if len(in.Body) > markdown.MaxRenderedBytes {
			t.Errorf("body of %d bytes", len(in.Body))
		}
	})
}

// linkRE finds the targets of links and images in rendered HTML.
var linkRE = regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*"([^"]*)"`)

// FuzzMarkdown renders Markdown under the limits. Whatever the input: no
// panic; either HTML of at most MaxRenderedBytes, or a TooComplexError at
// a line within the file and no HTML; a file over MaxMarkdownBytes is
// always refused; raw HTML never comes through as tags, and no link
// target is a script.
func FuzzMarkdown(f *testing.F) {
	for _, src := range testsite.RealMarkdown(f) {
		f.Add(src)
	}
	for _, s := range inlineIncidentSeeds {
		f.Add([]byte(s))
	}
	for _, tc := range testsite.CostlyMarkdown {
		s := tc.Src()
		f.Add([]byte(s[:min(len(s), 2000)]))
	}
	for _, s := range []string{
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"[a](javascript:alert(1)) [b](JaVaScRiPt:x) ![c](vbscript:x) <javascript:alert(1)>",
		"[a](jav&#x61;script:alert(1)) [b]( javascript:x) [c][r]\n\n[r]: javascript:x",
		"- [ ] task\n- [x] done\n\n~~gone~~ www.example.com https://example.com/a_(b)",
		"> > > quote\n>\n> * list\n>   1. nested\n\n```go\ncode\n```\n\n    indented\n",
		"a[^1]\n\n[^1]: note with [^2]\n\n[^2]: [^1]: nested\n",
		"Setext\n===\n\n| a | b |\n|:-|-:|\n| 1 | 2 | 3 |\n| \\| |",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := markdown.Render(src)
		if err != nil {
			var tc *markdown.TooComplexError
			if !errors.As(err, &tc) {
				t.Fatalf("error %v is not a TooComplexError", err)
			}
			if lines := bytes.Count(src, []byte("\n")) + 1; tc.Line < 0 || tc.Line > lines || out != "" {
				t.Errorf("line %d of %d, %d bytes of HTML: %v", tc.Line, lines, len(out), err)
			}
			return
		}
		if len(src) > markdown.MaxMarkdownBytes || len(out) > markdown.MaxRenderedBytes {
			t.Fatalf("%d bytes rendered to %d", len(src), len(out))
		}
		low := strings.ToLower(string(out))
		for _, tag := range []string{"<script", "<img src=x", "<iframe", "<style", "<object"} {
			if strings.Contains(low, tag) {
				t.Errorf("raw HTML passed through: %s", tag)
			}
		}
		for _, m := range linkRE.FindAllStringSubmatch(string(out), -1) {
			target := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, html.UnescapeString(m[1])))
			if strings.HasPrefix(target, "javascript:") || strings.HasPrefix(target, "vbscript:") {
				t.Errorf("link to a script: %s", m[0])
			}
		}
	})
}
