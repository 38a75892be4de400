package diag

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OneLine escapes what would break a line of a message or of front matter
// when it quotes text from outside (a server's error, a name from an
// imported source): control characters become \n, \x1b…, invalid UTF-8
// becomes U+FFFD. The text then prints as one line and cannot drive the
// terminal.
func OneLine(s string) string {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
