// Package diag is the one way every reader reports a problem in a user's
// file: path:line:column: message.
package diag

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// Diagnostic is one problem found in a user's file: an error that fails
// `check` and `build --strict`, or a warning that only informs.
// It prints as `path:line:column: message` (line and column where known).
type Diagnostic struct {
	Path    string // relative to the folder that holds site.toml
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Column  int    // 1-based; 0 when unknown
	Message string
	Warning bool
}

// Error formats the diagnostic the way compilers do, so editors and CI
// annotations can jump to it.
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Column > 0 {
			fmt.Fprintf(&b, ":%d", d.Column)
		}
	}
	b.WriteString(": ")
	if d.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// GitHub formats the diagnostic as a GitHub Actions workflow command, which
// GitHub shows as an annotation on the file and line.
func (d Diagnostic) GitHub() string {
	kind := "error"
	if d.Warning {
		kind = "warning"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "::%s file=%s", kind, ghEscapeProperty(d.Path))
	if d.Line > 0 {
		fmt.Fprintf(&b, ",line=%d", d.Line)
		if d.Column > 0 {
			fmt.Fprintf(&b, ",col=%d", d.Column)
		}
	}
	b.WriteString("::")
	b.WriteString(ghEscapeData(d.Message))
	return b.String()
}

func ghEscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghEscapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Diagnostics collects every problem of a run, so the user sees all of them
// at once rather than fixing one per build.
type Diagnostics []Diagnostic

// Errorf records an error at path:line:col.
func (ds *Diagnostics) Errorf(path string, line, col int, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Path: path, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at path:line:col.
func (ds *Diagnostics) Warnf(path string, line, col int, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Path: path, Line: line, Column: col, Message: fmt.Sprintf(format, args...), Warning: true})
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if !d.Warning {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (ds Diagnostics) Count() (errs, warns int) {
	for _, d := range ds {
		if d.Warning {
			warns++
		} else {
			errs++
		}
	}
	return errs, warns
}

// Sort orders diagnostics by path, line and column, so output is stable
// whatever order the files were read in.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// Error joins all diagnostics, one per line, so Diagnostics can be returned
// as an error.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// RelPath is p relative to dir with forward slashes, the way diagnostics name
// files; p itself (slashed) when it has no path relative to dir.
func RelPath(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

// GroupDigits writes n with commas between thousands, as messages write
// large numbers: 1,048,576.
func GroupDigits(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + GroupDigits(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// CountOf says "1 SLO" or "3 SLOs", as messages count things.
func CountOf(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
