package example_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/site"
)

var exampleNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// The example builds cleanly and shows what the product is for: every
// kind of service with a current status and SLO figures, an open incident
// and maintenance.
func TestExampleBuildsCleanly(t *testing.T) {
	dir := t.TempDir()
	if err := example.Write(dir, exampleNow); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	st, ds, err := build.Build(build.Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: exampleNow})
	if err != nil || len(ds) > 0 {
		t.Fatalf("example build: %v\n%s", err, ds.Error())
	}
	if len(st.Services) < 4 {
		t.Fatalf("%d services, want at least 4", len(st.Services))
	}
	indicators := map[string]bool{}
	for _, svc := range st.Services {
		if svc.Status == site.StatusUnknown {
			t.Errorf("%s has no current status", svc.ID)
		}
		for _, o := range svc.SLOs {
			indicators[o.Indicator] = true
			if o.SLI == nil || o.State == "no_data" {
				t.Errorf("%s/%s has no SLI", svc.ID, o.ID)
			}
		}
		page, err := os.ReadFile(filepath.Join(out, "services", svc.ID, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range svc.SLOs {
			if !bytes.Contains(page, []byte(o.Name)) {
				t.Errorf("%s page lacks SLO %q", svc.ID, o.Name)
			}
		}
	}
	for _, ind := range []string{"status", "threshold", "ratio", "incidents"} {
		if !indicators[ind] {
			t.Errorf("the example has no %s SLO", ind)
		}
	}
	open, maint := 0, 0
	for _, in := range st.Incidents {
		if in.Ongoing(exampleNow) && !in.Maintenance() {
			open++
		}
		if in.Maintenance() {
			maint++
		}
	}
	if open != 1 || maint < 1 || len(st.Incidents) < 3 {
		t.Errorf("%d incidents, %d open, %d maintenance; want ≥3, 1, ≥1", len(st.Incidents), open, maint)
	}
	// Accountability on the service page: its own incident statistics.
	page, _ := os.ReadFile(filepath.Join(out, "services", "events-ingest", "index.html"))
	if !bytes.Contains(page, []byte("Incident statistics")) || !bytes.Contains(page, []byte("1 critical, 1 major")) {
		t.Error("the events-ingest page lacks its incident statistics (1 critical, 1 major)")
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, svc := range st.Services {
		if !bytes.Contains(index, []byte(svc.Name)) {
			t.Errorf("index lacks %s", svc.Name)
		}
	}
}

func TestExampleIsDeterministic(t *testing.T) {
	a, err := example.Files(exampleNow)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := example.Files(exampleNow)
	if len(a) != len(b) {
		t.Fatal("different file sets")
	}
	for k := range a {
		if !bytes.Equal(a[k], b[k]) {
			t.Errorf("%s differs between two runs", k)
		}
	}
}

// The repository's own top-level site is the example at 2026-11-23T12:00Z,
// the starting point users edit. Regenerate it with
// go run ./cmd/statusgen demo --now 2026-11-23T12:00:00Z --overwrite --no-build .
func TestTopLevelSiteIsTheExample(t *testing.T) {
	root := filepath.Join("..", "..")
	files, err := example.Files(exampleNow)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the example; regenerate it (see this test's comment)", name)
		}
	}
	// And it builds as it is.
	st, ds := site.Load(filepath.Join(root, "site.toml"), exampleNow)
	if st == nil || ds.HasErrors() {
		t.Fatalf("top-level site: %s", ds.Error())
	}
	if !strings.Contains(st.Config.Title, "Northwind") {
		t.Errorf("top-level title %q", st.Config.Title)
	}
}
