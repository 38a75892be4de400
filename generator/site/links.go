package site

import "strings"

// Link returns the URL of a path of public/ (such as "incidents/x/") as
// seen from the file at from: absolute under base_url, else relative to
// from. Without base_url a folder link gets index.html so it also works
// from the file system.
func (s *Site) Link(from, to string) string {
	if s.Config.BaseURL != "" {
		return s.Config.BaseURL + to
	}
	if to == "" || strings.HasSuffix(to, "/") {
		to += "index.html"
	}
	return RootOf(from) + to
}

// RootOf returns the relative path from a file in public/ to the root.
func RootOf(p string) string {
	return strings.Repeat("../", strings.Count(p, "/"))
}
