package incident

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator/diag"
)

// parseYAMLFrontMatter reads YAML front matter (cState and Hugo sites write
// it) into the same tree as TOML. yaml.v3's node API keeps the line of
// every key and value, which the checks need; timestamps stay as written so
// dirty forms can be recognised and warned about.
func parseYAMLFrontMatter(rel, fm string, firstLine int) (*fmTable, *diag.Diagnostic) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &doc); err != nil {
		line, msg := yamlErrorLine(err.Error())
		if yamlParserError(msg) {
			// yaml.v3 prints the 0-based line of the construct for
			// parser (not scanner) errors.
			line++
		}
		if line > 0 {
			line += firstLine - 1
		} else {
			line = firstLine
		}
		return nil, &diag.Diagnostic{Path: rel, Line: line, Message: "front matter: " + msg}
	}
	if len(doc.Content) == 0 {
		return &fmTable{Line: firstLine}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &diag.Diagnostic{Path: rel, Line: root.Line + firstLine - 1, Message: "front matter: want key: value lines (a YAML mapping)"}
	}
	r := &yamlReader{offset: firstLine - 1}
	v, err := r.value(root)
	if err != nil {
		return nil, &diag.Diagnostic{Path: rel, Line: err.line, Message: "front matter: " + err.msg}
	}
	return v.V.(*fmTable), nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlErrorLine splits "yaml: line 3: message" into 3 and the message.
func yamlErrorLine(s string) (int, string) {
	if m := yamlLineRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, s[len(m[0]):]
	}
	if len(s) > 6 && s[:6] == "yaml: " {
		s = s[6:]
	}
	return 0, s
}

// yamlParserError recognises the parser's messages, whose line yaml.v3
// prints 0-based (its scanner's are 1-based).
func yamlParserError(msg string) bool {
	for _, p := range []string{"did not find expected node content", "did not find expected key", "did not find expected '-'", "did not find expected ',' or", "did not find expected <document start>", "found undefined tag handle"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// maxYAMLValues bounds the values of one front matter, aliases expanded:
// real front matter holds tens, and a few nested aliases (&a, *a) can
// otherwise stand for billions.
const maxYAMLValues = 10_000

// yamlReader turns yaml.v3 nodes into front-matter values; offset makes
// node lines file lines.
type yamlReader struct {
	offset int
	values int
	// expanding holds the anchors being expanded, to refuse an alias
	// inside its own anchor; aliasLine is the line of the outermost alias
	// being expanded, where a value over the limit is reported.
	expanding map[*yaml.Node]bool
	aliasLine int
}

// yamlError is a problem at a file line.
type yamlError struct {
	line int
	msg  string
}

func (e *yamlError) Error() string { return e.msg }

func (r *yamlReader) value(n *yaml.Node) (fmValue, *yamlError) {
	line := n.Line + r.offset
	if r.values++; r.values > maxYAMLValues {
		if r.aliasLine > 0 {
			line = r.aliasLine
		}
		return fmValue{}, &yamlError{line, fmt.Sprintf("more than %s values (aliases counted as often as they are used); write the values out", diag.GroupDigits(maxYAMLValues))}
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil || r.expanding[n.Alias] {
			return fmValue{}, &yamlError{line, fmt.Sprintf("alias *%s is used inside its own anchor; write the value out", n.Value)}
		}
		if r.expanding == nil {
			r.expanding = map[*yaml.Node]bool{}
		}
		r.expanding[n.Alias] = true
		defer delete(r.expanding, n.Alias)
		if r.aliasLine == 0 {
			r.aliasLine = line
			defer func() { r.aliasLine = 0 }()
		}
		return r.value(n.Alias)
	case yaml.MappingNode:
		t := &fmTable{Line: line}
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kLine := k.Line + r.offset
			if k.Tag == "!!merge" {
				return fmValue{}, &yamlError{kLine, "merge keys (<<) are not supported; write the keys out"}
			}
			if first, dup := seen[k.Value]; dup {
				return fmValue{}, &yamlError{kLine, fmt.Sprintf("key %q is already set on line %d; keep one of them", k.Value, first)}
			}
			seen[k.Value] = kLine
			val, err := r.value(v)
			if err != nil {
				return fmValue{}, err
			}
			t.Entries = append(t.Entries, fmEntry{Key: k.Value, Line: kLine, Val: val})
		}
		return fmValue{Line: line, V: t}, nil
	case yaml.SequenceNode:
		list := make([]fmValue, 0, len(n.Content))
		for _, c := range n.Content {
			val, err := r.value(c)
			if err != nil {
				return fmValue{}, err
			}
			list = append(list, val)
		}
		return fmValue{Line: line, V: list}, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return fmValue{Line: line, V: nil}, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err == nil {
				return fmValue{Line: line, V: b}, nil
			}
		}
		return fmValue{Line: line, V: n.Value}, nil
	}
	return fmValue{Line: line}, nil
}
