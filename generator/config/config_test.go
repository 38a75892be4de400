package config

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/testsite"
)

// Every problem in site.toml is reported at once, each with its line.
func TestConfigReportsEveryErrorWithItsLine(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
title = "T"
timezone = "Mars/Olympus"
histroy_days = 30

[[group]]
id = "apis"

[[service]]
id = "api"
group = "apis"
interval = "5 minutes"

  [[service.slo]]
  id = "a"
  objective = 100
  window = "fortnight"

[[service]]
id = "api"
group = "nope"

  [service.probe]
  url = "ftp://x"
  timeout = "soon"
`)
	_, ds := LoadConfig(dir + "/site.toml")
	want := []string{
		`site.toml:2: timezone: unknown time zone "Mars/Olympus"`,
		`site.toml:3: unknown key "histroy_days"; did you mean "history_days"?`,
		`site.toml:11: [service] interval: bad duration "5 minutes"`,
		`site.toml:15: [service.slo] objective: must be a percentage between 0 and 100`,
		`site.toml:16: [service.slo] window: bad window "fortnight"`,
		`site.toml:19: [service] id: duplicate service id "api"`,
		`site.toml:20: [service] group: names no [[group]]: "nope"`,
		`site.toml:23: [service.probe] url: "ftp://x" is not an http:// or https:// URL`,
		`site.toml:24: [service.probe] timeout: bad duration "soon"`,
	}
	ds.Sort()
	got := ds.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing diagnostic %q\ngot:\n%s", w, got)
		}
	}
	if errs, _ := ds.Count(); errs != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", errs, len(want), got)
	}
}

func TestConfigSyntaxErrorHasLine(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
title = "T"
[[service]
id = "x"
`)
	_, ds := LoadConfig(dir + "/site.toml")
	if len(ds) != 1 || ds[0].Line != 2 || !strings.HasPrefix(ds[0].Error(), "site.toml:2") {
		t.Fatalf("want one error on line 2, got %v", ds)
	}
}

func TestConfigDefaults(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
[[service]]
id = "api"
  [[service.slo]]
  id = "availability"
  objective = 99.9
  [[service.slo]]
  id = "jobs"
  indicator = "ratio"
  objective = 99
  window = "month"
`)
	cfg, ds := LoadConfig(dir + "/site.toml")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	s := cfg.Services[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"timezone", cfg.Timezone, "UTC"},
		{"history_days", cfg.HistoryDays, 90},
		{"service name", s.Name, "api"},
		{"indicator", s.SLOs[0].Indicator, "status"},
		{"window", s.SLOs[0].WindowSpec.Rolling.Hours(), 28 * 24.0},
		{"calendar window", s.SLOs[1].WindowSpec.Calendar, "month"},
		{"ratio good column", s.SLOs[1].Good, "good"},
		{"sla period", s.SLOs[0].SLAPeriod, "quarter"},
		{"min coverage", cfg.MinCoverageFor(s.SLOs[0]), 0.9},
		{"exclude maintenance", cfg.ExcludesMaintenance(), true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]float64{"5m": 300, "90s": 90, "1h30m": 5400, "28d": 28 * 86400, "2w": 14 * 86400, "1.5d": 129600} {
		d, err := ParseDuration(in)
		if err != nil || d.Seconds() != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %vs", in, d, err, want)
		}
	}
	for _, bad := range []string{"", "5", "d", "-1d", "soon", "NaNd", "Infd", "1e300d", "107000w"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) succeeded", bad)
		}
	}
}

// A value of the wrong type is reported with its line, and so is every
// other problem of the file.
func TestConfigTypeErrorsAllWithLines(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
title = 3
timezone = "Nowhere/X"
[[service]]
id = "a"
interval = 5
  [[service.slo]]
  id = "s"
  objective = "99.9"
`)
	_, ds := LoadConfig(dir + "/site.toml")
	ds.Sort()
	want := []string{
		`site.toml:1: title: expected text in quotes, got a whole number`,
		`site.toml:2: timezone: unknown time zone "Nowhere/X"`,
		`site.toml:5: [service] interval: expected text in quotes, got a whole number`,
		`site.toml:8: [service.slo] objective: expected a number, got text in quotes`,
	}
	got := ds.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if errs, _ := ds.Count(); errs != len(want) {
		t.Errorf("%d errors, want %d (no repeats of a type error):\n%s", errs, len(want), got)
	}
}

// loadTOML writes src as site.toml into a new folder and loads it.
func loadTOML(t testing.TB, src string) (*Config, diag.Diagnostics) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return LoadConfig(filepath.Join(dir, "site.toml"))
}

// errorLines returns the line of every error, sorted.
func errorLines(ds diag.Diagnostics) []int {
	ds.Sort()
	var lines []int
	for _, d := range ds {
		if !d.Warning {
			lines = append(lines, d.Line)
		}
	}
	return lines
}

// A site without services would publish an empty page and exit 0.
func TestConfigRefusesASiteWithoutServices(t *testing.T) {
	for name, src := range map[string]string{
		"empty file":   "",
		"only a title": "title = \"T\"\n",
		"only groups":  "[[group]]\nid = \"apis\"\n",
		"comments":     "# [[service]]\n# id = \"api\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "site.toml")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, ds := LoadConfig(path)
			if errs, _ := ds.Count(); errs != 1 || !strings.HasPrefix(ds.Error(), "site.toml: the site has no services; add one, e.g. [[service]] with id =") {
				t.Errorf("want one error saying to add a [[service]], got:\n%s", ds.Error())
			}
		})
	}
}

// One wrong-typed value is reported on its own line only, and the same key
// of the other services keeps its value.
func TestConfigTypeErrorOnlyOnItsLine(t *testing.T) {
	var b strings.Builder
	lineOf := map[string]int{} // "svc-N" → line of its objective
	line := 0
	add := func(s string) {
		b.WriteString(s + "\n")
		line++
	}
	objective := func(i int, bad []int) string {
		if slices.Contains(bad, i) {
			return `"99.9"`
		}
		return "99.9"
	}
	build := func(bad ...int) string {
		b.Reset()
		line = 0
		add(`title = "T"`)
		for i := 0; i < 5; i++ {
			add("[[service]]")
			add(fmt.Sprintf(`id = "svc-%d"`, i))
			add("  [[service.slo]]")
			add(`  id = "availability"`)
			add("  objective = " + objective(i, bad))
			lineOf[fmt.Sprintf("svc-%d", i)] = line
			add("  [[service.slo]]")
			add(`  id = "latency"`)
			add("  objective = 99")
		}
		return b.String()
	}
	cfg, ds := loadTOML(t, build(1))
	if got, want := errorLines(ds), []int{lineOf["svc-1"]}; !slices.Equal(got, want) {
		t.Errorf("one wrong objective: errors on lines %v, want %v:\n%s", got, want, ds.Error())
	}
	if !strings.Contains(ds.Error(), fmt.Sprintf("site.toml:%d: [service.slo] objective: expected a number, got text in quotes", lineOf["svc-1"])) {
		t.Errorf("message:\n%s", ds.Error())
	}
	for i, s := range cfg.Services {
		want := 99.9
		if i == 1 {
			want = 0
		}
		if s.SLOs[0].Objective != want || s.SLOs[1].Objective != 99 {
			t.Errorf("%s: objectives %v, %v; want %v, 99", s.ID, s.SLOs[0].Objective, s.SLOs[1].Objective, want)
		}
	}

	_, ds = loadTOML(t, build(1, 3))
	if got, want := errorLines(ds), []int{lineOf["svc-1"], lineOf["svc-3"]}; !slices.Equal(got, want) {
		t.Errorf("two wrong objectives: errors on lines %v, want %v:\n%s", got, want, ds.Error())
	}
}

// siteWith is a valid site.toml whose first service holds extra on the
// line returned.
func siteWith(extra string) (string, int) {
	return "title = \"T\"\n[[service]]\nid = \"api\"\n" + extra + "\n", 4
}

// Only http(s) URLs are published as the site's address and as runbook
// links; a contact is plain text or an http(s) or mailto: link. Anything
// a browser would run (javascript:, data:, …), however it is spelt, is an
// error on its line.
func TestConfigURLs(t *testing.T) {
	cases := []struct {
		key, value string
		ok         bool
	}{
		{"runbook", "https://wiki.example.com/runbooks/api", true},
		{"runbook", "HTTP://wiki.example.com/x?a=b#c", true},
		{"runbook", "javascript:alert(1)", false},
		{"runbook", "JavaScript:alert(document.domain)", false},
		{"runbook", " javascript:alert(1)", false},
		{"runbook", "\x01javascript:alert(1)", false},
		{"runbook", "java\tscript:alert(1)", false},
		{"runbook", "data:text/html,<script>alert(1)</script>", false},
		{"runbook", "vbscript:msgbox(1)", false},
		{"runbook", "file:///etc/passwd", false},
		{"runbook", "//evil.example/", false},
		{"runbook", "/runbooks/api", false},
		{"runbook", "https:", false},
		{"runbook", "http:wiki", false},
		{"runbook", "https://wiki.example.com/run book", false},
		{"runbook", "https://alice:s3cret@wiki.example.com/", false},
		{"contact", "#payments-oncall", true},
		{"contact", "Payments team", true},
		{"contact", "Slack: #payments-oncall", true},
		{"contact", "oncall@example.com", true},
		{"contact", "mailto:oncall@example.com", true},
		{"contact", "MAILTO:oncall@example.com", true},
		{"contact", "https://chat.example.com/payments", true},
		{"contact", "mailto:", false},
		{"contact", "javascript:alert(1)", false},
		{"contact", "javascript: alert(1)", false},
		{"contact", "  JAVASCRIPT:alert(1)", false},
		{"contact", "data: text/html,x", false},
		{"contact", "vbscript:msgbox(1)", false},
		{"contact", "file:///etc/passwd", false},
		{"contact", "tel:+4930123", false},
		{"contact", "line\nbreak", false},
		{"contact", "https://alice:s3cret@chat.example.com/", false},
	}
	for _, c := range cases {
		src, line := siteWith(c.key + " = " + TOMLString(c.value))
		_, ds := loadTOML(t, src)
		checkURLCase(t, c.key, c.value, c.ok, line, ds)
	}
	for _, c := range []struct {
		value string
		ok    bool
	}{
		{"https://status.example.com/", true},
		{"http://status.example.com", true},
		{"https://example.com/status/", true},
		{"javascript:alert(1)//", false},
		{"JAVASCRIPT:alert(1)//", false},
		{"\tjavascript:alert(1)//", false},
		{"data:text/html,x", false},
		{"/status/", false},
		{"https://status.example.com/?utm=x", false},
		{"https://status.example.com/#top", false},
		{"https://alice:s3cret@status.example.com/", false},
	} {
		_, ds := loadTOML(t, "base_url = "+TOMLString(c.value)+"\n[[service]]\nid = \"api\"\n")
		checkURLCase(t, "base_url", c.value, c.ok, 1, ds)
	}
	for _, c := range []struct {
		value string
		ok    bool
	}{
		{"https://api.example.com/healthz", true},
		{"http://127.0.0.1:8080/healthz", true},
		{"https://probe:s3cret@api.example.com/healthz", true}, // fetched, never published
		{"javascript:alert(1)", false},
		{"ftp://api.example.com/", false},
		{"http:api", false},
		{"file:///etc/passwd", false},
	} {
		_, ds := loadTOML(t, "[[service]]\nid = \"api\"\n[service.probe]\nurl = "+TOMLString(c.value)+"\n")
		checkURLCase(t, "url", c.value, c.ok, 4, ds)
	}
}

func checkURLCase(t *testing.T, key, value string, ok bool, line int, ds diag.Diagnostics) {
	t.Helper()
	got := errorLines(ds)
	switch {
	case ok && len(got) > 0:
		t.Errorf("%s = %q: want no error, got:\n%s", key, value, ds.Error())
	case !ok && !slices.Equal(got, []int{line}):
		t.Errorf("%s = %q: want one error on line %d, got:\n%s", key, value, line, ds.Error())
	case !ok && !strings.Contains(ds.Error(), key+":"):
		t.Errorf("%s = %q: the error does not name the key:\n%s", key, value, ds.Error())
	case strings.Contains(ds.Error(), "s3cret"):
		t.Errorf("%s = %q: the error repeats the password:\n%s", key, value, ds.Error())
	}
}

// timezone = "Local" would make the pages depend on the machine.
func TestConfigTimezone(t *testing.T) {
	for _, tz := range []string{"Local", "local", "localtime", ""} {
		src, _ := siteWith("")
		src = "timezone = " + TOMLString(tz) + "\n" + src
		_, ds := loadTOML(t, src)
		if got := errorLines(ds); !slices.Equal(got, []int{1}) || !strings.Contains(ds.Error(), `timezone:`) || !strings.Contains(ds.Error(), `"Europe/Berlin" or "UTC"`) {
			t.Errorf("timezone = %q: want one error on line 1 suggesting an IANA name, got:\n%s", tz, ds.Error())
		}
	}
	for tz, want := range map[string]string{"UTC": "UTC", "Europe/Berlin": "Europe/Berlin"} {
		src, _ := siteWith("")
		cfg, ds := loadTOML(t, "timezone = "+TOMLString(tz)+"\n"+src)
		if ds.HasErrors() || cfg.Location.String() != want {
			t.Errorf("timezone = %q: location %v, %s", tz, cfg.Location, ds.Error())
		}
	}
	src, _ := siteWith("")
	if cfg, ds := loadTOML(t, src); ds.HasErrors() || cfg.Location != time.UTC || cfg.Timezone != "UTC" {
		t.Errorf("no timezone: want UTC, got %v, %s", cfg.Location, ds.Error())
	}
}

// Numbers and durations out of range are errors on their line, not
// defaults or zeros taken silently.
func TestConfigBounds(t *testing.T) {
	cases := []struct {
		where, line string // where: "site", "service", "probe" or "slo"
		ok          bool
	}{
		{"site", "history_days = 0", false},
		{"site", "history_days = -1", false},
		{"site", "history_days = 367", false},
		{"site", "history_days = 9999999999", false},
		{"site", "history_days = 1", true},
		{"site", "history_days = 366", true},
		{"site", "degraded_weight = nan", false},
		{"site", "min_coverage = inf", false},
		{"service", `interval = "1ns"`, false},
		{"service", `interval = "500ms"`, false},
		{"service", `interval = "1.5s"`, false},
		{"service", `interval = "32d"`, false},
		{"service", `interval = "0s"`, false},
		{"service", `interval = "NaNd"`, false},
		{"service", `interval = "1e300d"`, false},
		{"service", `interval = "1s"`, true},
		{"service", `interval = "5m"`, true},
		{"service", `interval = "31d"`, true},
		{"service", `stale_after = "26h"`, true},
		{"service", `stale_after = "366d"`, true},
		{"service", `stale_after = "367d"`, false},
		{"service", `stale_after = "0s"`, false},
		{"service", `stale_after = "1.5s"`, false},
		{"service", `stale_after = "soon"`, false},
		{"service", `labels = { env = "prod", source = "kafka", team = "data-platform" }`, true},
		{"service", `labels = { data_source = "x" }`, true},
		{"service", `labels = { Env = "prod" }`, false},
		{"service", `labels = { "team-name" = "x" }`, false},
		{"service", `labels = { "9lives" = "x" }`, false},
		{"service", `labels = { env = "" }`, false},
		{"service", `labels = { env = " " }`, false},
		{"service", `labels = { env = "a\u0007b" }`, false},
		{"service", `labels = { env = "` + strings.Repeat("x", 101) + `" }`, false},
		{"service", `labels = { env = "` + strings.Repeat("é", 100) + `" }`, true},
		{"service", `labels = { env = 1 }`, false},
		{"probe", `timeout = "1ns"`, false},
		{"probe", `timeout = "2m"`, false},
		{"probe", `timeout = "100ms"`, true},
		{"probe", `timeout = "1m"`, true},
		{"probe", `expect_status = [99]`, false},
		{"probe", `expect_status = [200, 600]`, false},
		{"probe", `expect_status = [200, 204]`, true},
		{"probe", `method = "GE T"`, false},
		{"probe", `method = "head"`, true},
		{"probe", `degraded_ms = nan`, false},
		{"slo", `window = "30m"`, false},
		{"slo", `window = "367d"`, false},
		{"slo", `window = "100000d"`, false},
		{"slo", `window = "Infd"`, false},
		{"slo", `window = "1h"`, true},
		{"slo", `window = "366d"`, true},
		{"slo", `window = "year"`, true},
	}
	for _, c := range cases {
		lines := []string{"", "[[service]]", `id = "api"`, "", "[service.probe]", `url = "https://api.example.com/"`, "", "[[service.slo]]", `id = "a"`, "objective = 99.9", ""}
		at := map[string]int{"site": 0, "service": 3, "probe": 6, "slo": 10}[c.where]
		lines[at] = c.line
		_, ds := loadTOML(t, strings.Join(lines, "\n"))
		got := errorLines(ds)
		switch {
		case c.ok && len(got) > 0:
			t.Errorf("%s: want no error, got:\n%s", c.line, ds.Error())
		case !c.ok && !slices.Equal(got, []int{at + 1}):
			t.Errorf("%s: want one error on line %d, got:\n%s", c.line, at+1, ds.Error())
		}
	}
}

// The decoder reports what the TOML library would stop at or take
// silently: keys in inline tables, a table written where a list of tables
// belongs, and items of the wrong type in a list, each on its line.
func TestConfigDecodeReportsEachProblemOnItsLine(t *testing.T) {
	_, ds := loadTOML(t, `title = "T"
[[service]]
id = "a"
probe = { url = "https://x.example/", methd = "GET" }
Owner = "me"
[[service]]
id = "b"
  [service.probe]
  url = "https://x.example/"
  expect_status = [200, "204"]
  [[service.slo]]
  id = "s"
  objective = 99.9
  threshold = "300"
`)
	ds.Sort()
	want := []string{
		`site.toml:4: unknown key "methd" in [service.probe]; did you mean "method"?`,
		`site.toml:5: unknown key "Owner" in [service]; did you mean "owner"?`,
		`site.toml:10: [service.probe] expect_status: expected a list of whole numbers, e.g. [200, 204], got a list holding text in quotes`,
		`site.toml:14: [service.slo] threshold: expected a number, got text in quotes`,
	}
	if got := ds.Error(); got != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}

	_, ds = loadTOML(t, "title = \"T\"\n[service]\nid = \"a\"\n")
	if got := ds.Error(); got != "site.toml:2: service: expected tables [[service]] (double brackets), got a table" {
		t.Errorf("a single [service] table: %s", got)
	}
}

// configSeeds are site.toml files to start fuzzing from: the repository's
// own, the example's, small ones that reach each check, and services made
// from the sites of a real Upptime configuration in ../shared/realdata.
func configSeeds(f *testing.F) []string {
	f.Helper()
	own, err := os.ReadFile(filepath.Join("..", "..", "site.toml"))
	if err != nil {
		f.Fatal(err)
	}
	files, err := example.Files(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{string(own), string(files["site.toml"]),
		"",
		"title = \"T\"\n",
		"[[service]]\nid = \"api\"\n",
		"[service]\nid = \"api\"\n",
		"service = [{id = \"a\", probe = {url = 5}}]\n",
		"timezone = \"Local\"\nhistory_days = 0\n[[service]]\nid = \"a\"\ninterval = \"1ns\"\n",
		"base_url = \"javascript:alert(1)//\"\n[[service]]\nid = \"a\"\ncontact = \" JaVaScRiPt:x\"\nrunbook = \"data:,x\"\n",
		"[[service]]\nid = \"a\"\n  [[service.slo]]\n  id = \"s\"\n  objective = \"99.9\"\n[[service]]\nid = \"b\"\n  [[service.slo]]\n  id = \"s\"\n  objective = 99.9\n",
		"[[service]]\nid = \"a\"\n[service.probe]\nurl = \"https://x/\"\nexpect_status = [200, \"x\"]\ntimeout = \"NaNd\"\n",
		"[incident_weights]\nmajor = nan\nminr = 0.1\n[[group]]\nid = \"g\"\n[[service]]\nid = \"a\"\ngroup = \"h\"\n",
		"text = \"\"\"\n[[service]]\n\"\"\"\nlist = [\n  \"]\",\n]\n[[service]]\nid = \"a\"\n",
	}
	// Real sites: their names and addresses as services.
	rc := filepath.Join("..", "..", "..", "shared", "realdata", "upptime", "seklfreak-upptime", ".upptimerc.yml")
	yml, err := os.ReadFile(rc)
	if err != nil {
		f.Fatalf("the real-data folder is missing (%v); CI provides ../shared/realdata beside the repository", err)
	}
	var b strings.Builder
	n := 0
	for _, line := range strings.Split(string(yml), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- ")), ":")
		v = strings.TrimSpace(v)
		switch {
		case !ok:
		case k == "name" && n < 5:
			n++
			fmt.Fprintf(&b, "[[service]]\nid = \"site-%d\"\nname = %s\ncontact = %s\n", n, TOMLString(v), TOMLString(v))
		case k == "url" || k == "logoUrl" || k == "href":
			fmt.Fprintf(&b, "runbook = %s\n[service.probe]\nurl = %s\n", TOMLString(v), TOMLString(v))
		case k == "baseUrl":
			seeds = append(seeds, "base_url = "+TOMLString(v)+"\n[[service]]\nid = \"a\"\n")
		}
	}
	if n == 0 {
		f.Fatalf("%s: no sites", rc)
	}
	return append(seeds, b.String())
}

// FuzzLoadConfig loads arbitrary site.toml files. Whatever the bytes,
// loading does not panic, every diagnostic names site.toml and a line of
// the file (or 0, the whole file), the same file gives the same
// diagnostics, and a file loaded without errors has services with valid,
// unique ids and only values the checks allow.
func FuzzLoadConfig(f *testing.F) {
	for _, s := range configSeeds(f) {
		f.Add([]byte(s))
	}
	// One folder for every input: a worker runs its inputs one at a time.
	path := filepath.Join(f.TempDir(), "site.toml")
	load := func(t *testing.T, src []byte) (*Config, diag.Diagnostics) {
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		return LoadConfig(path)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, ds := load(t, src)
		lines := strings.Count(string(src), "\n") + 1
		for _, d := range ds {
			if d.Path != "site.toml" || d.Line < 0 || d.Line > lines || d.Column < 0 || d.Message == "" {
				t.Fatalf("diagnostic %q: want site.toml and a line from 0 to %d", d.Error(), lines)
			}
		}
		_, again := load(t, src)
		ds.Sort()
		again.Sort()
		if ds.Error() != again.Error() {
			t.Fatalf("two loads differ:\n%s\n---\n%s", ds.Error(), again.Error())
		}
		if ds.HasErrors() {
			return
		}
		checkLoadedConfig(t, cfg)
	})
}

// checkLoadedConfig asserts what a config loaded without errors promises,
// checked here independently of the code that validates it.
func checkLoadedConfig(t *testing.T, cfg *Config) {
	t.Helper()
	if cfg == nil || len(cfg.Services) == 0 || cfg.Location == nil || cfg.Location == time.Local {
		t.Fatalf("loaded without errors but unusable: %+v", cfg)
	}
	if cfg.HistoryDays < 1 || cfg.HistoryDays > 366 {
		t.Fatalf("history_days %d", cfg.HistoryDays)
	}
	if cfg.BaseURL != "" && !isHTTPURL(cfg.BaseURL) {
		t.Fatalf("base_url %q", cfg.BaseURL)
	}
	ids := map[string]bool{}
	for _, s := range cfg.Services {
		if !regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`).MatchString(s.ID) || ids[s.ID] {
			t.Fatalf("service id %q", s.ID)
		}
		ids[s.ID] = true
		if s.Runbook != "" && !isHTTPURL(s.Runbook) {
			t.Fatalf("runbook %q", s.Runbook)
		}
		if c := strings.ToLower(strings.TrimSpace(s.Contact)); strings.ContainsAny(s.Contact, "\t\n\r\x00") ||
			regexp.MustCompile(`^[a-z][a-z0-9+.-]*:[^ ]`).MatchString(c) && !isHTTPURL(c) && !strings.HasPrefix(c, "mailto:") ||
			strings.HasPrefix(c, "javascript:") || strings.HasPrefix(c, "data:") || strings.HasPrefix(c, "vbscript:") {
			t.Fatalf("contact %q", s.Contact)
		}
		if d := s.IntervalDur; d != 0 && (d < time.Second || d > 31*24*time.Hour || d%time.Second != 0) {
			t.Fatalf("interval %v", d)
		}
		if p := s.Probe; p != nil && (!isHTTPURL(p.URL) || p.TimeoutDur < 100*time.Millisecond || p.TimeoutDur > time.Minute) {
			t.Fatalf("probe %+v", p)
		}
		slos := map[string]bool{}
		for _, o := range s.SLOs {
			if !regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`).MatchString(o.ID) || slos[o.ID] {
				t.Fatalf("slo id %q", o.ID)
			}
			slos[o.ID] = true
			if !(o.Objective > 0 && o.Objective < 100) {
				t.Fatalf("objective %v", o.Objective)
			}
			if w := o.WindowSpec; w.Calendar == "" && (w.Rolling < time.Hour || w.Rolling > 366*24*time.Hour) {
				t.Fatalf("window %+v", w)
			}
		}
	}
}

// isHTTPURL reports whether s is an absolute http(s) URL with a host and
// nothing a browser would trim.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		strings.TrimSpace(s) == s && !strings.ContainsAny(s, " \t\n\r\x00")
}
