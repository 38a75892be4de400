// Package prometheus reads good and total event counts from a
// Prometheus-compatible query API (Prometheus, Thanos, Mimir,
// VictoriaMetrics) for `statusgen import prometheus`: two PromQL range
// queries over the same steps, split into requests under the API's
// points-per-series limit, merged into one row per step.
//
// Client and Import only read: no I/O besides the HTTP requests, and no
// clock. ImportService is the whole command: it reads its options and
// site.toml and appends the rows to the service's snapshots through
// metrics.
package prometheus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
)

// Client talks to the HTTP API of one Prometheus-compatible server.
type Client struct {
	// URL is the server's base URL, e.g. http://127.0.0.1:9090, or one with
	// a path prefix (https://mimir.example.com/prometheus); /api/v1/... is
	// appended to it.
	URL string
	// HTTP does the requests (its Timeout bounds each one); nil means
	// http.DefaultClient.
	HTTP *http.Client
	// Header is sent with every request, e.g. X-Scope-OrgID for Mimir.
	Header http.Header
	// Username and Password, when Username is set, are sent as basic
	// authentication; BearerToken, when set, as "Authorization: Bearer".
	Username, Password string
	BearerToken        string
}

// Series is one series of a range query's matrix result.
type Series struct {
	Labels  map[string]string
	Samples []Sample
}

// Sample is one value of a series: at T, in milliseconds since the Unix
// epoch. V may be NaN or ±Inf, as Prometheus reports them.
type Sample struct {
	T int64
	V float64
}

// APIError is a failed request: an error the API reported (status
// "error" with its errorType), or a response that is not the API's.
type APIError struct {
	Query      string // the PromQL, when the error concerns one
	HTTPStatus int
	Type       string // the API's errorType: bad_data, execution, timeout, canceled, internal, unavailable
	Message    string
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("prometheus")
	if e.Type != "" {
		fmt.Fprintf(&b, " %s error", diag.OneLine(e.Type))
	} else {
		b.WriteString(" error")
	}
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	}
	fmt.Fprintf(&b, ": %s", diag.OneLine(e.Message))
	if e.Query != "" {
		fmt.Fprintf(&b, "\n  in the query: %s", diag.OneLine(e.Query))
	}
	if hint := e.hint(); hint != "" {
		fmt.Fprintf(&b, "\n  %s", hint)
	}
	return b.String()
}

func (e *APIError) hint() string {
	switch {
	case e.HTTPStatus == http.StatusUnauthorized || e.HTTPStatus == http.StatusForbidden:
		return "the server wants credentials: set STATUSGEN_PROMETHEUS_TOKEN, or STATUSGEN_PROMETHEUS_USER and STATUSGEN_PROMETHEUS_PASSWORD"
	case e.HTTPStatus == http.StatusNotFound:
		return "no query API at this URL: --url should be the server's base URL (the part before /api/v1)"
	case strings.Contains(e.Message, "exceeded maximum resolution"):
		return "lower --max-points so each request asks for fewer steps"
	case e.Type == "bad_data":
		return "fix the PromQL; try it in the server's expression browser first"
	case e.Type == "timeout" || e.Type == "canceled":
		return "the query took too long: use a larger --step or a lower --max-points, or raise the server's query timeout"
	}
	return ""
}

// ErrUnreachable is wrapped by the error returned when a request got no
// answer: nothing listens at the URL, the connection failed or timed out.
var ErrUnreachable = errors.New("cannot reach the query API")

// ErrManySeries is wrapped by the error returned when a query yields more
// than one series.
var ErrManySeries = errors.New("the query returned more than one series")

// response is the API's envelope.
type response struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
	Warnings  []string        `json:"warnings"`
}

type matrixData struct {
	ResultType string `json:"resultType"`
	Result     []struct {
		Metric map[string]string `json:"metric"`
		Values [][2]any          `json:"values"`
	} `json:"result"`
}

// QueryRange runs one /api/v1/query_range request: query evaluated at
// start, start+step, ... up to end. It returns the series of the matrix
// result and the server's warnings.
func (c *Client) QueryRange(ctx context.Context, query string, start, end time.Time, step time.Duration) ([]Series, []string, error) {
	form := url.Values{}
	form.Set("query", query)
	form.Set("start", formatTime(start))
	form.Set("end", formatTime(end))
	form.Set("step", strconv.FormatFloat(step.Seconds(), 'f', -1, 64))
	u := strings.TrimRight(c.URL, "/") + "/api/v1/query_range"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, nil, fmt.Errorf("--url %q: %v", c.URL, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	switch {
	case c.BearerToken != "":
		req.Header.Set("Authorization", "Bearer "+c.BearerToken)
	case c.Username != "":
		req.SetBasicAuth(c.Username, c.Password)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<30))
	if err != nil {
		return nil, nil, fmt.Errorf("reading the answer of %s: %w", u, err)
	}
	return parseQueryRange(query, resp.StatusCode, body)
}

// parseQueryRange reads the answer to a range query: the API's envelope
// around a matrix, or its error.
func parseQueryRange(query string, status int, body []byte) ([]Series, []string, error) {
	var r response
	if err := json.Unmarshal(body, &r); err != nil || r.Status == "" {
		return nil, nil, &APIError{HTTPStatus: status, Message: "the answer is not the query API's JSON: " + snippet(body)}
	}
	if r.Status != "success" {
		for i, w := range r.Warnings {
			r.Warnings[i] = diag.OneLine(w)
		}
		msg := r.Error
		if msg == "" {
			msg = "status " + strconv.Quote(r.Status) + " without a message"
		}
		return nil, r.Warnings, &APIError{Query: query, HTTPStatus: status, Type: r.ErrorType, Message: msg}
	}
	for i, w := range r.Warnings {
		r.Warnings[i] = diag.OneLine(w)
	}
	var m matrixData
	if err := json.Unmarshal(r.Data, &m); err != nil {
		return nil, r.Warnings, &APIError{HTTPStatus: status, Message: "cannot read the result: " + err.Error()}
	}
	if m.ResultType != "matrix" {
		return nil, r.Warnings, &APIError{Query: query, HTTPStatus: status, Message: fmt.Sprintf("a range query answered with a %q result, not a matrix", m.ResultType)}
	}
	series := make([]Series, 0, len(m.Result))
	for _, s := range m.Result {
		out := Series{Labels: s.Metric, Samples: make([]Sample, 0, len(s.Values))}
		for _, v := range s.Values {
			sm, err := parseSample(v)
			if err != nil {
				return nil, r.Warnings, &APIError{Query: query, HTTPStatus: status, Message: "cannot read a sample: " + err.Error()}
			}
			out.Samples = append(out.Samples, sm)
		}
		series = append(series, out)
	}
	return series, r.Warnings, nil
}

// parseSample reads [1435781430.781, "1"]: seconds as a JSON number, the
// value as a string ("NaN", "+Inf" and "-Inf" included).
func parseSample(v [2]any) (Sample, error) {
	ts, ok := v[0].(float64)
	if !ok {
		return Sample{}, fmt.Errorf("timestamp %v is not a number", v[0])
	}
	if ts < float64(minTime.Unix()) || ts >= float64(endTime.Unix()) {
		return Sample{}, fmt.Errorf("timestamp %v is not in 1970..2199", ts)
	}
	s, ok := v[1].(string)
	if !ok {
		return Sample{}, fmt.Errorf("value %v is not a string", v[1])
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return Sample{}, fmt.Errorf("value %q is not a number", s)
	}
	return Sample{T: int64(math.Round(ts * 1000)), V: f}, nil
}

func formatTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if s == "" {
		return "(empty)"
	}
	return strconv.Quote(s)
}

// FormatLabels prints a series' labels as PromQL does: {a="1", b="2"}.
func FormatLabels(l map[string]string) string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = diag.OneLine(k) + "=" + strconv.Quote(l[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
