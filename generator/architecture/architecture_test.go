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

// The steps of the flow, as sets of packages. An output reads the
// computed model and the types it is made of; it never imports a reader
// (metrics, markdown, probe, importer), another output or the build.
var (
	model   = []string{"generator/site", "generator/config", "generator/incident", "generator/pages", "generator/format", "generator/slo", "generator/diag"}
	outputs = []string{"generator/html", "generator/api", "generator/statuspage", "generator/feed", "generator/badge", "generator/report"}
)

// allowed is, for each package of the project, the project packages it
// may import. Readers import no later stage, slo and diag import nothing
// of the project, outputs import only the model (see above), and only the
// build and the commands import the outputs.
var allowed = map[string][]string{
	"generator/slo":         {},
	"generator/ical":        {},
	"generator/diag":        {},
	"generator/sitefs":      {"generator/diag"},
	"generator/config":      {"generator/diag", "generator/sitefs", "generator/slo"},
	"generator/markdown":    {"generator/diag", "generator/sitefs"},
	"generator/chartscript": {"generator/diag"},
	"generator/cache":       {},
	"generator/metrics":     {"generator/cache", "generator/config", "generator/diag", "generator/sitefs", "generator/slo"},
	"generator/probe":       {"generator/config", "generator/diag", "generator/metrics", "generator/sitefs"},
	"generator/incident":    {"generator/config", "generator/diag", "generator/markdown", "generator/sitefs", "generator/slo"},
	"generator/pages":       {"generator/config", "generator/diag", "generator/markdown", "generator/sitefs"},
	"generator/format":      {"generator/diag", "generator/slo"},
	"generator/site": {"generator/cache", "generator/chartscript", "generator/config", "generator/diag", "generator/format",
		"generator/incident", "generator/metrics", "generator/pages", "generator/slo"},
	// The outputs. html also reads the site's template overrides (through
	// sitefs) and the embedded templates.
	"generator/html":       append([]string{"generator/sitefs", "templates"}, model...),
	"generator/api":        model,
	"generator/statuspage": model,
	"generator/feed":       append([]string{"generator/ical"}, model...),
	"generator/badge":      model,
	"generator/report":     model,
	"generator/build": append([]string{"generator/chartscript", "generator/api", "generator/statuspage", "generator/feed",
		"generator/badge", "generator/html"}, model...),
	// Beside the flow: importers write inputs, the GitHub adapter reads the
	// model, the dev server serves what the build produces.
	"generator/importer":          {"generator/config", "generator/diag", "generator/incident", "generator/metrics", "generator/sitefs"},
	"generator/prometheus":        {"generator/config", "generator/diag", "generator/metrics"},
	"generator/record":            {"generator/config", "generator/metrics"},
	"generator/openslo":           {"generator/config", "generator/diag"},
	"generator/warehouse":         {"generator/config", "generator/diag", "generator/format", "generator/incident", "generator/metrics", "generator/sitefs", "generator/slo"},
	"generator/github":            {"generator/config", "generator/diag", "generator/incident", "generator/site", "generator/sitefs", "generator/slo"},
	"generator/github/githubtest": {},
	"generator/notify":            {"generator/config", "generator/format", "generator/incident", "generator/site", "generator/sitefs", "generator/slo"},
	"generator/promrules":         {"generator/config", "generator/slo"},
	"generator/server":            {"generator/build", "generator/chartscript", "generator/diag", "generator/site"},
	"generator/example":           {},
	"generator/testsite":          {},
	"generator/architecture":      {},
	"templates":                   {},
	// The commands: flags, one call per command, printing.
	"cmd/statusgen": {"generator/build", "generator/chartscript", "generator/config", "generator/diag", "generator/example",
		"generator/github", "generator/importer", "generator/incident", "generator/metrics", "generator/probe",
		"generator/notify", "generator/openslo", "generator/prometheus", "generator/promrules", "generator/record", "generator/report", "generator/server", "generator/site", "generator/warehouse"},
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
			out = append(out, fmt.Sprintf("%s: a new package; add it to allowed, with what it may import", name))
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

// The check itself: an import against the flow (a reader importing a
// later step, an output importing a reader or another output), a project
// import of slo (direct or not) and a package nobody placed are each
// reported.
func TestViolationsAreFound(t *testing.T) {
	got := violations([]pkg{
		{ImportPath: module + "generator/metrics", Imports: []string{"fmt", module + "generator/config", module + "generator"}},
		{ImportPath: module + "generator/slo", Deps: []string{"math", module + "generator/diag"}},
		{ImportPath: module + "generator/newroom"},
		{ImportPath: module + "generator/feed", Imports: []string{module + "generator/site", module + "generator/metrics"}},
		{ImportPath: module + "generator/html", Imports: []string{module + "generator/api"}},
	})
	want := []string{
		"generator/feed imports generator/metrics, against the flow",
		"generator/html imports generator/api, against the flow",
		"generator/metrics imports generator, against the flow",
		"generator/newroom: a new package; add it to allowed, with what it may import",
		"generator/slo depends on generator/diag; it must import nothing of the project",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
