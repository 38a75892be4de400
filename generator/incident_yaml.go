package generator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseYAMLFrontMatter reads YAML front matter (cState and Hugo sites write
// it) into the same tree as TOML. yaml.v3's node API keeps the line of
// every key and value, which the checks need; timestamps stay as written so
// dirty forms can be recognised and warned about.
func parseYAMLFrontMatter(rel, fm string, firstLine int) (*fmTable, *Diagnostic) {
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
		return nil, &Diagnostic{Path: rel, Line: line, Message: "front matter: " + msg}
	}
	if len(doc.Content) == 0 {
		return &fmTable{Line: firstLine}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Diagnostic{Path: rel, Line: root.Line + firstLine - 1, Message: "front matter: want key: value lines (a YAML mapping)"}
	}
	v, err := yamlValue(root, firstLine-1)
	if err != nil {
		return nil, &Diagnostic{Path: rel, Line: firstLine, Message: "front matter: " + err.Error()}
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

func yamlValue(n *yaml.Node, offset int) (fmValue, error) {
	line := n.Line + offset
	switch n.Kind {
	case yaml.AliasNode:
		return yamlValue(n.Alias, offset)
	case yaml.MappingNode:
		t := &fmTable{Line: line}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Tag == "!!merge" {
				return fmValue{}, fmt.Errorf("line %d: merge keys (<<) are not supported; write the keys out", k.Line+offset)
			}
			val, err := yamlValue(v, offset)
			if err != nil {
				return fmValue{}, err
			}
			t.Entries = append(t.Entries, fmEntry{Key: k.Value, Line: k.Line + offset, Val: val})
		}
		return fmValue{Line: line, V: t}, nil
	case yaml.SequenceNode:
		list := make([]fmValue, 0, len(n.Content))
		for _, c := range n.Content {
			val, err := yamlValue(c, offset)
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
