package importer

import (
	"html"
	"regexp"
	"strings"
)

// htmlMarkup finds the tags Statuspage bodies hold (paragraphs, breaks,
// links, emphasis, lists, code, headings); a body without one is plain
// text and kept as it is, so "a < b" stays "a < b".
var htmlMarkup = regexp.MustCompile(`(?i)<(?:/?(?:p|br|a|strong|b|em|i|u|ul|ol|li|code|pre|div|span|h[1-6]|blockquote|table|tr|td|th|script|style)\b[^>]*|!--)`)

// htmlToken is a tag, a comment or the text between them.
var htmlToken = regexp.MustCompile(`(?s)<!--.*?(?:-->|$)|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)

var spaces = regexp.MustCompile(`[ \t\r\n\f]+`)

var hrefAttr = regexp.MustCompile(`(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)

// HTMLToText turns the HTML of a Statuspage update or postmortem into
// Markdown that reads as plain text too: paragraphs and breaks become
// line breaks, list items "- " lines, strong and em ** and _, code
// backticks, a link "text (url)" — only http, https and mailto URLs are
// kept, so no javascript: link survives. Scripts, styles and comments are
// dropped with their content; entities are decoded; any other tag is
// removed and its text kept. A body without HTML tags is returned as it is.
func HTMLToText(s string) string {
	if !htmlMarkup.MatchString(s) {
		return s
	}
	var b strings.Builder
	var hrefs []string // the URL of each open <a>, "" when dropped
	skip := ""         // inside script or style: the tag that ends it
	last := 0
	write := func(t string) {
		if skip != "" {
			return
		}
		cur := b.String()
		if cur == "" || strings.HasSuffix(cur, "\n") || strings.HasSuffix(cur, "- ") && strings.HasSuffix(strings.TrimRight(cur, "- "), "\n") {
			t = strings.TrimLeft(t, " ")
		}
		b.WriteString(t)
	}
	text := func(t string) {
		t = html.UnescapeString(t)
		write(spaces.ReplaceAllString(strings.ReplaceAll(t, "\u00a0", " "), " "))
	}
	newline := func(n int) {
		if skip != "" {
			return
		}
		cur := strings.TrimRight(b.String(), " ")
		b.Reset()
		b.WriteString(cur)
		if cur == "" {
			return
		}
		have := len(cur) - len(strings.TrimRight(cur, "\n"))
		for ; have < n; have++ {
			b.WriteByte('\n')
		}
	}
	for _, m := range htmlToken.FindAllStringSubmatchIndex(s, -1) {
		text(s[last:m[0]])
		last = m[1]
		if m[4] < 0 { // a comment
			continue
		}
		closing := m[3] > m[2]
		name := strings.ToLower(s[m[4]:m[5]])
		attrs := s[m[6]:m[7]]
		if skip != "" {
			if closing && name == skip {
				skip = ""
			}
			continue
		}
		switch name {
		case "script", "style":
			if !closing {
				skip = name
			}
		case "p", "div", "ul", "ol", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6":
			newline(2)
		case "br", "tr":
			newline(1)
		case "li":
			if !closing {
				newline(1)
				write("- ")
			}
		case "strong", "b":
			write("**")
		case "em", "i":
			write("_")
		case "code":
			write("`")
		case "a":
			if !closing {
				u := ""
				if h := hrefAttr.FindStringSubmatch(attrs); h != nil {
					u = strings.TrimSpace(html.UnescapeString(h[1] + h[2] + h[3]))
					low := strings.ToLower(u)
					if !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") && !strings.HasPrefix(low, "mailto:") {
						u = ""
					}
				}
				hrefs = append(hrefs, u)
			} else if n := len(hrefs); n > 0 {
				u := hrefs[n-1]
				hrefs = hrefs[:n-1]
				if u != "" && !strings.HasSuffix(b.String(), u) {
					write(" (" + strings.NewReplacer(" ", "%20", ")", "%29", "(", "%28").Replace(u) + ")")
				}
			}
		}
	}
	text(s[last:])
	out := strings.TrimSpace(b.String())
	// Emphasis markers around nothing, left by empty tags.
	return strings.NewReplacer("****", "", "__", "").Replace(out)
}
