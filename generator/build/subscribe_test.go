package build

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/ical"
	"github.com/statusgen/statusgen/generator/site"
)

// The home page and each service page show a Subscribe block whose links
// all lead to files of the build; maintenance.ics reads back as RFC 5545.
func TestSubscribeBlock(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	if err := example.Write(dir, now); err != nil {
		t.Fatal(err)
	}
	st, ds := site.Load(filepath.Join(dir, "site.toml"), now)
	if st == nil || ds.HasErrors() {
		t.Fatal(ds)
	}
	files, err := Files(st)
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)<section class="subscribe" id="subscribe".*?</section>`)
	href := regexp.MustCompile(`href="([^"]+)"`)
	for page, want := range map[string][]string{
		"index.html":                     {"feed.xml", "services/orders-api/feed.xml", "services/transform-jobs/feed.xml", "maintenance.ics", "api/slo.json", "api/v2/summary.json"},
		"services/orders-api/index.html": {"services/orders-api/feed.xml", "feed.xml", "maintenance.ics", "api/slo.json"},
	} {
		b := block.FindString(string(files[page]))
		if b == "" {
			t.Fatalf("%s has no Subscribe block", page)
		}
		var got []string
		for _, m := range href.FindAllStringSubmatch(b, -1) {
			target := filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(page), m[1])))
			if _, ok := files[target]; !ok {
				t.Errorf("%s: Subscribe links %s, which the build does not write", page, m[1])
			}
			got = append(got, target)
		}
		for _, w := range want {
			if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+w+" ") {
				t.Errorf("%s: Subscribe does not link %s (links %v)", page, w, got)
			}
		}
	}
	c, err := ical.Parse(files["maintenance.ics"])
	if err != nil {
		t.Fatalf("maintenance.ics: %v", err)
	}
	// One event per published one-off maintenance and one (with its
	// RRULE) per recurring maintenance of site.toml.
	n := len(st.Config.Maintenance)
	for _, in := range st.Incidents {
		if in.Maintenance() {
			n++
		}
	}
	if n == 0 || len(c.Events) != n {
		t.Errorf("maintenance.ics has %d events; the example has %d maintenances", len(c.Events), n)
	}
}
