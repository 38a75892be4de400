package build

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/badge"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/slo"
	"github.com/statusgen/statusgen/generator/testsite"
)

var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// buildSite writes a site from a txtar archive, builds it at fixedNow and
// returns the output folder.
func buildSite(t *testing.T, archive string) (string, *site.Site, diag.Diagnostics) {
	t.Helper()
	dir := testsite.Write(t, archive)
	out := filepath.Join(dir, "public")
	st, ds, err := Build(Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: fixedNow})
	if err != nil {
		t.Fatalf("build: %v\n%s", err, ds.Error())
	}
	return out, st, ds
}

// minuteRows writes one status sample a minute over [from, from+n min),
// down for the minutes in down and missing for the minutes in gap.
func minuteRows(from time.Time, n int, down, gap [2]int) string {
	var b strings.Builder
	b.WriteString("time,status\n")
	for i := 0; i < n; i++ {
		if i >= gap[0] && i < gap[1] {
			continue
		}
		st := "up"
		if i >= down[0] && i < down[1] {
			st = "down"
		}
		fmt.Fprintf(&b, "%s,%s\n", from.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), st)
	}
	return b.String()
}

// api/slo.json of a hand-made fixture holds exactly the hand-computed
// figures.
func TestSLOJSONHandComputed(t *testing.T) {
	// Status: one sample a minute over the whole day window
	// [2026-11-22T12:00Z, 2026-11-23T12:00Z) = 1440 minutes, 10 of them down
	// (minutes 100–109), and no samples for minutes 600–719 (a 2-hour gap).
	//   valid    = (1440 − 120) × 60 = 79,200 s      coverage = 79,200 / 86,400 = 0.916667
	//   bad      = 10 × 60 = 600 s                   good     = 78,600 s
	//   sli      = 78,600 / 79,200 = 0.992424
	//   consumed = (1 − 0.992424) / 0.001 = 7.5758   remaining = −6.5758
	//   budget   = 0.001 × 1440 min = 1.44 min; downtime 10 min; remaining −8.56 min
	//   burn 1d  = (600 / 79,200) / 0.001 = 7.5758; burn 1h (all up) = 0
	//   state: coverage ≥ 0.9 and sli < 0.999 → breached
	//
	// Ratio: one row an hour at hh:30 over the same day, 20 rows of 99/100
	// and 4 of 90/100, plus a row before the window that must not count.
	//   good = 20×99 + 4×90 = 2,340; total = 2,400; sli = 0.975
	//   consumed = 0.025 / 0.01 = 2.5; remaining = −1.5; coverage = 24/24 = 1
	from := fixedNow.Add(-24 * time.Hour)
	var ratio strings.Builder
	ratio.WriteString("time,good,total\n")
	fmt.Fprintf(&ratio, "%s,0,100\n", from.Add(-30*time.Minute).Format(time.RFC3339))
	for h := 0; h < 24; h++ {
		good := 99
		if h%6 == 0 {
			good = 90
		}
		fmt.Fprintf(&ratio, "%s,%d,100\n", from.Add(time.Duration(h)*time.Hour+30*time.Minute).Format(time.RFC3339), good)
	}
	out, _, _ := buildSite(t, `
-- site.toml --
title = "Fixture"
[[service]]
id = "api"
interval = "1m"
  [[service.slo]]
  id = "availability"
  objective = 99.9
  window = "1d"
[[service]]
id = "jobs"
interval = "1h"
  [[service.slo]]
  id = "runs"
  indicator = "ratio"
  objective = 99
  window = "1d"
-- content/metrics/api/2026-11.csv --
`+minuteRows(from, 1440, [2]int{100, 110}, [2]int{600, 720})+`
-- content/metrics/jobs/runs.csv --
`+ratio.String())
	var doc struct {
		Status   string `json:"status"`
		Services []struct {
			ID   string                   `json:"id"`
			SLOs []map[string]interface{} `json:"slos"`
		} `json:"services"`
	}
	b, err := os.ReadFile(filepath.Join(out, "api", "slo.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	status := doc.Services[0].SLOs[0]
	want := map[string]any{
		"unit": "seconds", "good": 78600.0, "total": 79200.0, "coverage": 0.916667, "sli": 0.992424,
		"error_budget_target": 0.001, "error_budget_consumed": 7.5758, "error_budget_remaining": -6.5758,
		"error_budget_minutes": 1.44, "downtime_minutes": 10.0, "error_budget_remaining_minutes": -8.56,
		"state": "breached", "window_start": "2026-11-22T12:00:00Z", "window_end": "2026-11-23T12:00:00Z",
	}
	for k, v := range want {
		if status[k] != v {
			t.Errorf("status SLO %s = %v, want %v", k, status[k], v)
		}
	}
	burn := status["burn_rates"].(map[string]any)
	if burn["1d"] != 7.5758 || burn["1h"] != 0.0 {
		t.Errorf("burn rates = %v, want 1d 7.5758 and 1h 0", burn)
	}
	ratioSLO := doc.Services[1].SLOs[0]
	wantRatio := map[string]any{
		"unit": "events", "good": 2340.0, "total": 2400.0, "sli": 0.975, "coverage": 1.0,
		"error_budget_consumed": 2.5, "error_budget_remaining": -1.5, "state": "breached",
	}
	for k, v := range wantRatio {
		if ratioSLO[k] != v {
			t.Errorf("ratio SLO %s = %v, want %v", k, ratioSLO[k], v)
		}
	}
	for _, k := range []string{"error_budget_minutes", "downtime_minutes", "error_budget_remaining_minutes"} {
		if _, ok := ratioSLO[k]; ok {
			t.Errorf("event-based SLO has %s", k)
		}
	}
}

// A service whose data stopped is unknown, never operational, and an SLO
// without data is no_data.
func TestStaleDataIsUnknownNeverGreen(t *testing.T) {
	from := fixedNow.Add(-48 * time.Hour)
	_, st, _ := buildSite(t, `
-- site.toml --
[[service]]
id = "api"
interval = "1m"
  [[service.slo]]
  id = "availability"
  objective = 99
  window = "1d"
-- content/metrics/api/a.csv --
`+minuteRows(from, 600, [2]int{0, 0}, [2]int{0, 0}))
	svc := st.Services[0]
	if svc.Status != site.StatusUnknown || st.Status != site.StatusUnknown {
		t.Errorf("status = %s (page %s), want unknown", svc.Status, st.Status)
	}
	if st := svc.SLOs[0].State; st != "no_data" {
		t.Errorf("state = %s, want no_data", st)
	}
	// Its badge is grey and says the data is stale, naming the SLO.
	if b := badge.ForService(svc); b.Color != "lightgrey" || b.Message != "no recent data" || b.Label != "api: availability" {
		t.Errorf("badge of a stale service = %+v, want grey \"no recent data\" labelled \"api: availability\"", b)
	}
}

// A service whose data stopped a few hours ago, with its SLO still met
// over the window, is grey on its badge: not a green 100%.
func TestStaleBadgeIsNotGreen(t *testing.T) {
	from := fixedNow.Add(-24 * time.Hour)
	_, st, _ := buildSite(t, `
-- site.toml --
[[service]]
id = "api"
name = "API"
interval = "1m"
  [[service.slo]]
  id = "availability"
  name = "Requests succeed"
  objective = 99
  window = "1d"
  min_coverage = 0.5
-- content/metrics/api/a.csv --
`+minuteRows(from, 20*60, [2]int{0, 0}, [2]int{0, 0}))
	svc := st.Services[0]
	if svc.Status != site.StatusUnknown || svc.SLOs[0].State != "ok" {
		t.Fatalf("status %s, state %s; want unknown and ok (20 h of 24 up)", svc.Status, svc.SLOs[0].State)
	}
	b := badge.ForService(svc)
	if b.Color == "brightgreen" || b.Message == "100%" || b.Label != "API: Requests succeed" {
		t.Errorf("badge = %+v; want grey, not 100%%, labelled with the SLO", b)
	}
}

// The acceptance case of issue 2: a bad site.toml key, a CSV row with a
// broken time and an incident with an unknown service are all reported by
// check, each with file and line; without the site.toml error the build
// succeeds, skips the row and shows the count.
func TestCheckReportsAllThreeAndBuildSkips(t *testing.T) {
	files := `
-- content/metrics/api/2026-11.csv --
time,status
2026-11-23T11:57:00Z,up
2026-11-23T11:58:00Z,up
yesterday,up
2026-11-23T11:59:00Z,up
-- incidents/2026-11-20-outage.md --
+++
title = "Outage"
services = ["api", "billing"]
severity = "major"
started = 2026-11-20T10:00:00Z
resolved = 2026-11-20T11:00:00Z
+++
Body.
`
	config := `
-- site.toml --
title = "T"
[[service]]
id = "api"
owner = "Team"
interval = "1m"
  [[service.slo]]
  id = "availability"
  objective = 99.9
`
	dir := testsite.Write(t, config+files)
	cfg := filepath.Join(dir, "site.toml")
	os.WriteFile(cfg, []byte(strings.Replace(testsite.Parse(config)["site.toml"], "title", "titel", 1)), 0o644)
	ds := site.Check(cfg, fixedNow)
	for _, w := range []string{
		`site.toml:1: unknown key "titel"; did you mean "title"?`,
		`content/metrics/api/2026-11.csv:4:1: time "yesterday"`,
		`incidents/2026-11-20-outage.md:3: unknown service "billing"`,
	} {
		if !strings.Contains(ds.Error(), w) {
			t.Errorf("check misses %q; got:\n%s", w, ds.Error())
		}
	}
	if errs, _ := ds.Count(); errs != 3 {
		t.Errorf("got %d errors, want 3:\n%s", errs, ds.Error())
	}
	if _, _, err := Build(Options{Config: cfg, Out: filepath.Join(dir, "public"), Now: fixedNow}); err == nil {
		t.Errorf("build succeeded with an error in site.toml")
	}

	// Without the site.toml error, a plain build succeeds.
	testsite.WriteInto(t, dir, config)
	out := filepath.Join(dir, "public")
	st, ds, err := Build(Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: fixedNow})
	if err != nil {
		t.Fatalf("plain build must succeed with bad rows and files: %v", err)
	}
	if st.SkippedRows != 1 || st.RejectedIncidents != 1 || len(ds) != 2 {
		t.Errorf("skipped %d rows and %d incidents with %d diagnostics; want 1, 1, 2", st.SkippedRows, st.RejectedIncidents, len(ds))
	}
	page, _ := os.ReadFile(filepath.Join(out, "services", "api", "index.html"))
	if !bytes.Contains(page, []byte("1 rows skipped")) {
		t.Errorf("the service page does not show the skipped row count")
	}
	if _, _, err := Build(Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: fixedNow, Strict: true}); err == nil {
		t.Errorf("build --strict succeeded despite errors")
	}
}

// A failed build leaves the previous site untouched.
func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
title = "Before"
[[service]]
id = "api"
`)
	cfg := filepath.Join(dir, "site.toml")
	out := filepath.Join(dir, "public")
	if _, _, err := Build(Options{Config: cfg, Out: out, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	before := snapshotDir(t, out)

	// A template that fails while rendering, then a broken site.toml.
	testsite.WriteInto(t, dir, `
-- templates/index.html --
{{define "main"}}{{.NoSuchField}}{{end}}
`)
	if _, _, err := Build(Options{Config: cfg, Out: out, Now: fixedNow.Add(time.Hour)}); err == nil {
		t.Fatal("build with a broken template succeeded")
	}
	os.Remove(filepath.Join(dir, "templates", "index.html"))
	os.WriteFile(cfg, []byte("title = \"After\"\n[[service]]\nid = \"API!\"\n"), 0o644)
	if _, _, err := Build(Options{Config: cfg, Out: out, Now: fixedNow.Add(time.Hour)}); err == nil {
		t.Fatal("build with a broken site.toml succeeded")
	}
	if after := snapshotDir(t, out); after != before {
		t.Error("a failed build changed the previous site")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("a failed build left %s behind", e.Name())
		}
	}
}

// snapshotDir returns every file's path and content, for comparison.
func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Type()&os.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			fmt.Fprintf(&b, "== %s -> %s\n", rel, target)
			return err
		}
		data, err := os.ReadFile(p)
		fmt.Fprintf(&b, "== %s\n%s\n", rel, data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The same inputs and now give byte-identical output.
func TestBuildIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	if err := example.Write(dir, fixedNow); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "site.toml")
	var outs []string
	for i := 0; i < 2; i++ {
		out := filepath.Join(t.TempDir(), "public")
		if _, ds, err := Build(Options{Config: cfg, Out: out, Now: fixedNow}); err != nil || ds.HasErrors() {
			t.Fatalf("build: %v %v", err, ds)
		}
		outs = append(outs, snapshotDir(t, out))
	}
	if outs[0] != outs[1] {
		t.Error("two builds of the same inputs at the same now differ")
	}
}

// Pages of content/pages/ are rendered at /<name>/, linked from every
// page; names the site uses are refused.
func TestContentPages(t *testing.T) {
	out, _, ds := buildSite(t, `
-- site.toml --
title = "T"
[[service]]
id = "api"
-- content/pages/about.md --
# About this site

We run <b>data</b> pipelines.
-- content/pages/incidents.md --
# Clash
`)
	page, err := os.ReadFile(filepath.Join(out, "about", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>About this site · T</title>", "&lt;b&gt;data&lt;/b&gt;", `href="../index.html"`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("about page lacks %q", want)
		}
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(index, []byte(`<a href="about/index.html">About this site</a>`)) {
		t.Error("index does not link the page")
	}
	if !strings.Contains(ds.Error(), `content/pages/incidents.md: page name "incidents" is used by the site itself`) {
		t.Errorf("a clashing page name is not reported: %s", ds.Error())
	}
}

// Two rows with the same time: the later one (in file order) wins, and
// check warns — in one file, and across overlapping files.
func TestDuplicateTimesLaterWinsAndWarn(t *testing.T) {
	// Window [11:00, 12:00) with a 1-minute interval and samples at
	// 11:00–11:59. 11:30 appears twice: down, then up — the later up wins,
	// so nothing is bad. In the second service the files overlap and the
	// later file's down at 11:30 wins: 60 bad seconds of 3,600,
	// sli = 3,540 / 3,600 = 0.983333.
	one := minuteRows(fixedNow.Add(-time.Hour), 60, [2]int{0, 0}, [2]int{0, 0})
	dup := strings.Replace(one, "2026-11-23T11:30:00Z,up\n", "2026-11-23T11:30:00Z,down\n2026-11-23T11:30:00Z,up\n", 1)
	_, st, ds := buildSite(t, `
-- site.toml --
[[service]]
id = "a"
interval = "1m"
  [[service.slo]]
  id = "up"
  objective = 99
  window = "1h"
[[service]]
id = "b"
interval = "1m"
  [[service.slo]]
  id = "up"
  objective = 99
  window = "1h"
-- content/metrics/a/x.csv --
`+dup+`
-- content/metrics/b/1.csv --
`+one+`
-- content/metrics/b/2.csv --
time,status
2026-11-23T11:30:00Z,down
`)
	if sli := *st.Services[0].SLOs[0].SLI; sli != 1 {
		t.Errorf("a: sli = %v, want 1 (the later up wins)", sli)
	}
	if sli := slo.Round(*st.Services[1].SLOs[0].SLI, 6); sli != 0.983333 {
		t.Errorf("b: sli = %v, want 0.983333 (the later file's down wins)", sli)
	}
	for _, w := range []string{
		"content/metrics/a/x.csv:33:1: warning: time 2026-11-23T11:30:00Z appears again",
		"content/metrics/b/2.csv:2:1: warning: time 2026-11-23T11:30:00Z appears again",
	} {
		if !strings.Contains(ds.Error(), w) {
			t.Errorf("missing %q in:\n%s", w, ds.Error())
		}
	}
}

// unsafeSite is a site with every kind of file a build must never remove.
const unsafeSite = `
-- site.toml --
title = "Mine"
[[service]]
id = "api"
-- content/metrics/api/2026-11.csv --
time,status
2026-11-23T11:00:00Z,up
-- content/pages/about.md --
# About
-- incidents/2026-11-20-outage.md --
+++
title = "Outage"
services = ["api"]
severity = "minor"
started = 2026-11-20T10:00:00Z
resolved = 2026-11-20T11:00:00Z
+++
What happened.
-- templates/partials/footer.html --
<footer>mine</footer>
-- .git/HEAD --
ref: refs/heads/main
-- notes/todo.md --
my notes
-- notes.txt --
a file
`

// An output that is, holds or sits inside what the site reads, or a
// folder or file no build wrote, is refused with ErrUnsafeOutput and
// nothing is removed or changed; the same holds through symbolic links
// and paths that only lead back to those folders.
func TestBuildRefusesOutputsItDidNotWrite(t *testing.T) {
	cases := []struct{ out, why string }{
		{".", "the site folder"},
		{"", "the site folder"}, // the absolute path of the site folder
		{"..", "the site folder"},
		{"content", "content/"},
		{"content/../content", "content/"},
		{"content/metrics", "content/"},
		{"content/new", "content/"},
		{"incidents", "incidents/"},
		{"incidents/site", "incidents/"},
		{"templates", "templates/"},
		{"templates/partials", "templates/"},
		{"site.toml", "site.toml"},
		{".git", ".git"},
		{".git/site", ".git"},
		{"Content/metrics/new", "content/"}, // content/ itself on macOS and Windows
		{"SITE.TOML", "site.toml"},
		{"notes", "no statusgen build wrote"},
		{"notes.txt", "not a folder"},
		{"link-to-content", "content/"},
		{"link-to-site", "the site folder"},
		{"link-to-content/../content", "content/"},
	}
	for _, c := range cases {
		dir := testsite.Write(t, unsafeSite)
		os.Symlink(filepath.Join(dir, "content"), filepath.Join(dir, "link-to-content"))
		os.Symlink(dir, filepath.Join(dir, "link-to-site"))
		out := filepath.Join(dir, filepath.FromSlash(c.out))
		if c.out == "" {
			out = dir
		}
		before := snapshotDir(t, dir)
		_, _, err := Build(Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: fixedNow})
		if !errors.Is(err, ErrUnsafeOutput) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("-o %s: error %v, want ErrUnsafeOutput saying %q", c.out, err, c.why)
		}
		if after := snapshotDir(t, dir); after != before {
			t.Errorf("-o %s: a refused build changed the site's files", c.out)
		}
		if st, err := os.Lstat(filepath.Join(dir, "site.toml")); err != nil || !st.Mode().IsRegular() {
			t.Errorf("-o %s: site.toml is no longer a file", c.out)
		}
		// A build's temporary folders are .<out>.new-… and .<out>.old-…
		// beside out; only those are ours (for -o .. the folder beside is
		// the shared temporary folder, where other programs' may be).
		base := "." + filepath.Base(filepath.Clean(out))
		entries, _ := os.ReadDir(filepath.Dir(filepath.Clean(out)))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), base+".new-") || strings.HasPrefix(e.Name(), base+".old-") {
				t.Errorf("-o %s: a refused build left %s", c.out, e.Name())
			}
		}
	}
}

// A build marks its output with .statusgen-build, listing what it wrote;
// it replaces a folder so marked, but not one where something it did not
// write has appeared since. An unmarked public/ beside site.toml that
// holds a statusgen site (from a statusgen older than the marker) is
// replaced; anything else unmarked is refused.
func TestBuildReplacesOnlyItsOwnOutput(t *testing.T) {
	dir := testsite.Write(t, unsafeSite)
	cfg := filepath.Join(dir, "site.toml")
	out := filepath.Join(dir, "public")
	build := func() error {
		_, _, err := Build(Options{Config: cfg, Out: out, Now: fixedNow})
		return err
	}
	for i := 0; i < 2; i++ { // a new folder, then the folder the first build wrote
		if err := build(); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
	}
	marker, err := os.ReadFile(filepath.Join(out, OutputMarker))
	if err != nil || !bytes.Contains(marker, []byte("\napi/slo.json\n")) || !bytes.Contains(marker, []byte("\nindex.html\n")) {
		t.Fatalf("the output's marker does not list the files written: %v\n%s", err, marker)
	}
	lines := strings.Split(strings.TrimSpace(string(marker)), "\n")
	written := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != OutputMarker {
			written++
		}
		return nil
	})
	if written != len(lines)-1 || written < 10 {
		t.Errorf("the marker lists %d files, the output holds %d", len(lines)-1, written)
	}

	// Something the build did not write: refused and kept, whatever it is.
	for _, extra := range []string{"CNAME", "incidents/mine.html", ".git/HEAD"} {
		p := filepath.Join(out, filepath.FromSlash(extra))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("mine"), 0o644)
		named := filepath.FromSlash(extra)
		if strings.HasPrefix(extra, ".git/") {
			named = ".git"
		}
		if err := build(); !errors.Is(err, ErrUnsafeOutput) || !strings.Contains(err.Error(), named+" is in it") {
			t.Errorf("output with %s added: error %v, want ErrUnsafeOutput naming it", extra, err)
		}
		if b, err := os.ReadFile(p); err != nil || string(b) != "mine" {
			t.Errorf("%s added to the output was lost: %v", extra, err)
		}
		if strings.HasPrefix(extra, ".git/") {
			p = filepath.Join(out, ".git")
		}
		os.RemoveAll(p)
	}
	if err := build(); err != nil {
		t.Errorf("build after removing the additions: %v", err)
	}

	// public/ of an older statusgen: no marker, but a statusgen site.
	os.Remove(filepath.Join(out, OutputMarker))
	if err := build(); err != nil {
		t.Errorf("an unmarked statusgen site in public/ was refused: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, OutputMarker)); err != nil {
		t.Error("the build that replaced an older public/ did not mark it")
	}
	// ... but not elsewhere, nor when it does not look like one.
	other := filepath.Join(dir, "site-copy")
	os.Rename(out, other)
	os.Remove(filepath.Join(other, OutputMarker))
	if _, _, err := Build(Options{Config: cfg, Out: other, Now: fixedNow}); !errors.Is(err, ErrUnsafeOutput) ||
		!strings.Contains(err.Error(), "no statusgen build wrote") {
		t.Errorf("an unmarked site outside public/: error %v, want ErrUnsafeOutput", err)
	}
	os.Rename(other, out)
	os.Remove(filepath.Join(out, "api", "slo.json"))
	if err := build(); !errors.Is(err, ErrUnsafeOutput) {
		t.Errorf("an unmarked public/ without api/slo.json: error %v, want ErrUnsafeOutput", err)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error("the refused public/ was changed")
	}
	// An empty folder is taken.
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	if _, _, err := Build(Options{Config: cfg, Out: empty, Now: fixedNow}); err != nil {
		t.Errorf("an empty output folder: %v", err)
	}
}

// The temporary folders of builds that were killed are removed by the
// next build; names that are not a build's own for this output, and the
// folder of a build still writing (it holds the output's lock), are not.
func TestBuildRemovesTemporaryFoldersOfKilledBuilds(t *testing.T) {
	dir := testsite.Write(t, unsafeSite)
	cfg := filepath.Join(dir, "site.toml")
	out := filepath.Join(dir, "public")
	stale := []string{".public.new-123", ".public.old-456", ".public.new-7"}
	kept := []string{".public.new-abc", ".other.new-1", "public.new-1", ".public.newer", ".public.old-", ".publicx.new-1"}
	for _, n := range append(stale, kept...) {
		os.MkdirAll(filepath.Join(dir, n, "api"), 0o755)
		os.WriteFile(filepath.Join(dir, n, "api", "slo.json"), []byte("{"), 0o644)
	}
	os.WriteFile(filepath.Join(dir, ".public.new-999"), []byte("a file, not a build's folder"), 0o644)
	kept = append(kept, ".public.new-999")
	if _, _, err := Build(Options{Config: cfg, Out: out, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	for _, n := range stale {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s of a killed build is still there", n)
		}
	}
	for _, n := range kept {
		if _, err := os.Lstat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s is not a build's temporary folder but was removed", n)
		}
	}

	// A build running now holds the lock: its folder is left alone, and
	// the second build waits for it.
	unlock, locked := lockOutput(out)
	if !locked {
		t.Fatal("cannot lock the output")
	}
	running := filepath.Join(dir, ".public.new-42")
	os.Mkdir(running, 0o700)
	done := make(chan error)
	go func() {
		_, _, err := Build(Options{Config: cfg, Out: out, Now: fixedNow})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("a build finished while another held the output's lock: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := os.Stat(running); err != nil {
		t.Error("a build removed the temporary folder of a build still running")
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(running); err == nil {
		t.Error("a temporary folder left when its build ended was not removed")
	}
}

// exchange swaps two folders in one step, or, where the system cannot,
// says so and leaves both as they were.
func TestExchangeSwapsTwoFolders(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.Mkdir(a, 0o755)
	os.Mkdir(b, 0o755)
	os.WriteFile(filepath.Join(a, "from"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(b, "from"), []byte("b"), 0o644)
	exchanged, err := exchange(a, b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[bool]string{true: "ba", false: "ab"}[exchanged]
	ga, _ := os.ReadFile(filepath.Join(a, "from"))
	gb, _ := os.ReadFile(filepath.Join(b, "from"))
	if string(ga)+string(gb) != want {
		t.Errorf("exchanged %v, but a holds %q and b %q", exchanged, ga, gb)
	}
	t.Logf("atomic exchange here: %v", exchanged)
}

// FuzzBuildOutput writes a tiny site to outputs named by the fuzzer,
// relative to a site folder holding every kind of file a build must not
// touch, links to its folders among them. Whatever the path, those files
// stay as they were; an output a build accepted is accepted again (it is
// the build's own now) and holds the marker; no temporary folder is left
// beside it; and an output above the sandbox is refused without writing.
func FuzzBuildOutput(f *testing.F) {
	for _, s := range []string{"public", ".", "..", "../..", "content", "content/../content", "./incidents/x",
		"templates/partials", "site.toml", "site.toml/x", ".git", ".git/x", "notes", "notes/new", "notes.txt",
		"link-to-content", "link-to-site", "link-to-site/public", "link-to-content/../public", "a/b/c", "", "/",
		"public/../public", ".public.new-1", "public/.statusgen-build", "../site/content", "../other"} {
		f.Add(s)
	}
	files := map[string][]byte{"index.html": []byte("<html></html>"), "api/slo.json": []byte("{}")}
	f.Fuzz(func(t *testing.T, rel string) {
		root := t.TempDir()
		st := filepath.Join(root, "site")
		testsite.WriteInto(t, st, unsafeSite)
		os.Symlink(filepath.Join(st, "content"), filepath.Join(st, "link-to-content"))
		os.Symlink(st, filepath.Join(st, "link-to-site"))
		cfg := filepath.Join(st, "site.toml")
		protected := map[string]string{}
		for name := range testsite.Parse(unsafeSite) {
			b, _ := os.ReadFile(filepath.Join(st, filepath.FromSlash(name)))
			protected[name] = string(b)
		}
		out := filepath.Join(st, rel)
		resolved, err := resolvePath(out)
		if err != nil {
			return
		}
		rootResolved, _ := filepath.EvalSymlinks(root)
		if resolved != rootResolved && !within(resolved, rootResolved) {
			// Outside the sandbox only the check runs: it must refuse an
			// ancestor of the site, and nothing there may be written.
			if within(rootResolved, resolved) && !errors.Is(CheckOutput(out, cfg), ErrUnsafeOutput) {
				t.Fatalf("-o %q (%s), an ancestor of the site, was accepted", rel, resolved)
			}
			return
		}
		err = WriteAtomic(out, cfg, files)
		for name, want := range protected {
			if b, rerr := os.ReadFile(filepath.Join(st, filepath.FromSlash(name))); rerr != nil || string(b) != want {
				t.Fatalf("-o %q (err %v) changed the site's %s: %v", rel, err, name, rerr)
			}
		}
		if err == nil {
			if _, serr := os.Stat(filepath.Join(resolved, OutputMarker)); serr != nil {
				t.Fatalf("-o %q: the output has no marker: %v", rel, serr)
			}
			if err := WriteAtomic(out, cfg, files); err != nil {
				t.Fatalf("-o %q: a second build into the first one's output was refused: %v", rel, err)
			}
		}
		entries, _ := os.ReadDir(filepath.Dir(resolved))
		for _, e := range entries {
			if isTempName(e.Name(), filepath.Base(resolved)) {
				t.Fatalf("-o %q (err %v) left %s", rel, err, e.Name())
			}
		}
	})
}
