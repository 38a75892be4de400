package openslo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const userSite = `# My site. Comments and order stay as written.
title = "Mine"

[[service]]
id = "web-shop"   # the shop
name = "Web shop"

  [[service.slo]]
  id = "main-page"
  objective = 99.5  # mine, not the import's

  [service.probe]
  url = "https://shop.example.com/healthz"

# The warehouse, kept below.
[[service]]
id = "warehouse"
`

// Import adds whole lines only: a new SLO goes inside its existing
// service, before the comment that leads into the next; an SLO the
// service already has keeps the user's figures; a new service goes at
// the end. Every line the user wrote is still there, in order.
func TestMergeKeepsWhatTheUserWrote(t *testing.T) {
	dir := writeFixtures(t)
	svcs, _ := readDir(t, dir)
	site := filepath.Join(dir, "site.toml")
	os.WriteFile(site, []byte(userSite), 0o600)
	cfg, ds := config.LoadConfig(site)
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	text, notes := Merge(userSite, cfg, svcs)
	if err := WriteConfig(site, text); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(site)
	got := string(b)
	// Every user line survives in order.
	rest := got
	for _, l := range strings.Split(strings.TrimSuffix(userSite, "\n"), "\n") {
		i := strings.Index(rest, l+"\n")
		if i < 0 {
			t.Fatalf("line %q lost or moved:\n%s", l, got)
		}
		rest = rest[i+len(l)+1:]
	}
	back, ds := config.LoadConfig(site)
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	shop := back.Service("web-shop")
	if len(shop.SLOs) != 2 || shop.SLOs[0].Objective != 99.5 || shop.SLOs[1].ID != "search-latency" || shop.Probe == nil {
		t.Errorf("web-shop = %+v", shop)
	}
	if back.Services[1].ID != "warehouse" || back.Services[2].ID != "web-availability" || len(back.Services[2].SLOs) != 2 {
		t.Errorf("services in order %v", []string{back.Services[1].ID, back.Services[2].ID})
	}
	if !strings.Contains(got, "  threshold = 500\n  budgeting") && !strings.Contains(got, "  threshold = 500\n") {
		t.Errorf("no threshold written:\n%s", got)
	}
	if i, j := strings.Index(got, "id = \"search-latency\""), strings.Index(got, "# The warehouse"); i < 0 || i > j {
		t.Errorf("the new SLO is not inside web-shop, before the warehouse's comment:\n%s", got)
	}
	joined := strings.Join(notes, "\n")
	if !strings.Contains(joined, "SLO web-shop/main-page is already in site.toml; left as it is") {
		t.Errorf("notes:\n%s", joined)
	}
	if st, _ := os.Stat(site); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the file's own 0600", st.Mode().Perm())
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".site.toml.import-*")); len(m) != 0 {
		t.Errorf("left behind %v", m)
	}
}

// A merged text that would not read is never written.
func TestWriteConfigRefusesBadText(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site.toml")
	os.WriteFile(site, []byte(userSite), 0o644)
	if err := WriteConfig(site, userSite+"[[service]]\nid = \"web-shop\"\n"); err == nil || !strings.Contains(err.Error(), "duplicate service id") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(site); string(b) != userSite {
		t.Error("site.toml changed")
	}
}
