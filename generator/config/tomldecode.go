package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/statusgen/statusgen/generator/diag"
)

// decodeTOML decodes src into v, a pointer to a struct with toml tags. A
// syntax error or tables nested absurdly deep stop it (reported at their
// line; it returns false). Past
// that, every value of the wrong type and every unknown key is reported at
// its own line, found through ix by the value's full path (the third
// [[service]]'s objective is service[2].slo[0].objective), and the rest is
// decoded. bad holds the paths of the values left out, so later checks of
// the same key do not repeat their error.
//
// The TOML library's own type errors are not used: they name a key without
// its table's index, and their line is that of the key's last occurrence
// in the file, so one wrong objective would be reported on every later
// objective's line.
func decodeTOML(src string, v any, rel string, ix *TOMLIndex, ds *diag.Diagnostics) (bad map[string]bool, ok bool) {
	if n := tomlTooDeep(src); n > 0 {
		ds.Errorf(rel, n, 0, "tables nest more than %d levels deep; %s needs three at most, as in [[service.slo]] objective = 99.9", maxTOMLDepth, rel)
		return nil, false
	}
	var tree map[string]any
	if _, err := toml.Decode(src, &tree); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col := tomlErrorPos(src, pe.Position.Line, pe.Position.Col)
			ds.Errorf(rel, line, col, "%s", pe.Message)
		} else {
			ds.Errorf(rel, 0, 0, "%v", err)
		}
		return nil, false
	}
	d := &treeDecoder{rel: rel, ix: ix, ds: ds, bad: map[string]bool{}}
	d.table(tree, "", reflect.ValueOf(v).Elem())
	return d.bad, true
}

// tomlErrorPos corrects a syntax error's position: when the parser stops
// at a line break it has already counted the next line, so a column that
// does not fit the reported line belongs to the line before. A position
// past the end of src becomes its last line.
func tomlErrorPos(src string, line, col int) (int, int) {
	lines := strings.Split(src, "\n")
	if line > 1 && line <= len(lines) && col > len(lines[line-1])+1 && col <= len(lines[line-2])+1 {
		return line - 1, col
	}
	if line > len(lines) {
		return len(lines), 0
	}
	if line < 0 {
		return 0, 0
	}
	return line, col
}

// treeDecoder copies a decoded TOML tree into Go values by their toml tags,
// reporting what does not fit instead of stopping at it.
type treeDecoder struct {
	rel string
	ix  *TOMLIndex
	ds  *diag.Diagnostics
	bad map[string]bool
}

// table decodes the TOML table m at path into the struct rv, key by key in
// sorted order so diagnostics come out the same every time.
func (d *treeDecoder) table(m map[string]any, path string, rv reflect.Value) {
	fields := tomlFields(rv.Type())
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		i, ok := fields[k]
		if !ok {
			d.unknown(path, k, m[k], rv.Type())
			continue
		}
		d.value(m[k], path, k, rv.Field(i))
	}
}

// value decodes data, the value of key in the table at path, into rv. It
// reports a value of the wrong type and returns false, leaving rv as it
// was (its default).
func (d *treeDecoder) value(data any, path, key string, rv reflect.Value) bool {
	switch rv.Kind() {
	case reflect.Pointer:
		nv := reflect.New(rv.Type().Elem())
		if !d.value(data, path, key, nv.Elem()) {
			return false
		}
		rv.Set(nv)
		return true
	case reflect.String:
		if s, ok := data.(string); ok {
			rv.SetString(s)
			return true
		}
	case reflect.Int, reflect.Int64:
		if n, ok := data.(int64); ok {
			rv.SetInt(n)
			return true
		}
	case reflect.Float64:
		switch n := data.(type) {
		case int64:
			rv.SetFloat(float64(n))
			return true
		case float64:
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return d.mismatch(path, key, "a number", strings.ToLower(fmt.Sprint(n)))
			}
			rv.SetFloat(n)
			return true
		}
	case reflect.Bool:
		if b, ok := data.(bool); ok {
			rv.SetBool(b)
			return true
		}
	case reflect.Struct:
		if m, ok := data.(map[string]any); ok {
			d.table(m, JoinKeyPath(path, key), rv)
			return true
		}
	case reflect.Map:
		m, ok := data.(map[string]any)
		if !ok {
			break
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		p := JoinKeyPath(path, key)
		for k, x := range m {
			ev := reflect.New(rv.Type().Elem()).Elem()
			if d.value(x, p, k, ev) {
				out.SetMapIndex(reflect.ValueOf(k), ev)
			}
		}
		rv.Set(out)
		return true
	case reflect.Slice:
		return d.list(data, path, key, rv)
	}
	return d.mismatch(path, key, wantName(rv.Type(), JoinKeyPath(path, key)), tomlKind(data))
}

// list decodes a TOML array (or array of tables) into the slice rv. An
// item of the wrong kind leaves the whole list out: its other items would
// no longer have their indices, which lines are found by.
func (d *treeDecoder) list(data any, path, key string, rv reflect.Value) bool {
	dv := reflect.ValueOf(data)
	p := JoinKeyPath(path, key)
	if dv.Kind() != reflect.Slice {
		return d.mismatch(path, key, wantName(rv.Type(), p), tomlKind(data))
	}
	elem := rv.Type().Elem()
	isTable := elem.Kind() == reflect.Struct || elem.Kind() == reflect.Pointer && elem.Elem().Kind() == reflect.Struct
	out := reflect.MakeSlice(rv.Type(), dv.Len(), dv.Len())
	for i := 0; i < dv.Len(); i++ {
		x := dv.Index(i).Interface()
		if isTable {
			m, ok := x.(map[string]any)
			if !ok {
				return d.mismatch(path, key, wantName(rv.Type(), p), "a list holding "+tomlKind(x))
			}
			ev := out.Index(i)
			if ev.Kind() == reflect.Pointer {
				ev.Set(reflect.New(elem.Elem()))
				ev = ev.Elem()
			}
			d.table(m, fmt.Sprintf("%s[%d]", p, i), ev)
			continue
		}
		if !d.quietValue(x, out.Index(i)) {
			return d.mismatch(path, key, wantName(rv.Type(), p), "a list holding "+tomlKind(x))
		}
	}
	rv.Set(out)
	return true
}

// quietValue decodes a scalar list item, reporting nothing: list reports
// the list as a whole.
func (d *treeDecoder) quietValue(x any, rv reflect.Value) bool {
	sub := &treeDecoder{rel: d.rel, ix: d.ix, ds: new(diag.Diagnostics), bad: map[string]bool{}}
	return sub.value(x, "", "", rv)
}

func (d *treeDecoder) mismatch(path, key, want, got string) bool {
	d.ds.Errorf(d.rel, d.ix.line(path, key), 0, "%s: expected %s, got %s", keyName(path, key), want, got)
	d.bad[JoinKeyPath(path, key)] = true
	return false
}

// unknown reports a key that no field of the struct t takes, with the
// nearest one as a suggestion.
func (d *treeDecoder) unknown(path, key string, data any, t reflect.Type) {
	var known, tables []string
	for name, i := range tomlFields(t) {
		ft := t.Field(i).Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct || ft.Kind() == reflect.Map {
			tables = append(tables, JoinKeyPath(stripIndices(path), name))
		} else {
			known = append(known, name)
		}
	}
	sort.Strings(known)
	sort.Strings(tables)
	line := d.ix.line(path, key)
	switch data.(type) {
	case map[string]any, []map[string]any:
		name := JoinKeyPath(stripIndices(path), key)
		msg := fmt.Sprintf("unknown table [%s]", name)
		if s := suggest(name, tables); s != "" {
			msg += fmt.Sprintf("; did you mean [%s]?", s)
		}
		d.ds.Errorf(d.rel, line, 0, "%s", msg)
		return
	}
	msg := fmt.Sprintf("unknown key %q", key)
	if kind := stripIndices(path); kind != "" {
		msg += fmt.Sprintf(" in [%s]", kind)
	}
	d.ds.Errorf(d.rel, line, 0, "%s%s", msg, DidYouMean(key, known))
}

// tomlFields maps the toml tags of a struct's fields to their indices.
func tomlFields(t reflect.Type) map[string]int {
	fields := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if f.IsExported() && name != "" && name != "-" {
			fields[name] = i
		}
	}
	return fields
}

// wantName says what a Go type takes, the way a site.toml author writes
// it; path names tables.
func wantName(t reflect.Type, path string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "text in quotes"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Struct, reflect.Map:
		return fmt.Sprintf("a table [%s]", stripIndices(path))
	case reflect.Slice:
		e := t.Elem()
		for e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		switch e.Kind() {
		case reflect.Struct:
			return fmt.Sprintf("tables [[%s]] (double brackets)", stripIndices(path))
		case reflect.Int, reflect.Int64:
			return "a list of whole numbers, e.g. [200, 204]"
		}
		return "a list [ ... ]"
	}
	return t.String()
}

// tomlKind says what kind of TOML value x is.
func tomlKind(x any) string {
	switch x.(type) {
	case string:
		return "text in quotes"
	case int64:
		return "a whole number"
	case float64:
		return "a number"
	case bool:
		return "true or false"
	case time.Time:
		return "a date and time"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "a list [ ... ]"
	}
	return fmt.Sprintf("%T", x)
}
