package diag

import "testing"

func TestOneLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"two\nlines", `two\nlines`},
		{"esc \x1b[2J", `esc \x1b[2J`},
		{"tab\tand\r", `tab\tand\r`},
		{"bad \xff utf-8", "bad \uFFFD utf-8"},
		{"ünïcödé stays", "ünïcödé stays"},
	} {
		if got := OneLine(c.in); got != c.want {
			t.Errorf("OneLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
