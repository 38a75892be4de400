package testsite

import "strings"

// CostlyMarkdown holds inputs that cost goldmark far more than their size: each must be refused
// by the limit named, not rendered.
var CostlyMarkdown = []struct {
	Name string
	Src  func() string
	Line int    // the line the error points at; 0 for the whole file
	Want string // part of the message naming the limit
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
