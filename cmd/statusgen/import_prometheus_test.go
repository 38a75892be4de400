package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// promSite writes a site with one service, api, that has a ratio SLO.
func promSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	site := `title = "T"
base_url = "https://status.example.com/"

[[service]]
id = "api"
name = "API"
  [[service.slo]]
  id = "requests"
  name = "Requests succeed"
  indicator = "ratio"
  objective = 99
`
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fakePrometheus answers query_range for the queries "good" and "total"
// from per-step values (Unix seconds → value as the API writes it), and
// "by_code" with two series.
func fakePrometheus(t *testing.T, good, total map[int64]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		f := func(k string) int64 { v, _ := strconv.ParseFloat(r.Form.Get(k), 64); return int64(v) }
		start, end, step := f("start"), f("end"), f("step")
		var series []map[string]any
		add := func(labels map[string]string, vs map[int64]string) {
			var values [][2]any
			for t := start; t <= end; t += step {
				if v, ok := vs[t]; ok {
					values = append(values, [2]any{t, v})
				}
			}
			if values != nil {
				series = append(series, map[string]any{"metric": labels, "values": values})
			}
		}
		switch r.Form.Get("query") {
		case "good":
			add(map[string]string{}, good)
		case "total":
			add(map[string]string{}, total)
		case "by_code":
			add(map[string]string{"code": "200"}, total)
			add(map[string]string{"code": "500"}, total)
		default:
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"status":"error","errorType":"bad_data","error":"1:1: parse error: unexpected character"}`)
			return
		}
		if series == nil {
			series = []map[string]any{}
		}
		json.NewEncoder(w).Encode(map[string]any{"status": "success", "data": map[string]any{"resultType": "matrix", "result": series}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestImportPrometheusCommand(t *testing.T) {
	u := func(s string) int64 { tm, _ := time.Parse(time.RFC3339, s); return tm.Unix() }
	good := map[int64]string{
		u("2026-10-31T23:55:00Z"): "1",
		u("2026-11-01T00:00:00Z"): "9",
		u("2026-11-01T00:05:00Z"): "10",
		// 00:10 neither: no data; 00:15 good missing
		u("2026-11-01T00:20:00Z"): "0.33333333333",
	}
	total := map[int64]string{
		u("2026-10-31T23:55:00Z"): "1",
		u("2026-11-01T00:00:00Z"): "10",
		u("2026-11-01T00:05:00Z"): "10",
		u("2026-11-01T00:15:00Z"): "2",
		u("2026-11-01T00:20:00Z"): "1",
	}
	srv := fakePrometheus(t, good, total)
	dir := promSite(t)
	args := []string{"import", "prometheus", "-c", filepath.Join(dir, "site.toml"), "--url", srv.URL, "--service", "api",
		"--good", "good", "--total", "total", "--start", "2026-10-31T23:53:00Z", "--end", "2026-11-01T00:20:00Z",
		"--step", "5m", "--max-points", "4"}

	// A dry run shows the rows (what it writes, nothing, is
	// prometheus.TestImportService's).
	code, out, errs := runCLI(t, nil, append(args, "--dry-run")...)
	if code != exitOK {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		// 23:55 to 00:20 every 5m: 6 steps; at most 4 a request: 2 ranges × 2 queries.
		"from 2026-10-31T23:55:00Z to 2026-11-01T00:20:00Z every 5m: 6 steps in 4 requests",
		"4 steps with both values",
		"1 step without data from either query",
		"good missing           1  first at 2026-11-01T00:15:00Z",
		"would create content/metrics/api/2026-10.csv: 1 row",
		"would create content/metrics/api/2026-11.csv: 3 rows",
		"    2026-11-01T00:20:00Z,0.333333,1",
		"dry run: nothing was written",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}

	code, out, errs = runCLI(t, nil, args...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"created content/metrics/api/2026-10.csv: 1 row\n",
		"created content/metrics/api/2026-11.csv: 3 rows\n",
		"imported 4 rows for api (0 rows already there)\n",
	} {
		if !strings.Contains(out, want) || strings.Contains(out, "dry run") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// Again, over a range that reaches one step further: only that is new.
	total[u("2026-11-01T00:25:00Z")] = "4"
	good[u("2026-11-01T00:25:00Z")] = "4"
	args[len(args)-5] = "2026-11-01T00:25:00Z" // --end
	code, out, errs = runCLI(t, nil, args...)
	if code != exitOK || !strings.Contains(out, "  appended to content/metrics/api/2026-11.csv: 1 row, 3 already there\n") ||
		!strings.Contains(out, "  content/metrics/api/2026-10.csv: nothing new (1 rows already there)\n") ||
		!strings.Contains(out, "imported 1 row for api (4 rows already there)") {
		t.Fatalf("second run: exit %d\n%s%s", code, out, errs)
	}
}

func TestImportPrometheusErrors(t *testing.T) {
	srv := fakePrometheus(t, map[int64]string{}, map[int64]string{1793491200: "1"})
	dir := promSite(t)
	base := []string{"import", "prometheus", "-c", filepath.Join(dir, "site.toml"), "--url", srv.URL,
		"--start", "2026-11-01T00:00:00Z", "--end", "2026-11-01T01:00:00Z"}
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"two series", []string{"--service", "api", "--good", "good", "--total", "by_code"}, exitInputs,
			[]string{"the total query returned 2 series", `{code="200"}, {code="500"}`, "sum(by_code)", "nothing was written"}},
		{"bad PromQL", []string{"--service", "api", "--good", "sum(x", "--total", "total"}, exitInputs,
			[]string{"prometheus bad_data error (HTTP 400): 1:1: parse error", "in the query: sum(x", "nothing was written"}},
		{"unknown service", []string{"--service", "web", "--good", "good", "--total", "total"}, exitUsage,
			[]string{`--service "web"`, "has no such service (it has: api)"}},
		{"no total", []string{"--service", "api", "--good", "good"}, exitUsage, []string{"--good and --total are needed"}},
		{"bad step", []string{"--service", "api", "--good", "good", "--total", "total", "--step", "1.5s"}, exitUsage,
			[]string{`--step "1.5s" is not a duration of whole seconds`}},
		{"bad header", []string{"--service", "api", "--good", "good", "--total", "total", "--header", "nocolon"}, exitUsage,
			[]string{`"nocolon" is not a header`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, nil, append(base, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
}

func TestImportPrometheusStartDuration(t *testing.T) {
	srv := fakePrometheus(t, map[int64]string{}, map[int64]string{})
	dir := promSite(t)
	// --start 1h before --now 2026-11-23T12:02:00Z: 11:05 to 12:00 every 5m.
	code, out, errs := runCLI(t, nil, "import", "prometheus", "-c", dir, "--url", srv.URL, "--service", "api",
		"--good", "good", "--total", "total", "--start", "1h", "--now", "2026-11-23T12:02:00Z")
	if code != exitOK || !strings.Contains(out, "from 2026-11-23T11:05:00Z to 2026-11-23T12:00:00Z every 5m: 12 steps in 2 requests") ||
		!strings.Contains(out, "12 steps without data") || !strings.Contains(out, "imported 0 rows") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
}

func TestImportPrometheusBesideProbe(t *testing.T) {
	srv := fakePrometheus(t, map[int64]string{1793491200: "9"}, map[int64]string{1793491200: "10"})
	dir := promSite(t)
	metrics := filepath.Join(dir, "content", "metrics", "api")
	os.MkdirAll(metrics, 0o755)
	probe := "time,status,latency_ms,code\n2026-11-01T00:00:07Z,up,12,200\n"
	os.WriteFile(filepath.Join(metrics, "2026-11.csv"), []byte(probe), 0o644)
	args := []string{"import", "prometheus", "-c", dir, "--url", srv.URL, "--service", "api", "--good", "good", "--total", "total",
		"--start", "2026-11-01T00:00:00Z", "--end", "2026-11-01T00:00:00Z"}

	code, _, errs := runCLI(t, nil, args...)
	if code != exitInputs || !strings.Contains(errs, "lacks good, total") || !strings.Contains(errs, "--file-prefix prometheus-") {
		t.Errorf("into a probe's file: exit %d\n%s", code, errs)
	}
	code, out, errs := runCLI(t, nil, append(args, "--file-prefix", "prometheus-")...)
	if code != exitOK || !strings.Contains(out, "created content/metrics/api/prometheus-2026-11.csv: 1 row") {
		t.Fatalf("with --file-prefix: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := runCLI(t, nil, append(args, "--file-prefix", "../x")...); code != exitUsage || !strings.Contains(errs, "--file-prefix") {
		t.Errorf("--file-prefix ../x: exit %d\n%s", code, errs)
	}
}

// TestImportPrometheusHintOnlyWhenUnreachable: the hint "is a query API
// listening at --url?" follows an error only when no answer came, not
// after the command's own range errors.
func TestImportPrometheusHintOnlyWhenUnreachable(t *testing.T) {
	srv := fakePrometheus(t, map[int64]string{}, map[int64]string{})
	dir := promSite(t)
	args := []string{"import", "prometheus", "-c", dir, "--service", "api", "--good", "good", "--total", "total"}
	const hint = "is a query API listening at --url"
	for _, tc := range []struct {
		name, start, end, want string
	}{
		{"no step in the range", "2026-11-01T00:01:00Z", "2026-11-01T00:02:00Z", "no step of 5m0s falls between"},
		{"before 1970", "1969-12-31T00:00:00Z", "2026-11-01T00:00:00Z", "not within 1970..2199"},
	} {
		code, _, errs := runCLI(t, nil, append(args, "--url", srv.URL, "--start", tc.start, "--end", tc.end)...)
		if code != exitInputs || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "nothing was written") || strings.Contains(errs, hint) {
			t.Errorf("%s: exit %d, want %d, the error and no hint about --url:\n%s", tc.name, code, exitInputs, errs)
		}
	}

	dead := httptest.NewServer(nil)
	dead.Close() // nothing listens there any more
	code, _, errs := runCLI(t, nil, append(args, "--url", dead.URL, "--start", "2026-11-01T00:00:00Z", "--end", "2026-11-01T01:00:00Z")...)
	if code != exitInputs || !strings.Contains(errs, "cannot reach the query API") || !strings.Contains(errs, "  "+hint+" "+dead.URL+"?\n") {
		t.Errorf("unreachable: exit %d, want %d and the hint:\n%s", code, exitInputs, errs)
	}
}
