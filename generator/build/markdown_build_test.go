package build

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/testsite"
)

// A file over a limit is reported at its line and left out; the rest of
// the site builds.
func TestBuildLeavesOutTooComplexFiles(t *testing.T) {
	front := "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\n+++\n"
	files := map[string]string{
		"incidents/2026-11-03-good.md":  testsite.FullTOML,
		"content/pages/about.md":        "# About\n\nWho we are.\n",
		"content/metrics/orders-api/.k": "",
	}
	for _, tc := range testsite.CostlyMarkdown {
		slug := incident.Slugify(tc.Name)
		files["incidents/"+slug+".md"] = front + tc.Src()
		files["content/pages/"+slug+".md"] = tc.Src()
	}
	cfg := testsite.WriteIncidentSite(t, files)
	out := filepath.Join(filepath.Dir(cfg), "public")
	st, ds, err := Build(Options{Config: cfg, Out: out, Now: fixedNow})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, ds)
	}
	if st.RejectedIncidents != len(testsite.CostlyMarkdown) || len(st.Incidents) != 1 || len(st.Pages) != 1 {
		t.Errorf("rejected %d, published %d incidents and %d pages; want %d, 1, 1", st.RejectedIncidents, len(st.Incidents), len(st.Pages), len(testsite.CostlyMarkdown))
	}
	got := map[string]string{}
	for _, d := range ds {
		if !d.Warning {
			got[d.Path] = d.Error()
		}
	}
	for _, tc := range testsite.CostlyMarkdown {
		slug := incident.Slugify(tc.Name)
		for _, p := range []string{"incidents/" + slug + ".md", "content/pages/" + slug + ".md"} {
			line := tc.Line
			if line > 0 && strings.HasPrefix(p, "incidents/") {
				line += 5 // after the front matter
			}
			want := p
			if line > 0 {
				want += ":" + strconv.Itoa(line)
			}
			want += ": too large or too complex to render ("
			if !strings.HasPrefix(got[p], want) || !strings.Contains(got[p], tc.Want) {
				t.Errorf("%s: %q\nwant %q…%q", p, got[p], want, tc.Want)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "incidents", slug)); err == nil {
			t.Errorf("incidents/%s/ published", slug)
		}
		if _, err := os.Stat(filepath.Join(out, slug)); err == nil {
			t.Errorf("%s/ published", slug)
		}
	}
	var total int64
	filepath.Walk(out, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			total += fi.Size()
		}
		return nil
	})
	if total > 4<<20 {
		t.Errorf("the site is %d bytes; the refused files must add nothing", total)
	}
	for _, p := range []string{"incidents/2026-11-03-good/index.html", "about/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s missing: %v", p, err)
		}
	}
	if _, _, err := Build(Options{Config: cfg, Out: out, Now: fixedNow, Strict: true}); !errors.Is(err, ErrInputs) {
		t.Errorf("--strict: %v; want it to fail on the refused files", err)
	}
}
