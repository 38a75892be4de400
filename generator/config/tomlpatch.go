package config

import "strings"

// TableLine returns the line of a table's header ("service[2]"), or 0.
func (ix *TOMLIndex) TableLine(table string) int { return ix.tables[table] }

// NextTableAfter returns the line of the first table header after table's
// own that is neither table nor a table below it (for "service[2]" the
// next [[service]], [[group]], …, not [[service.slo]] of the same
// service), or 0 when table runs to the end of the file. Text inserted
// before that line lands inside table.
func (ix *TOMLIndex) NextTableAfter(table string) int {
	start := ix.tables[table]
	next := 0
	for name, n := range ix.tables {
		if n <= start || name == "" || name == table || strings.HasPrefix(name, table+".") {
			continue
		}
		if next == 0 || n < next {
			next = n
		}
	}
	return next
}
