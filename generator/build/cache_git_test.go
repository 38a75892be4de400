package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

// In a site's git repository, a cached build leaves nothing for git to
// commit but notify's state: the cache under .statusgen/cache/ is
// ignored, .statusgen/notify-state.json beside it is not (the workflow
// commits it; an ignored state file made `git add` fail).
func TestCacheIgnoredNotifyStateCommitted(t *testing.T) {
	dir := testsite.Write(t, "-- site.toml --\n"+testsite.OneServiceTOML+
		"-- content/metrics/api/2026-11.csv --\ntime,status\n2026-11-23T10:00:00Z,up\n2026-11-23T11:00:00Z,up\n")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	git("init", "-q")
	// The repository's own .gitignore, as a fork of the template has it.
	root := testsite.RepoRoot(t)
	gi, err := os.ReadFile(filepath.Join(root, ".gitignore"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), gi, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ds, err := Build(Options{Config: filepath.Join(dir, "site.toml"), Now: fixedNow, Cache: true}); err != nil || ds.HasErrors() {
		t.Fatalf("build: %v %v", err, ds)
	}
	if fs, _ := filepath.Glob(filepath.Join(dir, ".statusgen", "cache", "*")); len(fs) == 0 {
		t.Fatal("the build wrote no cache")
	}
	if err := os.WriteFile(filepath.Join(dir, ".statusgen", "notify-state.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".statusgen/notify-state.json")
	for _, l := range strings.Split(git("status", "--porcelain", "--untracked-files=all"), "\n") {
		if strings.Contains(l, ".statusgen/") && l != "A  .statusgen/notify-state.json" {
			t.Errorf("git sees %q; only the notify state belongs in git", l)
		}
	}
}
