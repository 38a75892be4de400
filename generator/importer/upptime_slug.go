package importer

import (
	"regexp"
	"strings"
)

// The steps of @sindresorhus/slugify's decamelize, which Upptime names its
// history files with: "GitHub" → "Git Hub", "MySQL Playground" → "My SQL
// Playground", "APIs" stays one word.
var (
	upperDigits = regexp.MustCompile(`([A-Z]{2,})(\d+)`)
	lowerUpper2 = regexp.MustCompile(`([a-z\d]+)([A-Z]{2,})`)
	lowerUpper  = regexp.MustCompile(`([a-z\d])([A-Z])`)
	// The library writes the second group [a-rt-z\d]+; it takes only
	// lower-case letters and digits, which no later match starts with, so
	// its first character is enough.
	upperWord = regexp.MustCompile(`([A-Z]+)([A-Z][a-rt-z\d])`)
	// Upptime's slugify replaces these before it drops other characters.
	slugReplacements = strings.NewReplacer("&", " and ", "♥", " love ", "🦄", " unicorn ")
)

// UpptimeSlug is the slug Upptime gives a site without a slug: its name
// with camel case split, lower-cased, every run of other characters one
// dash ("GitHub" → "git-hub", "MySQL Playground" → "my-sql-playground",
// "Hacker News" → "hacker-news"). Letters with accents, which Upptime
// transliterates, are dropped here; give such a site its slug.
func UpptimeSlug(name string) string {
	s := slugReplacements.Replace(name)
	s = upperDigits.ReplaceAllString(s, "$1 $2")
	s = lowerUpper2.ReplaceAllString(s, "$1 $2")
	s = lowerUpper.ReplaceAllString(s, "$1 $2")
	s = upperWord.ReplaceAllString(s, "$1 $2")
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}
