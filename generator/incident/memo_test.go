package incident

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/testsite"
)

// Through a memo, a load parses only the files whose bytes changed, and
// gives the incidents and problems a load without it gives; a changed
// site.toml drops what was parsed under the old one.
func TestMemoParsesOnlyChangedFiles(t *testing.T) {
	files := map[string]string{
		"incidents/a.md":   testsite.FullTOML,
		"incidents/b.md":   strings.Replace(testsite.FullTOML, "bad deploy", "config push", 1),
		"incidents/bad.md": "+++\ntitle = 1\n+++\n",
	}
	cfgPath := testsite.WriteIncidentSite(t, files)
	dir := filepath.Dir(cfgPath)
	load := func(memo *Memo) string {
		cfg, ds := config.LoadConfig(cfgPath)
		toml, _ := os.ReadFile(cfgPath)
		memo.Config(toml)
		var local diag.Diagnostics
		ins := LoadMemo(cfg, &local, memo)
		local.Sort()
		var b strings.Builder
		for _, in := range ins {
			fmt.Fprintf(&b, "%+v\n", *in)
		}
		return b.String() + fmt.Sprint(local) + fmt.Sprint(ds.HasErrors())
	}
	memo := &Memo{}
	check := func(what string, wantHits int) {
		t.Helper()
		before := memo.Hits()
		if got, want := load(memo), load(nil); got != want {
			t.Errorf("%s: through the memo\n%s\nwant\n%s", what, got, want)
		}
		if hits := memo.Hits() - before; hits != wantHits {
			t.Errorf("%s: %d files from the memo, want %d", what, hits, wantHits)
		}
	}
	check("first load", 0)
	check("nothing changed", 3)
	os.WriteFile(filepath.Join(dir, "incidents", "b.md"), []byte(strings.Replace(testsite.FullTOML, "bad deploy", "DNS", 1)), 0o644)
	check("one file edited", 2)
	toml, _ := os.ReadFile(cfgPath)
	os.WriteFile(cfgPath, append(toml, "\n# changed\n"...), 0o644)
	check("site.toml changed", 0)
}
