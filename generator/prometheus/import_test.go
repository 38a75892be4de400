package prometheus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // 1793491200

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func TestSplit(t *testing.T) {
	tests := []struct {
		name       string
		start, end time.Time
		step       time.Duration
		max        int
		want       []Range
		err        string
	}{
		{name: "one request", start: at(0), end: at(50), step: 10 * time.Minute, max: 6,
			want: []Range{{at(0), at(50)}}}, // 0,10,...,50: 6 steps
		{name: "split, no overlap, no gap", start: at(0), end: at(50), step: 10 * time.Minute, max: 4,
			want: []Range{{at(0), at(30)}, {at(40), at(50)}}}, // 4 steps, then 2
		{name: "aligned inward", start: at(1), end: at(59), step: 10 * time.Minute, max: 2,
			want: []Range{{at(10), at(20)}, {at(30), at(40)}, {at(50), at(50)}}},
		{name: "sub-second start rounds up", start: at(10).Add(time.Millisecond), end: at(20), step: 10 * time.Minute,
			want: []Range{{at(20), at(20)}}},
		{name: "shorter than a step", start: at(1), end: at(9), step: 10 * time.Minute, err: "no step of 10m0s"},
		{name: "fractional step", start: at(0), end: at(9), step: 1500 * time.Millisecond, err: "whole number of seconds"},
		{name: "before 1970", start: time.Unix(-3600, 0), end: time.Unix(0, 0), step: time.Minute, err: "not within 1970..2199"},
		{name: "too many steps", start: time.Unix(0, 0), end: time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC), step: time.Second, max: 1, err: "more than the 5000000 one import takes"},
		{name: "max points above the steps", start: at(0), end: at(20), step: 10 * time.Minute, max: math.MaxInt,
			want: []Range{{at(0), at(20)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(tt.start, tt.end, tt.step, tt.max)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestSplitDefaultLimit(t *testing.T) {
	// A year at 5m: 365 × 288 = 105,120 intervals, 105,121 steps with both
	// ends; at 11,000 a request that is 10 requests (9 × 11,000 + 6,121).
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	rs, err := Split(start, start.AddDate(0, 0, 365), 5*time.Minute, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 10 {
		t.Fatalf("%d requests, want 10", len(rs))
	}
	for i, r := range rs {
		n := int(r.End.Sub(r.Start)/(5*time.Minute)) + 1
		if want := 11000; i == 9 {
			want = 6121
			if n != want {
				t.Errorf("last request has %d steps, want %d", n, want)
			}
		} else if n != want {
			t.Errorf("request %d has %d steps, want %d", i, n, want)
		}
		if i > 0 && r.Start.Sub(rs[i-1].End) != 5*time.Minute {
			t.Errorf("request %d starts %s after the previous end", i, r.Start.Sub(rs[i-1].End))
		}
	}
}

// fakeAPI is a query API on 127.0.0.1 that answers range queries from
// fixed per-step values.
type fakeAPI struct {
	mu       sync.Mutex
	requests []string // "query start end step" of each request
	headers  []http.Header
	answer   func(w http.ResponseWriter, query string, start, end, step int64)
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/v1/query_range" {
		http.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sec := func(k string) int64 {
		v, _ := strconv.ParseFloat(r.Form.Get(k), 64)
		return int64(v)
	}
	q := r.Form.Get("query")
	f.mu.Lock()
	f.requests = append(f.requests, fmt.Sprintf("%s %s %s %s", q, r.Form.Get("start"), r.Form.Get("end"), r.Form.Get("step")))
	f.headers = append(f.headers, r.Header.Clone())
	f.mu.Unlock()
	f.answer(w, q, sec("start"), sec("end"), sec("step"))
}

func serve(t *testing.T, f *fakeAPI) *Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return &Client{URL: srv.URL, HTTP: &http.Client{Timeout: 10 * time.Second}}
}

// matrix answers with one series per entry of values, each holding the
// steps of [start, end] that the map has (strings as the API writes them).
func matrix(w http.ResponseWriter, start, end, step int64, values ...map[int64]string) {
	type series struct {
		Metric map[string]string `json:"metric"`
		Values [][2]any          `json:"values"`
	}
	var result []series
	for i, vs := range values {
		s := series{Metric: map[string]string{}, Values: [][2]any{}}
		if len(values) > 1 {
			s.Metric["code"] = strconv.Itoa(200 + i)
		}
		for t := start; t <= end; t += step {
			if v, ok := vs[t]; ok {
				s.Values = append(s.Values, [2]any{float64(t), v})
			}
		}
		if len(s.Values) > 0 {
			result = append(result, s)
		}
	}
	if result == nil {
		result = []series{}
	}
	json.NewEncoder(w).Encode(map[string]any{"status": "success", "data": map[string]any{"resultType": "matrix", "result": result}})
}

func TestImport(t *testing.T) {
	s := func(min int) int64 { return at(min).Unix() }
	// Steps every 5 minutes from 00:00 to 00:55: 12 steps.
	good := map[int64]string{
		s(0): "9", s(5): "10", s(10): "4.5",
		// 00:15 neither: no data
		// 00:20 good missing, total 3
		s(25): "NaN", s(30): "7", s(35): "+Inf", s(40): "-1",
		s(45): "6", s(50): "5.0000000000001", s(55): "0",
	}
	total := map[int64]string{
		s(0): "10", s(5): "10", s(10): "4.5",
		s(20): "3", s(25): "2", s(30): "NaN", s(35): "1", s(40): "1",
		s(45): "5", // good above total
		s(50): "5", // good above by rounding only: good is total
		s(55): "0", // no events: a row, not missing
	}
	f := &fakeAPI{answer: func(w http.ResponseWriter, q string, start, end, step int64) {
		if q == "G" {
			matrix(w, start, end, step, good)
		} else {
			matrix(w, start, end, step, total)
		}
	}}
	c := serve(t, f)
	res, err := Import(context.Background(), c, Query{Good: "G", Total: "T", Start: at(0), End: at(57), Step: 5 * time.Minute, MaxPoints: 5})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []Row{
		{at(0), 9, 10}, {at(5), 10, 10}, {at(10), 4.5, 4.5}, {at(50), 5, 5}, {at(55), 0, 0},
	}
	if !reflect.DeepEqual(res.Rows, wantRows) {
		t.Errorf("rows:\n%v\nwant\n%v", res.Rows, wantRows)
	}
	wantSkips := []Skip{
		{"good missing", 1, at(20)}, {"good NaN", 1, at(25)}, {"total NaN", 1, at(30)},
		{"good +Inf", 1, at(35)}, {"good negative", 1, at(40)}, {"good above total", 1, at(45)},
	}
	if !reflect.DeepEqual(res.Skipped, wantSkips) {
		t.Errorf("skipped:\n%v\nwant\n%v", res.Skipped, wantSkips)
	}
	// 12 steps = 5 rows + 1 without data + 6 skipped.
	if res.Steps != 12 || res.NoData != 1 || res.SkippedSteps() != 6 {
		t.Errorf("steps %d, no data %d, skipped %d; want 12, 1, 6", res.Steps, res.NoData, res.SkippedSteps())
	}
	// At most 5 steps a request: 00:00–00:20, 00:25–00:45, 00:50–00:55,
	// each asked for good then total.
	wantReqs := []string{
		"G 1793491200 1793492400 300", "T 1793491200 1793492400 300",
		"G 1793492700 1793493900 300", "T 1793492700 1793493900 300",
		"G 1793494200 1793494500 300", "T 1793494200 1793494500 300",
	}
	if !reflect.DeepEqual(f.requests, wantReqs) || res.Requests != 6 {
		t.Errorf("requests (%d):\n%s\nwant\n%s", res.Requests, strings.Join(f.requests, "\n"), strings.Join(wantReqs, "\n"))
	}
}

func TestImportManySeries(t *testing.T) {
	f := &fakeAPI{answer: func(w http.ResponseWriter, q string, start, end, step int64) {
		one := map[int64]string{start: "1"}
		if q == "by_code" {
			matrix(w, start, end, step, one, one)
			return
		}
		matrix(w, start, end, step, one)
	}}
	c := serve(t, f)
	_, err := Import(context.Background(), c, Query{Good: "ok", Total: "by_code", Start: at(0), End: at(10), Step: 5 * time.Minute})
	if !errors.Is(err, ErrManySeries) {
		t.Fatalf("err = %v, want ErrManySeries", err)
	}
	for _, want := range []string{"the total query returned 2 series", `{code="200"}, {code="201"}`, "sum(by_code)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   []string
		typ    string
	}{
		{"bad PromQL", 400, `{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \"}\""}`,
			[]string{"prometheus bad_data error (HTTP 400): 1:5: parse error", "in the query: sum(x})", "fix the PromQL"}, "bad_data"},
		{"too many points", 400, `{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"}`,
			[]string{"exceeded maximum resolution", "lower --max-points"}, "bad_data"},
		{"timeout", 503, `{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}`,
			[]string{"prometheus timeout error (HTTP 503)", "larger --step"}, "timeout"},
		{"not the API", 502, "<html><body>Bad Gateway</body></html>",
			[]string{"(HTTP 502): the answer is not the query API's JSON", "Bad Gateway"}, ""},
		{"credentials", 401, "Unauthorized",
			[]string{"(HTTP 401)", "STATUSGEN_PROMETHEUS_TOKEN"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeAPI{answer: func(w http.ResponseWriter, q string, start, end, step int64) {
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}}
			c := serve(t, f)
			_, err := Import(context.Background(), c, Query{Good: "sum(x})", Total: "y", Start: at(0), End: at(10), Step: 5 * time.Minute})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if ae.Type != tt.typ || ae.HTTPStatus != tt.status {
				t.Errorf("type %q status %d, want %q %d", ae.Type, ae.HTTPStatus, tt.typ, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestImportNotFound(t *testing.T) {
	f := &fakeAPI{}
	c := serve(t, f)
	c.URL += "/api/v1" // a user who pasted more than the base URL
	_, err := Import(context.Background(), c, Query{Good: "g", Total: "t", Start: at(0), End: at(10), Step: 5 * time.Minute})
	if err == nil || !strings.Contains(err.Error(), "HTTP 404") || !strings.Contains(err.Error(), "the part before /api/v1") {
		t.Fatalf("err = %v", err)
	}
}

func TestImportUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	c := &Client{URL: url, HTTP: &http.Client{Timeout: 5 * time.Second}}
	_, err := Import(context.Background(), c, Query{Good: "g", Total: "t", Start: at(0), End: at(10), Step: 5 * time.Minute})
	if err == nil || !strings.Contains(err.Error(), "cannot reach the query API") {
		t.Fatalf("err = %v", err)
	}
}

func TestClientAuthAndWarnings(t *testing.T) {
	f := &fakeAPI{answer: func(w http.ResponseWriter, q string, start, end, step int64) {
		fmt.Fprintf(w, `{"status":"success","warnings":["PromQL info: metric might not be a counter"],"data":{"resultType":"matrix","result":[{"metric":{},"values":[[%d,"2"]]}]}}`, start)
	}}
	c := serve(t, f)
	c.BearerToken = "s3cret"
	c.Header = http.Header{"X-Scope-Orgid": {"tenant-1"}}
	res, err := Import(context.Background(), c, Query{Good: "g", Total: "t", Start: at(0), End: at(0), Step: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Rows, []Row{{at(0), 2, 2}}) {
		t.Errorf("rows %v", res.Rows)
	}
	if !reflect.DeepEqual(res.Warnings, []string{"PromQL info: metric might not be a counter"}) {
		t.Errorf("warnings %q: want the one warning, once", res.Warnings)
	}
	h := f.headers[0]
	if h.Get("Authorization") != "Bearer s3cret" || h.Get("X-Scope-OrgID") != "tenant-1" {
		t.Errorf("headers %v", h)
	}

	c.BearerToken, c.Username, c.Password = "", "ops", "pw"
	if _, err := Import(context.Background(), c, Query{Good: "g", Total: "t", Start: at(0), End: at(0), Step: time.Minute}); err != nil {
		t.Fatal(err)
	}
	req := &http.Request{Header: f.headers[len(f.headers)-1]}
	if u, p, ok := req.BasicAuth(); !ok || u != "ops" || p != "pw" {
		t.Errorf("basic auth %q %q %v", u, p, ok)
	}
}

func TestParseSample(t *testing.T) {
	for _, tt := range []struct {
		in   [2]any
		want Sample
	}{
		{[2]any{1793491200.0, "1.5"}, Sample{1793491200000, 1.5}},
		{[2]any{1793491200.781, "+Inf"}, Sample{1793491200781, math.Inf(1)}},
		{[2]any{1793491200.0, "-Inf"}, Sample{1793491200000, math.Inf(-1)}},
	} {
		got, err := parseSample(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseSample(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if got, err := parseSample([2]any{1793491200.0, "NaN"}); err != nil || !math.IsNaN(got.V) {
		t.Errorf("NaN: %v %v", got, err)
	}
	if _, err := parseSample([2]any{"x", "1"}); err == nil {
		t.Error("a string timestamp was accepted")
	}
}
