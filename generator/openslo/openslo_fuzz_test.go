package openslo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/config"
)

// Read never panics on any file, and what it reads merges into a
// site.toml that reads back without errors or is refused by WriteConfig:
// site.toml is never left half-written or broken.
func FuzzRead(f *testing.F) {
	for _, body := range fixtures {
		f.Add(body)
	}
	f.Add("apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {service: b, indicator: {spec: {thresholdMetric: {}}}, objectives: [{op: lt, value: 1e308, target: 0.5}]}\n")
	f.Add("- 1\n- [")
	f.Fuzz(func(t *testing.T, body string) {
		dir := t.TempDir()
		p := filepath.Join(dir, "in.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		svcs, ds := Read([]string{p}, filepath.Base, "UTC")
		if ds.HasErrors() || len(svcs) == 0 {
			return
		}
		site := filepath.Join(dir, "site.toml")
		start := "title = \"T\"\n"
		os.WriteFile(site, []byte(start), 0o644)
		cfg, _ := config.LoadConfig(site)
		text, _ := Merge(start, cfg, svcs)
		if err := WriteConfig(site, text); err != nil {
			if b, _ := os.ReadFile(site); string(b) != start {
				t.Fatalf("a refused merge changed site.toml")
			}
			if !strings.Contains(err.Error(), "would not read") {
				t.Fatal(err)
			}
		}
	})
}
