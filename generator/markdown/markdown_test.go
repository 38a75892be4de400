package markdown

import (
	"errors"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/statusgen/statusgen/generator/testsite"
)

func TestMarkdownLimits(t *testing.T) {
	for _, tc := range testsite.CostlyMarkdown {
		t.Run(tc.Name, func(t *testing.T) {
			html, err := Render([]byte(tc.Src()))
			var tce *TooComplexError
			if !errors.As(err, &tce) {
				t.Fatalf("rendered %d bytes, err %v; want a TooComplexError", len(html), err)
			}
			if html != "" || !strings.Contains(tce.What, tc.Want) || tce.Line != tc.Line {
				t.Errorf("line %d: %v\nwant line %d and %q", tce.Line, err, tc.Line, tc.Want)
			}
			if !strings.HasPrefix(err.Error(), "too large or too complex to render (") || tce.Fix == "" {
				t.Errorf("message %q must start with the reason and say what to change", err)
			}
		})
	}
}

// The limits are far above what real files need: every real postmortem
// and doc renders, and uses under a tenth of the parsing limit.
func TestMarkdownLimitsPassRealFiles(t *testing.T) {
	for path, src := range testsite.RealMarkdown(t) {
		if _, err := Render(src); err != nil {
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
