package prometheus

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Seeds: answers as the Prometheus HTTP API documents them, and the error
// shapes of Prometheus, Thanos and a proxy in front of them.
var promAnswers = []string{
	`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1793491200,"9"],[1793491260,"10"],[1793491320,"NaN"],[1793491380,"+Inf"]]}]}}`,
	`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[[1793491200.5,"1"]]},{"metric":{"job":"b"},"values":[]}]},"warnings":["PromQL info: metric might not be a counter"]}`,
	`{"status":"success","data":{"resultType":"matrix","result":[]}}`,
	`{"status":"success","data":{"resultType":"vector","result":[]}}`,
	`{"status":"error","errorType":"bad_data","error":"parse error at char 4: unexpected \"}\""}`,
	`{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory"}`,
	`<html><body>502 Bad Gateway</body></html>`,
	``,
}

// checkMessage checks that an error prints as lines without control
// characters (a server's message must not reach the terminal raw).
func checkMessage(t *testing.T, msg string) {
	t.Helper()
	for _, l := range strings.Split(msg, "\n") {
		for _, r := range l {
			if r < 0x20 && r != '\t' || r == 0x7f {
				t.Fatalf("message %q holds control character %U", msg, r)
			}
		}
	}
}

// FuzzQueryRangeAnswer reads any answer: a matrix whose samples are
// within 1970..2199, or an *APIError that prints cleanly.
func FuzzQueryRangeAnswer(f *testing.F) {
	for _, a := range promAnswers {
		f.Add([]byte(a), 200)
		f.Add([]byte(a), 422)
	}
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		series, warnings, err := parseQueryRange("sum(rate(x[5m]))", status, body)
		for _, w := range warnings {
			checkMessage(t, w)
			if strings.Contains(w, "\n") {
				t.Fatalf("warning %q spans lines", w)
			}
		}
		if err != nil {
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("%T %v is not an *APIError", err, err)
			}
			checkMessage(t, err.Error())
			return
		}
		for _, s := range series {
			for _, sm := range s.Samples {
				if sm.T < 0 || sm.T >= time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli() {
					t.Fatalf("sample at %d ms", sm.T)
				}
			}
		}
	})
}

// answerFunc serves fixed answers to the good and total queries, without
// a network.
type answerFunc func(query string) []byte

func (a answerFunc) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{},
		Body: io.NopCloser(strings.NewReader(string(a(r.PostForm.Get("query")))))}, nil
}

// FuzzImport merges any two answers: rows only at steps of the range, in
// order, with 0 ≤ good ≤ total, and every step accounted for.
func FuzzImport(f *testing.F) {
	for _, a := range promAnswers {
		f.Add([]byte(a), []byte(promAnswers[0]))
		f.Add([]byte(promAnswers[0]), []byte(a))
	}
	f.Fuzz(func(t *testing.T, good, total []byte) {
		c := &Client{URL: "http://127.0.0.1:9", HTTP: &http.Client{Transport: answerFunc(func(q string) []byte {
			if q == "good" {
				return good
			}
			return total
		})}}
		step := time.Minute
		q := Query{Good: "good", Total: "total", Start: t0, End: t0.Add(10 * step), Step: step, MaxPoints: 4}
		res, err := Import(context.Background(), c, q)
		if err != nil {
			checkMessage(t, err.Error())
			return
		}
		if res.Steps != 11 || res.Requests != 6 || len(res.Rows)+res.NoData+res.SkippedSteps() != res.Steps {
			t.Fatalf("%d steps in %d requests: %d rows, %d without data, %d skipped", res.Steps, res.Requests, len(res.Rows), res.NoData, res.SkippedSteps())
		}
		for i, r := range res.Rows {
			if r.Time.Before(q.Start) || r.Time.After(q.End) || r.Time.Unix()%60 != 0 || (i > 0 && !r.Time.After(res.Rows[i-1].Time)) {
				t.Fatalf("row %d at %s", i, r.Time)
			}
			if math.IsNaN(r.Good) || math.IsInf(r.Total, 0) || r.Good < 0 || r.Good > r.Total {
				t.Fatalf("row %d: good %v, total %v", i, r.Good, r.Total)
			}
		}
		for _, w := range res.Warnings {
			checkMessage(t, w)
		}
	})
}

// FuzzSplit cuts any range: consecutive aligned requests of at most
// maxPoints steps that cover every step of the range, within 1970..2199,
// or an error.
func FuzzSplit(f *testing.F) {
	f.Add(t0.Unix(), int64(0), t0.Unix()+3600, int64(60), 11000)
	f.Add(t0.Unix()+1, int64(500), t0.Unix()+7*86400, int64(300), 7)
	f.Add(t0.Unix(), int64(0), t0.Unix()+59, int64(60), 0)
	f.Fuzz(func(t *testing.T, startS, startNS, endS, stepS int64, maxPoints int) {
		start := time.Unix(startS, startNS%1e9).UTC()
		end := time.Unix(endS, 0).UTC()
		step := time.Duration(stepS) * time.Second
		if stepS <= 0 || stepS > 1e9 {
			return // not a duration a flag gives
		}
		rs, err := Split(start, end, step, maxPoints)
		if err != nil {
			checkMessage(t, err.Error())
			return
		}
		limit := int64(maxPoints)
		if limit <= 0 {
			limit = MaxPointsPerRequest
		}
		lo, hi := time.Unix(0, 0), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, r := range rs {
			n := r.End.Sub(r.Start)/step + 1
			switch {
			case r.Start.Before(lo) || !r.End.Before(hi):
				t.Fatalf("range %d: %s to %s, outside 1970..2199", i, r.Start, r.End)
			case r.Start.Before(start) || r.End.After(end) || r.End.Before(r.Start) || r.Start.Unix()%stepS != 0:
				t.Fatalf("range %d: %s to %s", i, r.Start, r.End)
			case int64(n) > limit:
				t.Fatalf("range %d has %d steps, more than %d", i, n, limit)
			case i > 0 && r.Start.Sub(rs[i-1].End) != step:
				t.Fatalf("range %d starts %s after the previous end", i, r.Start.Sub(rs[i-1].End))
			}
		}
		if first := rs[0].Start; first.Add(-step).After(start) || first.Add(-step).Equal(start) {
			t.Fatalf("first step %s leaves out one after %s", first, start)
		}
		if last := rs[len(rs)-1].End; !last.Add(step).After(end) {
			t.Fatalf("last step %s leaves out %s", last, last.Add(step))
		}
	})
}
