// Package markdown renders the Markdown of incidents and pages with the one
// goldmark instance, refusing what would cost far more than its size.
package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/statusgen/statusgen/generator/diag"
)

// Limits on one Markdown file (an incident's body or a page of
// content/pages/). Real postmortems are a few KB to about 100 KB and
// render to about twice that; these limits are ten times and more above
// anything real, and keep the worst file to well under a second of work
// and a few tens of MB of memory. A file over a limit is not rendered:
// the caller reports a TooComplexError and leaves the file out.
//
// goldmark cannot be interrupted, and a deadline would make the output
// depend on how busy the machine is, so rendering is bounded by work
// instead: the structures that cost more than linear time or output are
// counted while parsing, and parsing stops adding to them once a limit is
// passed.
const (
	// MaxMarkdownBytes is the largest Markdown file read.
	MaxMarkdownBytes = 1 << 20
	// MaxRenderedBytes is the largest HTML a file may render to.
	MaxRenderedBytes = 8 << 20
	// MaxTableCells bounds rows × columns, summed over a file's tables:
	// every row is rendered with as many cells as the header has, so a
	// wide header over many short rows multiplies the page.
	MaxTableCells = 100_000
	// MaxNesting bounds block quotes, list items and footnotes inside
	// one another; goldmark's work per line grows with the depth.
	MaxNesting = 32
	// MaxInlineWork bounds, summed over the paragraphs, headings and table
	// rows of a file, bytes × punctuation marks: inline parsing (links,
	// emphasis, code spans) may rescan a block once per mark.
	MaxInlineWork = 100_000_000
)

// TooComplexError says which limit a Markdown file went over, where, and
// what to change.
type TooComplexError struct {
	Line int    // 1-based line of the Markdown source; 0 for the whole file
	What string // what was found and the limit
	Fix  string // what to change
}

func (e *TooComplexError) Error() string {
	return fmt.Sprintf("too large or too complex to render (%s; %s)", e.What, e.Fix)
}

// TooLarge is the error for a file of n bytes, over MaxMarkdownBytes.
func TooLarge(n int64) *TooComplexError {
	return &TooComplexError{
		What: fmt.Sprintf("%s bytes, over the limit of %s", diag.GroupDigits(n), diag.GroupDigits(MaxMarkdownBytes)),
		Fix:  "split it into several files or move logs and data out of it",
	}
}

// ErrorLine is the file line a rendering error points at, for a body
// that starts on the file's line first: the line of a TooComplexError, or
// 0 (the whole file) when it concerns the whole body.
func ErrorLine(err error, first int) int {
	var tc *TooComplexError
	if errors.As(err, &tc) {
		if tc.Line == 0 {
			return 0
		}
		return first + tc.Line - 1
	}
	return first
}

// ErrorMessage is the message for a rendering error: a TooComplexError
// says what to change; anything else is goldmark's own.
func ErrorMessage(err error) string {
	var tc *TooComplexError
	if errors.As(err, &tc) {
		return tc.Error()
	}
	return "cannot render: " + err.Error()
}

// markdown is the one goldmark instance: GitHub-flavoured Markdown
// (tables, task lists, strikethrough, autolinks), footnotes and heading
// anchors. Raw HTML is shown escaped, as text, never passed through: an
// incident file must not be able to inject script into the status page.
// The guards count what costs more than linear time (see the limits).
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithBlockParsers(
			util.Prioritized(nestingGuard{}, 0),
			util.Prioritized(&headingGuard{BlockParser: parser.NewATXHeadingParser()}, 599),
		),
		parser.WithParagraphTransformers(
			util.Prioritized(referenceGuard{}, 50), // before link reference definitions, at 100
			util.Prioritized(tableGuard{}, 150),    // before the table extension, at 200
			util.Prioritized(paragraphGuard{}, 1<<20),
		),
	),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(escapeRawHTML{}, 100))),
)

// RenderMarkdown renders a Markdown body to HTML. A body over a limit
// gives a *TooComplexError.
func Render(src []byte) (template.HTML, error) {
	if len(src) > MaxMarkdownBytes {
		return "", TooLarge(int64(len(src)))
	}
	g := &guard{src: src}
	pc := parser.NewContext()
	pc.Set(guardKey, g)
	doc := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if g.err != nil {
		return "", g.err
	}
	w := &cappedWriter{max: MaxRenderedBytes}
	if err := markdown.Renderer().Render(w, src, doc); err != nil && !w.over {
		return "", err
	}
	if w.over {
		return "", &TooComplexError{
			What: fmt.Sprintf("it renders to more than %s bytes of HTML", diag.GroupDigits(MaxRenderedBytes)),
			Fix:  "shorten it or split it into several files",
		}
	}
	return template.HTML(w.buf.String()), nil
}

// guard counts, for one render, the work the limits bound. The first limit
// passed is kept in err; from then on the guards drop what they are given,
// so the rest of the parse is cheap.
type guard struct {
	src   []byte
	work  int64 // bytes × punctuation marks of inline blocks so far
	cells int64 // table cells so far
	err   *TooComplexError
}

var guardKey = parser.NewContextKey()

func guardOf(pc parser.Context) *guard {
	g, _ := pc.Get(guardKey).(*guard)
	return g
}

// line is the 1-based line of a byte offset of the source.
func (g *guard) line(offset int) int {
	return bytes.Count(g.src[:min(max(offset, 0), len(g.src))], []byte("\n")) + 1
}

// inline adds the work of inline-parsing segs (bytes × punctuation marks)
// and reports whether the file is still within MaxInlineWork.
func (g *guard) inline(segs []text.Segment, what string) bool {
	var n, marks int64
	for _, s := range segs {
		v := s.Value(g.src)
		n += int64(len(v))
		marks += int64(punctuation(v))
	}
	return g.add(n*marks, segs, func() string {
		return fmt.Sprintf("%s of %s bytes with %s punctuation marks", what, diag.GroupDigits(n), diag.GroupDigits(marks))
	})
}

// add adds work done on segs; what describes them for the message.
func (g *guard) add(work int64, segs []text.Segment, what func() string) bool {
	if g.err != nil {
		return false
	}
	g.work += work
	if g.work <= MaxInlineWork {
		return true
	}
	line := 0
	if len(segs) > 0 {
		line = g.line(segs[0].Start)
	}
	g.err = &TooComplexError{
		Line: line,
		What: fmt.Sprintf("%s takes the file over its parsing limit of %s (bytes × punctuation marks of each paragraph, heading and table row, summed)",
			what(), diag.GroupDigits(MaxInlineWork)),
		Fix: "put logs and data in ``` fenced code blocks, or split long paragraphs with blank lines",
	}
	return false
}

// punctuation counts ASCII punctuation, the only characters that start
// inline markup.
func punctuation(b []byte) int {
	n := 0
	for _, c := range b {
		if util.IsPunct(c) {
			n++
		}
	}
	return n
}

func segments(l *text.Segments) []text.Segment {
	out := make([]text.Segment, l.Len())
	for i := range out {
		out[i] = l.At(i)
	}
	return out
}

func dropParagraph(node *ast.Paragraph) {
	if p := node.Parent(); p != nil {
		p.RemoveChild(p, node)
	}
}

// referenceGuard runs before goldmark reads link reference definitions
// ([label]: url) off the start of a paragraph, which costs lines² for a
// paragraph of them; that is counted as parsing work.
type referenceGuard struct{}

func (referenceGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	g := guardOf(pc)
	lines := node.Lines()
	if g == nil || lines.Len() < 2 {
		return
	}
	first := lines.At(0)
	if v := bytes.TrimLeft(first.Value(g.src), " \t"); len(v) == 0 || v[0] != '[' {
		return
	}
	n := int64(lines.Len())
	if !g.add(n*n, []text.Segment{first}, func() string {
		return fmt.Sprintf("a paragraph of %s lines starting with [ (link reference definitions, which cost lines²)", diag.GroupDigits(n))
	}) {
		dropParagraph(node)
	}
}

// tableGuard runs before the table extension. Any paragraph line after the
// first that looks like a table's delimiter row (| --- | :-: |) may make
// the paragraph a table of up to lines × columns cells; those are counted,
// and each line's inline work, since every cell is parsed on its own.
type tableGuard struct{}

func (tableGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	g := guardOf(pc)
	if g == nil {
		return
	}
	lines := node.Lines()
	cols := 0
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := seg.Value(g.src)
		if delimiterRow(v) {
			cols = max(cols, bytes.Count(v, []byte("|"))+1)
		}
	}
	if cols == 0 {
		return
	}
	rows := int64(lines.Len())
	g.cells += rows * int64(cols)
	if g.err == nil && g.cells > MaxTableCells {
		g.err = &TooComplexError{
			Line: g.line(lines.At(0).Start),
			What: fmt.Sprintf("a table of up to %s columns and %s rows takes the file over its limit of %s table cells (rows × columns, summed)",
				diag.GroupDigits(int64(cols)), diag.GroupDigits(rows), diag.GroupDigits(MaxTableCells)),
			Fix: "split the table or drop columns: every row has as many cells as the header",
		}
	}
	for i := 0; i < lines.Len() && g.err == nil; i++ {
		g.inline([]text.Segment{lines.At(i)}, "a table row")
	}
	if g.err != nil {
		dropParagraph(node)
	}
}

// delimiterRow is a superset of what the table extension takes for a
// delimiter row: only spaces, |, : and -, with something besides -.
func delimiterRow(v []byte) bool {
	dash, other := false, false
	for _, c := range v {
		switch c {
		case '-':
			dash = true
		case '|', ':':
			other = true
		case ' ', '\t', '\n', '\r', '\v', '\f':
		default:
			return false
		}
	}
	return dash && other
}

// paragraphGuard runs after every other paragraph transformer: what is
// still a paragraph is inline-parsed whole.
type paragraphGuard struct{}

func (paragraphGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if g := guardOf(pc); g != nil && !g.inline(segments(node.Lines()), "a paragraph") {
		dropParagraph(node)
	}
}

// headingGuard counts the inline work of ATX headings (# Title); setext
// headings are paragraphs first and counted by paragraphGuard.
type headingGuard struct{ parser.BlockParser }

func (h *headingGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	node, state := h.BlockParser.Open(parent, reader, pc)
	if g := guardOf(pc); node != nil && g != nil && !g.inline(segments(node.Lines()), "a heading") {
		node.Lines().Clear()
	}
	return node, state
}

// SetOption passes options (automatic heading ids) on to the wrapped parser.
func (h *headingGuard) SetOption(name parser.OptionName, value any) {
	if so, ok := h.BlockParser.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// nestingGuard is tried before every block parser on the characters that
// open containers (>, list markers, [^note]:). Inside a container nested
// deeper than MaxNesting it records the error and takes the rest of the
// line as raw text, so no deeper container opens.
type nestingGuard struct{}

func (nestingGuard) Trigger() []byte { return []byte(">-+*[0123456789") }

func (nestingGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	g := guardOf(pc)
	if g == nil || nesting(parent) <= MaxNesting {
		return nil, parser.NoChildren
	}
	_, seg := reader.PeekLine()
	if g.err == nil {
		g.err = &TooComplexError{
			Line: g.line(seg.Start),
			What: fmt.Sprintf("block quotes, lists or footnotes nested more than %d deep", MaxNesting),
			Fix:  "flatten the nesting",
		}
	}
	node := ast.NewCodeBlock()
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

func (nestingGuard) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (nestingGuard) Close(ast.Node, text.Reader, parser.Context)                 {}
func (nestingGuard) CanInterruptParagraph() bool                                 { return true }
func (nestingGuard) CanAcceptIndentedLine() bool                                 { return false }

// nesting counts the containers n is in, itself included.
func nesting(n ast.Node) int {
	d := 0
	for ; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindBlockquote, ast.KindListItem, extast.KindFootnote:
			d++
		}
	}
	return d
}

// cappedWriter keeps up to max bytes and notes when more were written.
type cappedWriter struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.over || w.buf.Len()+len(p) > w.max {
		w.over = true
		return 0, errRenderedTooLarge
	}
	return w.buf.Write(p)
}

var errRenderedTooLarge = fmt.Errorf("rendered HTML over %d bytes", MaxRenderedBytes)

// escapeRawHTML renders raw HTML nodes as escaped text.
type escapeRawHTML struct{}

func (escapeRawHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		template.HTMLEscape(w, seg.Value(source))
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	_, _ = w.WriteString("<pre class=\"raw-html\">")
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		template.HTMLEscape(w, seg.Value(source))
	}
	if n.HasClosure() {
		template.HTMLEscape(w, n.ClosureLine.Value(source))
	}
	_, _ = w.WriteString("</pre>\n")
	return ast.WalkContinue, nil
}
