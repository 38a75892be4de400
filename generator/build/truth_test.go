package build_test

import (
	"encoding/json"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/site"
)

// demoNow is the now of the README's demo: the example's 120 days of
// data start on 2026-07-23, so July has 27% coverage and Q3 75%.
var demoNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// exampleOutputs builds the example site at now in memory.
func exampleOutputs(t *testing.T, now time.Time) (*site.Site, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	if err := example.Write(dir, now); err != nil {
		t.Fatal(err)
	}
	st, ds := site.Load(filepath.Join(dir, "site.toml"), now)
	if st == nil || ds.HasErrors() {
		t.Fatalf("example does not load: %v", ds)
	}
	out, err := build.Files(st)
	if err != nil {
		t.Fatal(err)
	}
	return st, out
}

type sloJSON struct {
	Services []struct {
		ID   string
		SLOs []struct {
			ID      string
			History []periodJSON
			SLA     *struct{ Periods []periodJSON }
		}
	}
}

type periodJSON struct {
	Period   string
	SLI      *float64
	Coverage float64
	Met      *bool
}

// TestFiguresAreTrue checks the figures of issue 15's "wrong or untrue
// figures" in the example's outputs.
func TestFiguresAreTrue(t *testing.T) {
	st, out := exampleOutputs(t, demoNow)
	var doc sloJSON
	if err := json.Unmarshal(out["api/slo.json"], &doc); err != nil {
		t.Fatal(err)
	}
	page := func(p string) string {
		t.Helper()
		b, ok := out[p]
		if !ok {
			t.Fatalf("%s not built", p)
		}
		return string(b)
	}

	t.Run("min_coverage applies to history and SLA periods", func(t *testing.T) {
		// min_coverage is 0.9: July (27%) and Q3 (75%) are neither met nor
		// missed; August (100%) is judged.
		n := 0
		for _, svc := range doc.Services {
			for _, o := range svc.SLOs {
				periods := o.History
				if o.SLA != nil {
					periods = append(periods, o.SLA.Periods...)
				}
				for _, p := range periods {
					n++
					if p.Coverage < 0.9 && p.Met != nil {
						t.Errorf("%s/%s %s: coverage %v under min_coverage 0.9 but met = %v; want null", svc.ID, o.ID, p.Period, p.Coverage, *p.Met)
					}
					if p.Coverage >= 0.9 && p.Met == nil {
						t.Errorf("%s/%s %s: coverage %v but met null", svc.ID, o.ID, p.Period, p.Coverage)
					}
				}
			}
		}
		if n < 20 {
			t.Fatalf("only %d periods in api/slo.json", n)
		}
		// July: the six SLOs of the first services and orders-load's three
		// (its data starts in July too), each under min_coverage.
		july := page("reports/2026-07/index.html")
		if !strings.Contains(july, "0 of 9 objectives met") || !strings.Contains(july, "9 without enough data") {
			t.Errorf("reports/2026-07 (27%% coverage) does not say 0 of 9 met, 9 without enough data")
		}
		if strings.Count(july, "Not enough data</span>") != 9 {
			t.Errorf("reports/2026-07: want 9 results \"Not enough data\"")
		}
		svc := page("services/orders-api/index.html")
		if !regexp.MustCompile(`2026-Q3</td><td>[0-9.]+%</td><td><span class="muted">not enough data</span>`).MatchString(svc) {
			t.Errorf("services/orders-api: Q3 (75%% coverage) is not \"not enough data\"")
		}
	})

	t.Run("an incidents-only service starts with the site's data", func(t *testing.T) {
		for _, svc := range doc.Services {
			if svc.ID != "partner-sftp" {
				continue
			}
			h := svc.SLOs[0].History
			if len(h) == 0 || h[0].Period != "2026-07" {
				t.Errorf("partner-sftp history starts %v; want 2026-07, the month of the site's first row", h)
			}
		}
		// Every month a service page links to has its report.
		re := regexp.MustCompile(`href="[./]*reports/([0-9-]+)/(index\.html)?"`)
		for p, b := range out {
			if !strings.HasPrefix(p, "services/") {
				continue
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				if _, ok := out["reports/"+m[1]+"/index.html"]; !ok {
					t.Errorf("%s links to the report of %s, which is not built", p, m[1])
				}
			}
		}
		if s := page("services/partner-sftp/index.html"); strings.Contains(s, "0 rows") {
			t.Errorf("services/partner-sftp (measured by incidents) says it has 0 rows")
		}
	})

	t.Run("incident statistics say the span they cover", func(t *testing.T) {
		// The example's records start on 23 Jul 2026, 120 days before now.
		for _, p := range []string{"incidents/index.html", "services/partner-sftp/index.html"} {
			s := page(p)
			if strings.Contains(s, "Last 365 days") || !strings.Contains(s, "Last 120 days <span class=\"muted\">since 23 Jul 2026</span>") {
				t.Errorf("%s: statistics do not say they cover the last 120 days, since 23 Jul 2026", p)
			}
		}
		// partner-sftp: one major incident in 120 days, not "364 d".
		if s := page("services/partner-sftp/index.html"); strings.Contains(s, "364 d") {
			t.Errorf("services/partner-sftp: MTBF over 365 days of a 120-day record")
		}
		// The breakdown adds up to the count: 5 incidents = 1 critical, 3
		// major, 1 minor; the maintenance is on its own row.
		if s := page("incidents/index.html"); !strings.Contains(s, "<td>1 critical, 3 major, 1 minor</td>") {
			t.Errorf("incidents/index.html: the severity breakdown is not 1 critical, 3 major, 1 minor")
		}
	})

	t.Run("an ongoing incident's page says it is ongoing", func(t *testing.T) {
		s := page("incidents/2026-11-20-event-ingestion-delayed/index.html")
		for _, bad := range []string{"the cause removed", "ending when it was resolved", "a postmortem is due"} {
			if strings.Contains(s, bad) {
				t.Errorf("ongoing incident page says %q", bad)
			}
		}
		// Updates newest first: 11:55 (identified) before 11:00 (investigating).
		if a, b := strings.Index(s, "<strong>identified</strong>"), strings.Index(s, "<strong>investigating</strong>"); a < 0 || b < 0 || a > b {
			t.Errorf("updates are not newest first (identified at %d, investigating at %d)", a, b)
		}
		// A flagged incident with a whole postmortem is not told one is due.
		if s := page("incidents/2026-11-03-orders-api-503s-after-deploy/index.html"); !strings.Contains(s, "≥ 20% of the budget") || strings.Contains(s, "postmortem is due") {
			t.Errorf("orders-api-503s (flagged, whole postmortem) says a postmortem is due, or is not flagged")
		}
	})

	t.Run("recent incidents have started", func(t *testing.T) {
		s := page("index.html")
		i := strings.Index(s, `id="recent-h"`)
		if i < 0 {
			t.Fatal("index.html has no recent incidents")
		}
		recent := s[i:]
		// The warehouse upgrade is announced for 22 Nov: scheduled, not recent.
		if strings.Contains(recent, "warehouse-upgrade") {
			t.Errorf("recent incidents list the maintenance announced for 22 Nov")
		}
		if !strings.Contains(recent, "2026-11-20-event-ingestion-delayed") {
			t.Errorf("recent incidents do not list the ongoing one")
		}
	})

	t.Run("a failing freshness pipeline says how stale", func(t *testing.T) {
		// The example's newest events-ingest row has lag_s 1128 against ≤ 300.
		s := page("services/events-ingest/index.html")
		if !strings.Contains(s, "<strong>lag_s 1,128</strong>, beyond the threshold ≤ 300") {
			t.Errorf("services/events-ingest does not show the latest lag_s 1,128 beyond ≤ 300")
		}
	})

	t.Run("charts readable when alerts fire", func(t *testing.T) {
		// events-ingest burns at 100× over 5m to 2h: those bars are red
		// (over an alert's threshold), cut at the axis top and labelled
		// 100×, and the three thresholds (13.44, 5.6, 0.9333) stay apart:
		// the axis reaches 1.5 × 13.44 × 1.1 → 25, not 110.
		s := page("services/events-ingest/index.html")
		burn := s[strings.Index(s, `id="fig_s1_0_burn"`):]
		burn = burn[:strings.Index(burn, "</figure>")]
		if n := strings.Count(burn, `class="s-bar s-over"`); n != 7 {
			t.Errorf("burn chart: %d bars marked over a threshold, want 7 (every span is over the ticket threshold 0.9333)", n)
		}
		if n := strings.Count(burn, `<span class="cut" `); n != 5 || !strings.Contains(burn, ">100×</span>") {
			t.Errorf("burn chart: %d bars labelled as cut at the axis top, want 5 (four of 100×, one of 36×)", n)
		}
		var pos []float64
		for _, m := range regexp.MustCompile(`class="ytick mark s-threshold" style="top: ([0-9.]+)%"`).FindAllStringSubmatch(burn, -1) {
			v, _ := strconv.ParseFloat(m[1], 64)
			pos = append(pos, v)
		}
		sort.Float64s(pos)
		for i := 1; i < len(pos); i++ {
			if pos[i]-pos[i-1] < 10 {
				t.Errorf("burn chart: threshold labels at %v%% of the height pile up (want 10%% apart)", pos)
			}
		}
		if len(pos) != 3 {
			t.Errorf("burn chart: %d threshold labels, want 3", len(pos))
		}
		// The latency chart's threshold has its own colour and says what it is once.
		lat := page("services/orders-api/index.html")
		if !strings.Contains(lat, `<li><i class="s-limit"></i>threshold ≤ 300 ms</li>`) || strings.Contains(lat, "Responses within 300 ms: ") {
			t.Errorf("latency chart: the threshold is not its own legend item \"threshold ≤ 300 ms\"")
		}
	})

	t.Run("an uptime bar names its day's incidents without JavaScript", func(t *testing.T) {
		// Orders API, 3 Nov 2026: the 503s after a deploy.
		s := page("index.html")
		if !strings.Contains(s, "<title>Tue 3 Nov 2026: ") || !strings.Contains(s, "; incidents: Orders API returned 503s after a bad deploy (major)</title>") {
			t.Errorf("index.html: the uptime bar of 3 Nov does not name its incident in its title")
		}
	})

	t.Run("one number rule", func(t *testing.T) {
		// No page prints a negative zero, in any unit.
		negZero := regexp.MustCompile(`[-−]0(\.0+)?(%|×| ?ms)`)
		for p, b := range out {
			if strings.HasSuffix(p, ".html") {
				if m := negZero.Find(b); m != nil {
					t.Errorf("%s prints %q", p, m)
				}
			}
		}
		// The same figure has the same text on the index, the service
		// page, and the month's report, rounded as format.Pct rounds.
		month := page("reports/2026-11/index.html")
		for _, svc := range st.Services {
			sp := page("services/" + svc.ID + "/index.html")
			for _, r := range svc.SLOs {
				want := format.Pct(r.SLI)
				if !strings.Contains(page("index.html"), `<span class="slo-sli">`+want+`</span>`) {
					t.Errorf("index.html: %s/%s SLI is not %s", svc.ID, r.ID, want)
				}
				if !strings.Contains(sp, `<span class="value">`+want+`</span>`) {
					t.Errorf("%s: SLI is not %s", svc.ID, want)
				}
				if !strings.Contains(sp, `<span class="value">`+format.Pct(r.Remaining)+`</span>`) {
					t.Errorf("%s: budget left is not %s", svc.ID, format.Pct(r.Remaining))
				}
				for _, h := range r.History {
					if h.Period == "2026-11" && !strings.Contains(month, "<td>"+format.Pct(h.SLI)+"</td>") {
						t.Errorf("reports/2026-11: %s/%s SLI is not %s as on the service page", svc.ID, r.ID, format.Pct(h.SLI))
					}
				}
			}
		}
	})
}

// TestLinksWorkFromFiles: the site opened from the file system, as demo
// suggests, works: every link between pages names a file the build
// wrote, never a folder (which file:// shows as a listing).
func TestLinksWorkFromFiles(t *testing.T) {
	_, out := exampleOutputs(t, demoNow)
	href := regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	n := 0
	for p, b := range out {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, m := range href.FindAllStringSubmatch(string(b), -1) {
			u := m[1]
			if u == "" || strings.HasPrefix(u, "#") || strings.Contains(u, "://") || strings.HasPrefix(u, "mailto:") {
				continue
			}
			u, _, _ = strings.Cut(u, "#")
			u, _, _ = strings.Cut(u, "?")
			target := path.Clean(path.Join(path.Dir(p), u))
			n++
			if strings.HasSuffix(u, "/") || out[target] == nil {
				t.Errorf("%s links to %q: no such file", p, m[1])
			}
		}
	}
	if n < 200 {
		t.Fatalf("only %d links checked", n)
	}
}

// TestNoEmptyTableHeader: every column header says what its column holds
// (axe's empty-table-header, which the reports list, incident pages, the
// archive and service pages failed).
func TestNoEmptyTableHeader(t *testing.T) {
	_, out := exampleOutputs(t, demoNow)
	empty := regexp.MustCompile(`<th[^>]*>\s*</th>`)
	n := 0
	for p, b := range out {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		n += strings.Count(string(b), "<th")
		if m := empty.Find(b); m != nil {
			t.Errorf("%s has an empty column header %q", p, m)
		}
	}
	if n < 50 {
		t.Fatalf("only %d headers seen", n)
	}
}
