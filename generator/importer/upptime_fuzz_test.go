package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/statusgen/statusgen/generator/metrics"
)

// checkUpptimeRows checks the rows of every site: valid statuses, and rows
// that parse back.
func checkUpptimeRows(t *testing.T, rows map[string][]metrics.MetricRow) {
	t.Helper()
	for site, rs := range rows {
		for _, r := range rs {
			switch r.Values["status"] {
			case "up", "down", "degraded":
			default:
				t.Fatalf("%s: status %q", site, r.Values["status"])
			}
		}
		checkRows(t, metrics.ProbeColumns, rs)
	}
}

func countStates(u *upptimeRows) int {
	n := 0
	for _, rs := range u.rows {
		n += len(rs)
	}
	for _, whys := range u.skipped {
		for _, k := range whys {
			n += k
		}
	}
	return n
}

// FuzzUpptimeHistoryCSV reads timestamp,site,status,code,response_time_ms
// exports: an error names the file; otherwise every record is a row that
// parses back or a skipped state.
func FuzzUpptimeHistoryCSV(f *testing.F) {
	seedFiles(f, "upptime", "seklfreak-upptime-status-history.csv", func(_ string, b []byte) {
		// The whole file in pieces of 40 rows under its header: small
		// inputs keep the fuzzer fast (it minimises every new input it keeps).
		lines := strings.SplitAfter(string(b), "\n")
		for i := 1; i < len(lines); i += 40 {
			f.Add([]byte(lines[0] + strings.Join(lines[i:min(i+40, len(lines))], "")))
		}
	})
	for _, s := range []string{
		"timestamp,site,status,code,response_time_ms\n2021-01-05T10:00:00Z,google,up,200,120\n2021-01-05T11:00:00Z,google,Down,0,0\n",
		"Site,Timestamp,Status\nx,2021-01-05T10:00:00+01:00,degraded\n\"a\nb\",2021-01-05T10:00:00Z,up\n",
		"timestamp,site\n",
	} {
		f.Add([]byte(s))
	}
	readBack = newReadBack(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		u := newUpptimeRows()
		err := readUpptimeCSV(bytes.NewReader(data), "history.csv", u)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "history.csv:") || controlChar(err.Error()) >= 0 {
				t.Fatalf("error %q", err)
			}
			return
		}
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		recs, _ := cr.ReadAll()
		if n := countStates(u); n != len(recs)-1 {
			t.Fatalf("%d records, but %d rows and skipped states", len(recs)-1, n)
		}
		checkUpptimeRows(t, u.rows)
	})
}

// FuzzUpptimeHistoryYAML reads history/<slug>.yml as it was at two
// commits (through git cat-file's batch output): each version is a row at
// its commit's time or a skipped state; the batch reader itself never
// panics on any output.
func FuzzUpptimeHistoryYAML(f *testing.F) {
	seedFiles(f, "upptime/seklfreak-upptime/history", "*.yml", func(_ string, b []byte) { f.Add(b) })
	for _, s := range []string{
		"url: https://example.com\nstatus: up\ncode: 200\nresponseTime: 123\nlastUpdated: 2021-01-05T10:00:00.000Z\n",
		"status: down\ncode: 0\n",
		"h blob 3\nabc\nh missing\n",
	} {
		f.Add([]byte(s))
	}
	commits := []upptimeCommit{{"a", mustTime("2021-01-05T10:00:00Z")}, {"b", mustTime("2021-01-05T11:30:00+01:00")}}
	readBack = newReadBack(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var batch bytes.Buffer
		for _, c := range commits {
			fmt.Fprintf(&batch, "%s blob %d\n%s\n", c.hash, len(data), data)
		}
		u := newUpptimeRows()
		if err := readCatFileBatch(batch.Bytes(), "site", commits, u); err != nil {
			t.Fatal(err)
		}
		if n := countStates(u); n != len(commits) {
			t.Fatalf("%d versions, but %d rows and skipped states", len(commits), n)
		}
		for i, r := range u.rows["site"] {
			if !r.Time.Equal(commits[i].t) {
				t.Fatalf("row %d at %s, commit at %s", i, r.Time, commits[i].t)
			}
		}
		checkUpptimeRows(t, u.rows)

		// Without git: the current state, at its lastUpdated time.
		if st, err := parseUpptimeState(data); err == nil {
			u := newUpptimeRows()
			if why := u.addCurrent("site", st); why != "" {
				if n := countStates(u); n != 0 {
					t.Fatalf("%s, yet %d states", why, n)
				}
			} else if n := countStates(u); n != 1 {
				t.Fatalf("one state, but %d rows and skipped states", n)
			}
			checkUpptimeRows(t, u.rows)
		}
		// Any batch output: an error or rows, never a panic.
		u = newUpptimeRows()
		if readCatFileBatch(data, "site", commits, u) == nil {
			checkUpptimeRows(t, u.rows)
		}
	})
}

var fuzzIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// FuzzUpptimeRC reads .upptimerc.yml: each site gets a valid service id
// whose snapshots stay inside the site, and a [[service]] entry that
// BurntSushi/toml reads back as written.
func FuzzUpptimeRC(f *testing.F) {
	seedFiles(f, "upptime/seklfreak-upptime", ".upptimerc.yml", func(_ string, b []byte) { f.Add(b) })
	for _, s := range []string{
		"sites:\n  - name: Google\n    url: https://www.google.com\n    method: post\n    expectedStatusCodes: [200, 301]\n    maxResponseTime: 500\n",
		"sites:\n  - name: Secret\n    url: $SECRET_URL\n  - name: Ping\n    check: tcp-ping\n    url: 1.1.1.1\n",
	} {
		f.Add([]byte(s))
	}
	s := newSite(f, map[string]string{})
	clone := f.TempDir()
	rc := filepath.Join(clone, ".upptimerc.yml")
	metrics := filepath.Join(s.Config.Dir, "content", "metrics") + string(filepath.Separator)
	f.Fuzz(func(t *testing.T, data []byte) {
		// What UpptimeSites does with the file, without writing it.
		sites, err := parseUpptimeRC(rc, data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), rc+":") {
				t.Fatalf("error %q", err)
			}
			return
		}
		var sum Summary
		sites = s.usableUpptimeSites(clone, sites, &sum)
		checkSummary(t, &sum, clone)
		var entries strings.Builder
		for _, site := range sites {
			if !fuzzIDPattern.MatchString(site.ServiceID) || !strings.HasPrefix(s.MetricsDir(site.ServiceID), metrics) {
				t.Fatalf("site %q (slug %q) gets service id %q", site.Name, site.Slug, site.ServiceID)
			}
			if h := filepath.Join(clone, "history", site.Slug+".yml"); filepath.Dir(h) != filepath.Join(clone, "history") {
				t.Fatalf("slug %q reads %s", site.Slug, h)
			}
			entry := site.ServiceTOML()
			entries.WriteString(entry + "\n")
			var v struct {
				Service []struct {
					ID, Name string
					Probe    struct{ URL, Method string }
				}
			}
			if _, err := toml.Decode(entry, &v); err != nil {
				t.Fatalf("%v\n%s", err, entry)
			}
			if site.InSite {
				continue
			}
			if len(v.Service) != 1 || v.Service[0].ID != site.ServiceID || v.Service[0].Name != strings.ToValidUTF8(site.Name, "\uFFFD") {
				t.Fatalf("%+v reads back as %+v\n%s", site, v, entry)
			}
			if p := v.Service[0].Probe; p.URL != "" && p.URL != site.URL {
				t.Fatalf("url %q reads back as %q", site.URL, p.URL)
			}
		}
		// All entries together, as `statusgen import upptime` prints them.
		var all map[string]any
		if _, err := toml.NewDecoder(io.MultiReader(strings.NewReader(entries.String()))).Decode(&all); err != nil {
			t.Fatalf("%v\n%s", err, entries.String())
		}
	})
}
