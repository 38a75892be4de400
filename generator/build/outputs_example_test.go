package build_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/site"
)

// TestEveryOutputParses renders the example site and parses every JSON
// file of it as JSON and every SVG and XML file as XML, whoever wrote it.
func TestEveryOutputParses(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	if err := example.Write(dir, now); err != nil {
		t.Fatal(err)
	}
	st, ds := site.Load(filepath.Join(dir, "site.toml"), now)
	if st == nil || ds.HasErrors() {
		t.Fatalf("example does not load: %v", ds)
	}
	out, err := build.Files(st)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for p, b := range out {
		switch ext := filepath.Ext(p); ext {
		case ".json":
			counts[ext]++
			if !json.Valid(b) {
				t.Errorf("%s is not valid JSON", p)
			}
		case ".svg", ".xml":
			counts[ext]++
			if err := wellFormed(b); err != nil {
				t.Errorf("%s is not well-formed XML: %v", p, err)
			}
		}
	}
	// Per service a badge endpoint and a badge; slo.json; 8 Statuspage
	// documents; the site's feed and one per service.
	if want := len(st.Services) + 9; counts[".json"] < want || counts[".svg"] < len(st.Services) || counts[".xml"] != 1+len(st.Services) {
		t.Errorf("parsed %v; want at least %d JSON, %d SVG and %d feeds", counts, want, len(st.Services), 1+len(st.Services))
	}
}

func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := 0
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				root++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && strings.TrimSpace(string(tok.(xml.CharData))) != "" {
				return errors.New("text outside the root element")
			}
		}
	}
	if root != 1 {
		return errors.New("want exactly one root element")
	}
	return nil
}
