package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Inputs that cost goldmark far more than their size: each must be refused
// by the limit named, not rendered.
var costlyMarkdown = []struct {
	name string
	src  func() string
	line int    // the line the error points at; 0 for the whole file
	want string // part of the message naming the limit
}{
	// 28 KB: a header of 4,000 columns over 6,000 one-cell rows renders
	// every row with 4,000 cells, 160 MB of HTML.
	{"wide table", func() string {
		return "# Timeline\n\n|" + strings.Repeat("a|", 4000) + "\n|" + strings.Repeat("-|", 4000) + "\n" + strings.Repeat("x\n", 6000)
	}, 3, "a table of up to 4,002 columns and 6,002 rows takes the file over its limit of 100,000 table cells"},
	// 160 KB of unclosed links: each opener rescans the rest of the line.
	{"link openers", func() string { return "intro\n\n" + strings.Repeat("[a](", 40000) },
		3, "a paragraph of 160,000 bytes with 120,000 punctuation marks takes the file over its parsing limit of 100,000,000"},
	// Emphasis delimiters that never match are compared pairwise.
	{"unmatched emphasis", func() string { return strings.Repeat("*a_ ", 50000) }, 1, "a paragraph of 200,000 bytes with 100,000 punctuation marks"},
	// Link reference definitions are peeled off a paragraph one at a time.
	{"reference definitions", func() string { return strings.Repeat("[a]: u\n", 20000) }, 1,
		"a paragraph of 20,000 lines starting with [ (link reference definitions, which cost lines²)"},
	// goldmark's work per line grows with the depth of nesting.
	{"nested quotes", func() string { return "a\n\n" + strings.Repeat("> ", 20000) + "b\n" }, 3,
		"block quotes, lists or footnotes nested more than 32 deep"},
	{"nested lists", func() string { return strings.Repeat("* ", 20000) + "b\n" }, 1, "nested more than 32 deep"},
	{"heading", func() string { return "# " + strings.Repeat("[a](", 20000) + "\n" }, 1, "a heading of "},
	// Every reference to a footnote adds a link back to it.
	{"footnote references", func() string { return strings.Repeat(strings.Repeat("[^a]", 20)+"\n\n", 2500) + "[^a]: note\n" }, 0,
		"it renders to more than 8,388,608 bytes of HTML"},
	// 2.4 MB took a build 296 s.
	{"size", func() string {
		return strings.Repeat("Text with a [link](https://example.com) and *emphasis*.\n\n", 42000)
	}, 0,
		"bytes, over the limit of 1,048,576"},
}

func TestMarkdownLimits(t *testing.T) {
	for _, tc := range costlyMarkdown {
		t.Run(tc.name, func(t *testing.T) {
			html, err := RenderMarkdown([]byte(tc.src()))
			var tce *TooComplexError
			if !errors.As(err, &tce) {
				t.Fatalf("rendered %d bytes, err %v; want a TooComplexError", len(html), err)
			}
			if html != "" || !strings.Contains(tce.What, tc.want) || tce.Line != tc.line {
				t.Errorf("line %d: %v\nwant line %d and %q", tce.Line, err, tc.line, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "too large or too complex to render (") || tce.Fix == "" {
				t.Errorf("message %q must start with the reason and say what to change", err)
			}
		})
	}
}

// realMarkdown is every Markdown file of ../shared/realdata's postmortems,
// the repository's docs and its sample incidents.
func realMarkdown(t testing.TB) map[string][]byte {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "realdata", "postmortems"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the real-data folder is missing (%v); CI provides ../shared/realdata beside the repository", err)
	}
	var paths []string
	for _, pattern := range []string{filepath.Join(dir, "*", "*"), "../docs/*.md", "../README.md", "../incidents/*.md"} {
		m, _ := filepath.Glob(pattern)
		paths = append(paths, m...)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		if b := filepath.Base(p); b == "LICENSE" || b == "COMMIT" {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = src
	}
	if len(out) < 30 {
		t.Fatalf("only %d Markdown files found", len(out))
	}
	return out
}

// The limits are far above what real files need: every real postmortem
// and doc renders, and uses under a tenth of the parsing limit.
func TestMarkdownLimitsPassRealFiles(t *testing.T) {
	for path, src := range realMarkdown(t) {
		if _, err := RenderMarkdown(src); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		g := &guard{src: src}
		pc := parser.NewContext()
		pc.Set(guardKey, g)
		markdown.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
		if g.work > MaxInlineWork/10 || g.cells > MaxTableCells/10 {
			t.Errorf("%s: parsing work %d, table cells %d: within a tenth of the limits, real files leave no headroom", path, g.work, g.cells)
		}
	}
}

// A file over a limit is reported at its line and left out; the rest of
// the site builds.
func TestBuildLeavesOutTooComplexFiles(t *testing.T) {
	front := "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\n+++\n"
	files := map[string]string{
		"incidents/2026-11-03-good.md":  fullTOML,
		"content/pages/about.md":        "# About\n\nWho we are.\n",
		"content/metrics/orders-api/.k": "",
	}
	for _, tc := range costlyMarkdown {
		slug := Slugify(tc.name)
		files["incidents/"+slug+".md"] = front + tc.src()
		files["content/pages/"+slug+".md"] = tc.src()
	}
	cfg := writeIncidentSite(t, files)
	out := filepath.Join(filepath.Dir(cfg), "public")
	site, ds, err := Build(BuildOptions{Config: cfg, Out: out, Now: fixedNow})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, ds)
	}
	if site.RejectedIncidents != len(costlyMarkdown) || len(site.Incidents) != 1 || len(site.Pages) != 1 {
		t.Errorf("rejected %d, published %d incidents and %d pages; want %d, 1, 1", site.RejectedIncidents, len(site.Incidents), len(site.Pages), len(costlyMarkdown))
	}
	got := map[string]string{}
	for _, d := range ds {
		if !d.Warning {
			got[d.Path] = d.Error()
		}
	}
	for _, tc := range costlyMarkdown {
		slug := Slugify(tc.name)
		for _, p := range []string{"incidents/" + slug + ".md", "content/pages/" + slug + ".md"} {
			line := tc.line
			if line > 0 && strings.HasPrefix(p, "incidents/") {
				line += 5 // after the front matter
			}
			want := p
			if line > 0 {
				want += ":" + itoa(line)
			}
			want += ": too large or too complex to render ("
			if !strings.HasPrefix(got[p], want) || !strings.Contains(got[p], tc.want) {
				t.Errorf("%s: %q\nwant %q…%q", p, got[p], want, tc.want)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "incidents", slug)); err == nil {
			t.Errorf("incidents/%s/ published", slug)
		}
		if _, err := os.Stat(filepath.Join(out, slug)); err == nil {
			t.Errorf("%s/ published", slug)
		}
	}
	var total int64
	filepath.Walk(out, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			total += fi.Size()
		}
		return nil
	})
	if total > 4<<20 {
		t.Errorf("the site is %d bytes; the refused files must add nothing", total)
	}
	for _, p := range []string{"incidents/2026-11-03-good/index.html", "about/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s missing: %v", p, err)
		}
	}
	if _, _, err := Build(BuildOptions{Config: cfg, Out: out, Now: fixedNow, Strict: true}); !errors.Is(err, ErrInputs) {
		t.Errorf("--strict: %v; want it to fail on the refused files", err)
	}
}

func itoa(n int) string { return groupDigits(int64(n)) }
