package importer

import (
	"bytes"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/slo"
)

// The fuzz targets of the importers feed each parser bytes, starting from
// the real files of ../shared/realdata and small inline seeds, and check
// what comes out: every row or incident has its times in 1970..2199,
// incident files parse back with incident.Parse into what the
// import meant, snapshot rows parse back as CSV, and every line the
// summary prints is one line naming the file.

// seedFiles adds every file of realdata/sub whose name matches pattern to
// f's corpus, through add; it fails when there is none, as CI provides
// them.
func seedFiles(f *testing.F, sub, pattern string, add func(name string, b []byte)) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join(realData(f), sub, pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no %s in realdata/%s (%v)", pattern, sub, err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		add(filepath.Base(p), b)
	}
}

// timeOK says whether t is a time an import may write: 1970 to 2199.
func timeOK(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1970 && y <= 2199
}

// controlChar returns the first control character of s other than tab, or -1.
func controlChar(s string) rune {
	for _, r := range s {
		if (r < 0x20 && r != '\t') || r == 0x7f {
			return r
		}
	}
	return -1
}

// checkSummary checks that every line an import prints is one line and,
// for skipped items, names the source it read.
func checkSummary(t *testing.T, sum *Summary, name string) {
	t.Helper()
	for _, l := range slices.Concat(sum.Imported, sum.Skipped, sum.Notes) {
		if r := controlChar(l); r >= 0 {
			t.Fatalf("summary line %q holds control character %U", l, r)
		}
	}
	for _, l := range sum.Skipped {
		if !strings.Contains(l, name) {
			t.Fatalf("skipped line %q does not name %s", l, name)
		}
	}
}

// checkRows checks rows to be written under columns: times in range,
// cells the snapshot reader takes (a status word, a number that is not
// negative, a code of three digits) on one line, and, through readBack, the lines
// metrics.AppendMetrics writes of them read back as the same cells by
// encoding/csv and by metrics.ReadSnapshot.
func checkRows(t *testing.T, columns []string, rows []metrics.MetricRow) {
	t.Helper()
	for _, r := range rows {
		if !timeOK(r.Time) {
			t.Fatalf("row at %s, outside 1970..2199", r.Time)
		}
		for k, v := range r.Values {
			if !slices.Contains(columns, k) || k == "time" {
				t.Fatalf("row value %q is not a column of %v", k, columns)
			}
			if controlChar(v) >= 0 || strings.ContainsAny(v, ",\"") {
				t.Fatalf("cell %s = %q", k, v)
			}
			if f, err := strconv.ParseFloat(v, 64); k != "status" && v != "" && (err != nil || f < 0 || math.IsInf(f, 0) || k == "code" && (f < 100 || f > 999)) {
				t.Fatalf("cell %s = %q is not a number the snapshot reader takes", k, v)
			}
		}
	}
	if !readBack.due() {
		return
	}
	files, err := metrics.AppendMetrics(readBack.cfg.Dir, readBack.absent, columns, rows, true)
	if err != nil {
		t.Fatal(err)
	}
	byTime := map[int64]metrics.MetricRow{}
	for _, r := range rows {
		if _, ok := byTime[r.Time.Unix()]; !ok {
			byTime[r.Time.Unix()] = r
		}
	}
	n := 0
	for _, mf := range files {
		n += mf.Added + mf.Duplicates
		for _, l := range mf.Lines {
			if r := controlChar(l); r >= 0 {
				t.Fatalf("%s: line %q holds control character %U", mf.Path, l, r)
			}
		}
		recs, err := csv.NewReader(strings.NewReader(strings.Join(mf.Lines, "\n"))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v\n%s", mf.Path, err, strings.Join(mf.Lines, "\n"))
		}
		if len(recs) != mf.Added+1 || !slices.Equal(recs[0], columns) {
			t.Fatalf("%s: %d records, header %v; want %d and %v", mf.Path, len(recs), recs[0], mf.Added+1, columns)
		}
		for _, rec := range recs[1:] {
			tm, err := time.Parse(time.RFC3339, rec[0])
			if err != nil {
				t.Fatalf("%s: time %q: %v", mf.Path, rec[0], err)
			}
			r, ok := byTime[tm.Unix()]
			if !ok {
				t.Fatalf("%s: row at %s that was not imported", mf.Path, rec[0])
			}
			for i, c := range columns[1:] {
				if rec[i+1] != r.Values[c] {
					t.Fatalf("%s: %s %q reads back as %q", mf.Path, c, r.Values[c], rec[i+1])
				}
			}
		}
	}
	if n != len(rows) {
		t.Fatalf("%d rows, but the files account for %d", len(rows), n)
	}
	readBack.check(t, columns, files)
}

// readBack is a site whose snapshot reader reads the rows checkRows sees
// back: every one must be read, none reported.
var readBack *readBackSite

type readBackSite struct {
	cfg    *config.Config
	absent string // a folder that never exists: AppendMetrics' dry runs find no rows there
	calls  int    // of due
}

// due says whether to write and read back this time. The file system
// takes a millisecond here, more than the rest of an input, and Go
// minimises every new input it keeps with many executions: while fuzzing,
// one input in 32 is read back (a finding then reads back whenever its
// seed runs); otherwise every one is.
func (r *readBackSite) due() bool {
	r.calls++
	fl := flag.Lookup("test.fuzz")
	return fl == nil || fl.Value.String() == "" || r.calls%32 == 0
}

const readBackSiteTOML = `title = "R"
base_url = "https://status.example.com/"

[[service]]
id = "probe"
name = "Probe"
owner = "T"
interval = "1m"
  [[service.slo]]
  id = "up"
  indicator = "status"
  objective = 99

[[service]]
id = "pipeline"
name = "Pipeline"
owner = "T"
interval = "1m"
  [[service.slo]]
  id = "ok"
  indicator = "ratio"
  good = "good"
  total = "total"
  objective = 99
`

func newReadBack(tb testing.TB) *readBackSite {
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(readBackSiteTOML), 0o644); err != nil {
		tb.Fatal(err)
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		tb.Fatal(ds)
	}
	for _, id := range []string{"probe", "pipeline"} {
		if err := os.MkdirAll(filepath.Join(dir, "content", "metrics", id), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	return &readBackSite{cfg: cfg, absent: filepath.Join(dir, "absent")}
}

// check writes the lines AppendMetrics would write, the months one after
// the other in one file, and reads them with metrics.ReadSnapshot.
func (r *readBackSite) check(t *testing.T, columns []string, files []metrics.MonthFile) {
	t.Helper()
	if len(files) == 0 {
		return
	}
	svc := r.cfg.Service("probe")
	if slices.Contains(columns, "good") {
		svc = r.cfg.Service("pipeline")
	}
	var b strings.Builder
	added := 0
	for _, mf := range files {
		added += mf.Added
		for i, l := range mf.Lines {
			if i > 0 || b.Len() == 0 { // every month's header is the same: write the first
				b.WriteString(l + "\n")
			}
		}
	}
	if err := os.WriteFile(filepath.Join(r.cfg.Dir, "content", "metrics", svc.ID, "all.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tl := slo.NewTimeline([]int64{minTime.Unix(), endTime.Unix()})
	var ds diag.Diagnostics
	snap := metrics.ReadSnapshot(r.cfg, svc, tl, endTime, &ds)
	if len(ds) > 0 || snap.Rows != added {
		t.Fatalf("the snapshot reader read %d of %d rows: %v", snap.Rows, added, ds)
	}
}

// checkIncident checks that d's file parses with incident.Parse
// into d, that its source reads back, and that its front matter holds no
// control character.
func checkIncident(t *testing.T, s *Site, d *IncidentDoc) {
	t.Helper()
	for _, tm := range []time.Time{d.Started, d.Detected, d.Contained, d.Resolved} {
		if !tm.IsZero() && !timeOK(tm) {
			t.Fatalf("%s: time %s outside 1970..2199", d.Source, tm)
		}
	}
	for _, u := range d.Updates {
		if !timeOK(u.Time) {
			t.Fatalf("%s: update at %s outside 1970..2199", d.Source, u.Time)
		}
	}
	src := d.Render()
	fm, _, _ := strings.Cut(strings.TrimPrefix(string(src), "+++\n"), "\n+++\n")
	for _, l := range strings.Split(fm, "\n") {
		if r := controlChar(l); r >= 0 {
			t.Fatalf("front matter line %q holds control character %U:\n%s", l, r, src)
		}
	}
	var ds diag.Diagnostics
	in := incident.Parse(s.Config, "incidents/x.md", src, &ds)
	if in == nil || ds.HasErrors() {
		t.Fatalf("the file does not parse: %v\n%s", ds, src)
	}
	if got, ok := sourceOf(bytes.NewReader(src)); !ok || got != sourceKey(d.Source) {
		t.Fatalf("source %q reads back as %q (%v)\n%s", d.Source, got, ok, src)
	}
	sec := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.UTC().Truncate(time.Second)
	}
	switch {
	case in.Title != strings.TrimSpace(d.Title):
		t.Fatalf("title %q reads back as %q", d.Title, in.Title)
	case in.Severity != d.Severity:
		t.Fatalf("severity %q reads back as %q", d.Severity, in.Severity)
	case !slices.Equal(in.Services, d.Services) && len(in.Services)+len(d.Services) > 0:
		t.Fatalf("services %q read back as %q", d.Services, in.Services)
	case !in.Started.Equal(sec(d.Started)), !in.Resolved.Equal(sec(d.Resolved)),
		!in.Detected.Equal(sec(d.Detected)), !in.Contained.Equal(sec(d.Contained)):
		t.Fatalf("times %v read back as %v, %v, %v, %v\n%s", d, in.Started, in.Detected, in.Contained, in.Resolved, src)
	case in.Draft != d.Draft:
		t.Fatalf("draft %v reads back as %v", d.Draft, in.Draft)
	case len(in.Updates) != len(d.Updates):
		t.Fatalf("%d updates read back as %d\n%s", len(d.Updates), len(in.Updates), src)
	}
	for i, u := range d.Updates {
		got := in.Updates[i]
		if !got.Time.Equal(sec(u.Time)) || got.Status != u.Status || got.Text != strings.TrimSpace(u.Text) {
			t.Fatalf("update %+v reads back as %+v", u, got)
		}
	}
}

// FuzzCStateIncident converts cState incident files: each either becomes
// a file that parses back into what was meant, or is skipped with a reason.
func FuzzCStateIncident(f *testing.F) {
	seedFiles(f, "postmortems/cstate-jenkins-infra-status", "*.md", func(name string, b []byte) { f.Add(name, b) })
	for _, src := range []string{
		"---\ntitle: Down\ndate: 2026-11-03 9:12\nresolved: true\nresolvedWhen: 2026-11-03T10:00:00-00:00\nseverity: down\naffected: [Public API, Elsewhere]\n---\nText.\n",
		"---\ntitle: x\ndate: 2026-01-01\nseverity: disrupted\nresolved: true\nresolvedWhen: 2025-01-01\nsection: issue\ndraft: true\nextra: 1\n---\n",
	} {
		f.Add("seed.md", []byte(src))
	}
	s := newSite(f, map[string]string{})
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		// A name as filepath.Glob finds it: no slash, no NUL, ending in .md.
		name = strings.NewReplacer("/", "", "\x00", "").Replace(name)
		if !strings.HasSuffix(name, ".md") {
			name += ".md"
		}
		d, why := s.cstateIncident(name, src, map[string]int{})
		if d == nil {
			var sum Summary // as ImportCState reports it
			sum.skipped(1, "%s: %s", name, why)
			checkSummary(t, &sum, diag.OneLine(name))
			if why == "" {
				t.Fatal("skipped without a reason")
			}
			return
		}
		checkIncident(t, s, d)
		// A resolved incident keeps its end, or says why not.
		var m cstateFront
		fm, _, _ := splitYAMLFrontMatter(src)
		yaml.Unmarshal([]byte(fm), &m)
		if r, _ := m.Resolved.(bool); r && strings.TrimSpace(m.ResolvedWhen) != "" && d.Resolved.IsZero() &&
			!strings.Contains(strings.Join(d.Comments, "\n"), "is before date") {
			t.Fatalf("resolvedWhen %q lost:\n%s", m.ResolvedWhen, d.Render())
		}
	})
}

// FuzzStatuspage converts Statuspage v2 documents: each incident either
// becomes a file that parses back, or is skipped naming the document.
func FuzzStatuspage(f *testing.F) {
	seedFiles(f, "statuspage/github-incidents", "*.json", func(_ string, b []byte) { f.Add(b) })
	for _, src := range []string{spSingle, spList, spMaint, `[]`, `{"incident": null}`,
		`{"id": "a", "name": "n", "created_at": "2026-01-01T00:00:00Z", "incident_updates": []}`,
	} {
		f.Add([]byte(src))
	}
	s := newSite(f, map[string]string{})
	opts := StatuspageOptions{Map: map[string]string{"Git Operations": "api"}}
	f.Fuzz(func(t *testing.T, body []byte) {
		var sum Summary
		docs := s.statuspageDocs("feed.json", body, opts, map[string]bool{}, map[string]int{}, &sum)
		checkSummary(t, &sum, "feed.json")
		if incs, err := parseStatuspage(body); err == nil {
			ids := map[string]bool{}
			for _, in := range incs {
				ids[in.ID] = true
			}
			if len(docs)+sum.NSkipped != len(ids) {
				t.Fatalf("%d incidents (by id), but %d files and %d skipped", len(ids), len(docs), sum.NSkipped)
			}
		} else if sum.NSkipped != 1 || len(docs) != 0 {
			t.Fatalf("unreadable, yet %d files and %d skipped", len(docs), sum.NSkipped)
		}
		for _, d := range docs {
			checkIncident(t, s, d)
		}
	})
}
