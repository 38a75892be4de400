package prometheus

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// serviceSite is a site with one service, api, that has a ratio SLO, and
// one, web, that has none.
const serviceSite = `-- site.toml --
title = "T"
base_url = "https://status.example.com/"

[[service]]
id = "api"
name = "API"
  [[service.slo]]
  id = "requests"
  name = "Requests succeed"
  indicator = "ratio"
  objective = 99

[[service]]
id = "web"
name = "Web"
  [[service.slo]]
  id = "up"
  indicator = "status"
  objective = 99
`

// serveValues answers the queries "good" and "total" from per-step values
// (Unix seconds → value as the API writes it), and "by_code" with two
// series of total's values.
func serveValues(t *testing.T, good, total map[int64]string) (*Client, *fakeAPI) {
	f := &fakeAPI{answer: func(w http.ResponseWriter, q string, start, end, step int64) {
		switch q {
		case "good":
			matrix(w, start, end, step, good)
		case "by_code":
			matrix(w, start, end, step, total, total)
		default:
			matrix(w, start, end, step, total)
		}
	}}
	return serve(t, f), f
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportService(t *testing.T) {
	u := func(s string) int64 { tm, _ := time.Parse(time.RFC3339, s); return tm.Unix() }
	good := map[int64]string{
		u("2026-10-31T23:55:00Z"): "1",
		u("2026-11-01T00:00:00Z"): "9",
		u("2026-11-01T00:05:00Z"): "10",
		// 00:10 neither: no data; 00:15 good missing
		u("2026-11-01T00:20:00Z"): "0.33333333333", // six decimals: 0.333333
	}
	total := map[int64]string{
		u("2026-10-31T23:55:00Z"): "1",
		u("2026-11-01T00:00:00Z"): "10",
		u("2026-11-01T00:05:00Z"): "10",
		u("2026-11-01T00:15:00Z"): "2",
		u("2026-11-01T00:20:00Z"): "1",
	}
	c, _ := serveValues(t, good, total)
	dir := testsite.Write(t, serviceSite)
	metrics := filepath.Join(dir, "content", "metrics", "api")
	opts := ImportOptions{ConfigPath: filepath.Join(dir, "site.toml"), Service: "api", Good: "good", Total: "total",
		Start: "2026-10-31T23:53:00Z", End: "2026-11-01T00:20:00Z", Step: "5m", MaxPoints: 4, DryRun: true}

	// A dry run says what it would write and writes nothing.
	imp, err := ImportService(context.Background(), c, opts)
	if err != nil {
		t.Fatal(err)
	}
	// 23:55 to 00:20 every 5m: 6 steps; at most 4 a request: 2 ranges × 2 queries.
	res := imp.Result
	if res.Start != time.Date(2026, 10, 31, 23, 55, 0, 0, time.UTC) || res.End != time.Date(2026, 11, 1, 0, 20, 0, 0, time.UTC) ||
		imp.Query.Step != 5*time.Minute || res.Steps != 6 || res.Requests != 4 || len(res.Rows) != 4 || res.NoData != 1 {
		t.Errorf("result %+v, step %s", res, imp.Query.Step)
	}
	if want := []Skip{{"good missing", 1, time.Date(2026, 11, 1, 0, 15, 0, 0, time.UTC)}}; !reflect.DeepEqual(res.Skipped, want) {
		t.Errorf("skipped %v, want %v", res.Skipped, want)
	}
	if !imp.Appended || imp.Added != 4 || imp.Duplicates != 0 || imp.NoRatioSLO || imp.Hint != "" || imp.SiteDir != dir {
		t.Errorf("import %+v", imp)
	}
	if len(imp.Files) != 2 || imp.Files[0].Path != filepath.Join(metrics, "2026-10.csv") || !imp.Files[0].Created || imp.Files[0].Added != 1 ||
		imp.Files[1].Path != filepath.Join(metrics, "2026-11.csv") || imp.Files[1].Added != 3 {
		t.Errorf("files %+v", imp.Files)
	}
	if got := imp.Files[1].Lines; len(got) != 4 || got[3] != "2026-11-01T00:20:00Z,0.333333,1" {
		t.Errorf("dry-run lines of 2026-11.csv: %q", got)
	}
	if _, err := os.Stat(metrics); !os.IsNotExist(err) {
		t.Fatalf("the dry run wrote %s", metrics)
	}

	opts.DryRun = false
	if imp, err = ImportService(context.Background(), c, opts); err != nil || imp.Added != 4 {
		t.Fatalf("import: %v, %+v", err, imp)
	}
	want := map[string]string{
		"2026-10.csv": "time,good,total\n2026-10-31T23:55:00Z,1,1\n",
		"2026-11.csv": "time,good,total\n2026-11-01T00:00:00Z,9,10\n2026-11-01T00:05:00Z,10,10\n2026-11-01T00:20:00Z,0.333333,1\n",
	}
	for name, w := range want {
		if got := readFile(t, filepath.Join(metrics, name)); got != w {
			t.Errorf("%s:\n%s\nwant\n%s", name, got, w)
		}
	}

	// Again, over a range that reaches one step further: only that is new.
	total[u("2026-11-01T00:25:00Z")] = "4"
	good[u("2026-11-01T00:25:00Z")] = "4"
	opts.End = "2026-11-01T00:25:00Z"
	if imp, err = ImportService(context.Background(), c, opts); err != nil || imp.Added != 1 || imp.Duplicates != 4 {
		t.Fatalf("second run: %v, %+v", err, imp)
	}
	if got, w := readFile(t, filepath.Join(metrics, "2026-11.csv")), want["2026-11.csv"]+"2026-11-01T00:25:00Z,4,4\n"; got != w {
		t.Errorf("after the second run:\n%s\nwant\n%s", got, w)
	}
}

func TestImportServiceOptions(t *testing.T) {
	c, f := serveValues(t, map[int64]string{}, map[int64]string{})
	dir := testsite.Write(t, serviceSite)
	cfg := filepath.Join(dir, "site.toml")
	base := ImportOptions{ConfigPath: cfg, Service: "api", Good: "good", Total: "total",
		Start: "2026-11-01T00:00:00Z", End: "2026-11-01T01:00:00Z", Step: "5m", MaxPoints: 10}
	tests := []struct {
		name string
		edit func(o *ImportOptions)
		want string
	}{
		{"no total", func(o *ImportOptions) { o.Total = " " }, "--good and --total are needed"},
		{"no points", func(o *ImportOptions) { o.MaxPoints = 0 }, "--max-points must be 1 or more"},
		{"bad step", func(o *ImportOptions) { o.Step = "1.5s" }, `--step "1.5s" is not a duration of whole seconds`},
		{"bad end", func(o *ImportOptions) { o.End = "tomorrow" }, `--end "tomorrow" is not an RFC 3339 time`},
		{"no start", func(o *ImportOptions) { o.Start = "" }, "--start is needed"},
		{"bad start time", func(o *ImportOptions) { o.Start = "2026-11-01T00:00" }, `--start "2026-11-01T00:00" is not an RFC 3339 time`},
		{"bad start duration", func(o *ImportOptions) { o.Start = "-1d" }, `--start "-1d" is neither an RFC 3339 time nor a duration`},
		{"start after end", func(o *ImportOptions) { o.Start = "2026-11-02T00:00:00Z" }, "--start 2026-11-02T00:00:00Z is after --end 2026-11-01T01:00:00Z"},
		{"no service", func(o *ImportOptions) { o.Service = "" }, "--service is needed"},
		{"bad prefix", func(o *ImportOptions) { o.FilePrefix = "../x" }, `--file-prefix "../x": use letters, digits`},
		{"unknown service", func(o *ImportOptions) { o.Service = "db" }, `--service "db": ` + cfg + " has no such service (it has: api, web)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			tt.edit(&o)
			imp, err := ImportService(context.Background(), c, o)
			var ue *UsageError
			if !errors.As(err, &ue) || err.Error() != strings.TrimSpace(err.Error()) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a *UsageError saying %q", err, tt.want)
			}
			if imp == nil || imp.Result != nil || imp.Appended {
				t.Errorf("import %+v: it went on", imp)
			}
		})
	}
	if len(f.requests) != 0 {
		t.Errorf("bad options sent requests: %q", f.requests)
	}

	// site.toml's errors come back as diagnostics, before any request.
	bad := testsite.Write(t, "-- site.toml --\ntitle = \n")
	o := base
	o.ConfigPath = filepath.Join(bad, "site.toml")
	imp, err := ImportService(context.Background(), c, o)
	if !errors.Is(err, ErrConfig) || !imp.Diagnostics.HasErrors() || len(f.requests) != 0 {
		t.Errorf("bad site.toml: %v, %v, %d requests", err, imp.Diagnostics, len(f.requests))
	}

	if _, err := os.Stat(filepath.Join(dir, "content")); !os.IsNotExist(err) {
		t.Errorf("a failed import wrote %s", filepath.Join(dir, "content"))
	}
}

func TestImportServiceStartDuration(t *testing.T) {
	c, _ := serveValues(t, map[int64]string{}, map[int64]string{})
	dir := testsite.Write(t, serviceSite)
	// Start 1h before now, 12:02: 11:02 to 12:02, aligned to 11:05 to 12:00 every 5m.
	now := time.Date(2026, 11, 23, 12, 2, 0, 0, time.UTC)
	imp, err := ImportService(context.Background(), c, ImportOptions{ConfigPath: filepath.Join(dir, "site.toml"), Service: "api",
		Good: "good", Total: "total", Start: "1h", Step: "5m", MaxPoints: MaxPointsPerRequest, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if q := imp.Query; !q.Start.Equal(now.Add(-time.Hour)) || !q.End.Equal(now) {
		t.Errorf("query %s to %s", q.Start, q.End)
	}
	// No data is no row, never zero: 12 steps, 2 requests, nothing imported.
	res := imp.Result
	if res.Start != time.Date(2026, 11, 23, 11, 5, 0, 0, time.UTC) || res.End != time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) ||
		res.Steps != 12 || res.Requests != 2 || res.NoData != 12 || imp.Added != 0 || len(imp.Files) != 0 {
		t.Errorf("result %+v, import %+v", res, imp)
	}
}

func TestImportServiceBesideProbe(t *testing.T) {
	c, _ := serveValues(t, map[int64]string{1793491200: "9"}, map[int64]string{1793491200: "10"})
	dir := testsite.Write(t, serviceSite)
	metrics := filepath.Join(dir, "content", "metrics", "api")
	probe := "time,status,latency_ms,code\n2026-11-01T00:00:07Z,up,12,200\n"
	os.MkdirAll(metrics, 0o755)
	os.WriteFile(filepath.Join(metrics, "2026-11.csv"), []byte(probe), 0o644)
	opts := ImportOptions{ConfigPath: filepath.Join(dir, "site.toml"), Service: "api", Good: "good", Total: "total",
		Start: "2026-11-01T00:00:00Z", End: "2026-11-01T00:00:00Z", Step: "5m", MaxPoints: 10}

	// Into a probe's file: refused, with the way out.
	imp, err := ImportService(context.Background(), c, opts)
	if err == nil || !strings.Contains(err.Error(), "lacks good, total") || !imp.Appended ||
		imp.Hint != "or pass --file-prefix prometheus- to write these rows to prometheus-<YYYY-MM>.csv beside it" {
		t.Errorf("into a probe's file: %v, %+v", err, imp)
	}
	opts.FilePrefix = "prometheus-"
	imp, err = ImportService(context.Background(), c, opts)
	if err != nil || len(imp.Files) != 1 || !imp.Files[0].Created || imp.Files[0].Path != filepath.Join(metrics, "prometheus-2026-11.csv") {
		t.Fatalf("with a prefix: %v, %+v", err, imp)
	}
	if got := readFile(t, filepath.Join(metrics, "prometheus-2026-11.csv")); got != "time,good,total\n2026-11-01T00:00:00Z,9,10\n" {
		t.Errorf("prometheus-2026-11.csv:\n%s", got)
	}
	if got := readFile(t, filepath.Join(metrics, "2026-11.csv")); got != probe {
		t.Errorf("the probe's file changed:\n%s", got)
	}
}

// TestImportServiceHint: "is a query API listening?" is asked only when
// no answer came; a range that holds no step, or a query the server
// refused, is not the URL's fault.
func TestImportServiceHint(t *testing.T) {
	c, _ := serveValues(t, map[int64]string{1793491200: "1"}, map[int64]string{1793491200: "1"})
	dir := testsite.Write(t, serviceSite)
	opts := ImportOptions{ConfigPath: filepath.Join(dir, "site.toml"), Service: "web", Good: "good", Total: "total",
		Start: "2026-11-01T00:00:00Z", End: "2026-11-01T01:00:00Z", Step: "5m", MaxPoints: 10}

	o := opts
	o.Start, o.End = "2026-11-01T00:01:00Z", "2026-11-01T00:02:00Z" // no step of 5m between
	imp, err := ImportService(context.Background(), c, o)
	if err == nil || !strings.Contains(err.Error(), "no step of 5m0s falls between") || imp.Hint != "" || imp.Appended {
		t.Errorf("no step in the range: %v, hint %q", err, imp.Hint)
	}
	o = opts
	o.Start = "1969-12-31T00:00:00Z"
	if imp, err = ImportService(context.Background(), c, o); err == nil || !strings.Contains(err.Error(), "not within 1970..2199") || imp.Hint != "" {
		t.Errorf("before 1970: %v, hint %q", err, imp.Hint)
	}
	o = opts
	o.Total = "by_code"
	if imp, err = ImportService(context.Background(), c, o); !errors.Is(err, ErrManySeries) || imp.Hint != "" {
		t.Errorf("two series: %v, hint %q", err, imp.Hint)
	}

	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens there any more
	dead := &Client{URL: srv.URL, HTTP: &http.Client{Timeout: 5 * time.Second}}
	imp, err = ImportService(context.Background(), dead, opts)
	if !errors.Is(err, ErrUnreachable) || imp.Hint != "is a query API listening at --url "+srv.URL+"?" || imp.Appended {
		t.Errorf("unreachable: %v, hint %q", err, imp.Hint)
	}
	// The service has no ratio SLO: said, though the import went on.
	if imp, err = ImportService(context.Background(), c, opts); err != nil || !imp.NoRatioSLO || imp.Added != 1 {
		t.Errorf("no ratio SLO: %v, %+v", err, imp)
	}
}

func TestSkipHint(t *testing.T) {
	if h := (Skip{Reason: "good missing"}).Hint(); !strings.Contains(h, "or vector(0)") {
		t.Errorf("good missing: hint %q", h)
	}
	if h := (Skip{Reason: "total missing"}).Hint(); h != "" {
		t.Errorf("total missing: hint %q", h)
	}
}
