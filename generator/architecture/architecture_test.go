package architecture

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

const module = "github.com/statusgen/statusgen/"

// allowed is, for each package that has its room in the flow, the
// project packages it may import. Readers import no later stage, slo and
// diag import nothing of the project, and nothing here imports the
// packages still waiting to be split (see unsplit).
var allowed = map[string][]string{
	"generator/slo":         {},
	"generator/diag":        {},
	"generator/sitefs":      {"generator/diag"},
	"generator/config":      {"generator/diag", "generator/sitefs", "generator/slo"},
	"generator/markdown":    {"generator/diag", "generator/sitefs"},
	"generator/chartscript": {"generator/diag"},
	"generator/metrics":     {"generator/config", "generator/diag", "generator/sitefs", "generator/slo"},
	"generator/probe":       {"generator/config", "generator/diag", "generator/metrics", "generator/sitefs"},
	"generator/incident":    {"generator/config", "generator/diag", "generator/markdown", "generator/sitefs", "generator/slo"},
	"generator/pages":       {"generator/config", "generator/diag", "generator/markdown", "generator/sitefs"},
	"generator/format":      {"generator/slo"},
	"generator/site": {"generator/chartscript", "generator/config", "generator/diag", "generator/format",
		"generator/incident", "generator/metrics", "generator/pages", "generator/slo"},
	"generator/prometheus":   {"generator/diag"},
	"generator/example":      {},
	"generator/testsite":     {},
	"generator/architecture": {},
}

// unsplit are the packages whose imports are not checked yet: the model,
// the outputs and the build still live in generator, which the commands,
// the importers, the GitHub adapter and the dev server use.
var unsplit = []string{
	"cmd/statusgen", "generator", "generator/github", "generator/github/githubtest",
	"generator/importer", "generator/server", "templates",
}

// pkg is what the test needs of `go list -json`.
type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// violations lists every import against the flow among pkgs.
func violations(pkgs []pkg) []string {
	var out []string
	for _, p := range pkgs {
		name, ok := strings.CutPrefix(p.ImportPath, module)
		if !ok {
			continue
		}
		may, known := allowed[name]
		if !known {
			if !slices.Contains(unsplit, name) {
				out = append(out, fmt.Sprintf("%s: a new package; add it to allowed, with what it may import", name))
			}
			continue
		}
		for _, imp := range p.Imports {
			if i, ok := strings.CutPrefix(imp, module); ok && !slices.Contains(may, i) {
				out = append(out, fmt.Sprintf("%s imports %s, against the flow", name, i))
			}
		}
		if len(may) == 0 {
			for _, d := range p.Deps {
				if d, ok := strings.CutPrefix(d, module); ok {
					out = append(out, fmt.Sprintf("%s depends on %s; it must import nothing of the project", name, d))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	root := testsite.RepoRoot(t)
	// Stat every Go file, so that go test's cache knows the result
	// depends on them: it does not see what the go command reads.
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".go") {
			os.Stat(p)
		}
		return nil
	})
	cmd := exec.Command("go", "list", "-deps", "-json", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func TestImportsFollowTheFlow(t *testing.T) {
	pkgs := listPackages(t)
	var seen []string
	for _, p := range pkgs {
		if name, ok := strings.CutPrefix(p.ImportPath, module); ok {
			seen = append(seen, name)
		}
	}
	for name := range allowed {
		if !slices.Contains(seen, name) {
			t.Errorf("%s is in allowed but go list does not know it", name)
		}
	}
	for _, v := range violations(pkgs) {
		t.Error(v)
	}
}

// The check itself: an import against the flow, a project import of slo
// (direct or not) and a package nobody placed are each reported.
func TestViolationsAreFound(t *testing.T) {
	got := violations([]pkg{
		{ImportPath: module + "generator/metrics", Imports: []string{"fmt", module + "generator/config", module + "generator"}},
		{ImportPath: module + "generator/slo", Deps: []string{"math", module + "generator/diag"}},
		{ImportPath: module + "generator/newroom"},
		{ImportPath: module + "generator", Imports: []string{module + "generator/metrics"}},
	})
	want := []string{
		"generator/metrics imports generator, against the flow",
		"generator/newroom: a new package; add it to allowed, with what it may import",
		"generator/slo depends on generator/diag; it must import nothing of the project",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
