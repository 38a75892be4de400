// Package record appends one pushed result to a service's snapshots:
// `statusgen record --service ID col=value …`, and the repository_dispatch
// event a job anywhere sends to have the same recorded by the workflow.
// Values are checked against what the service's SLOs and probe read, so a
// typo is an error at the sender, not a silently ignored column.
package record

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/metrics"
)

// EventType is the repository_dispatch event type the workflow records.
const EventType = "statusgen-record"

// FilePrefix names the files pushed rows go to when the service also has a
// probe, whose files have a header of their own.
const FilePrefix = "pushed-"

// Value kinds: what a column accepts.
const (
	kindStatus   = "status"   // up, degraded, down, maintenance
	kindCount    = "count"    // a number ≥ 0 (good, total, latency_ms, lag_s, rows)
	kindNumber   = "number"   // any finite number (a threshold column of the user's)
	kindHTTPCode = "httpcode" // 100..999
)

// Column is one column a service accepts, and why.
type Column struct {
	Name string
	Kind string
	Use  string // what reads it, for messages: `SLO "fresh"`, "the probe"
}

// nonNegative are the well-known columns SPEC section 3 wants ≥ 0.
var nonNegative = map[string]bool{"latency_ms": true, "lag_s": true, "rows": true, "good": true, "total": true}

// Columns lists the columns a service accepts, in the order of its SLOs
// (then its probe's): the status of a status SLO, a threshold SLO's
// column, a ratio SLO's good and total, and what its probe writes.
func Columns(s *config.Service) []Column {
	var out []Column
	seen := map[string]bool{}
	add := func(name, kind, use string) {
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		if kind == kindNumber && nonNegative[name] {
			kind = kindCount
		}
		out = append(out, Column{name, kind, use})
	}
	for _, o := range s.SLOs {
		use := fmt.Sprintf("SLO %q", o.ID)
		switch o.Indicator {
		case config.IndicatorStatus:
			add("status", kindStatus, use)
		case config.IndicatorThreshold:
			add(o.Column, kindNumber, use)
		case config.IndicatorRatio:
			add(o.Good, kindCount, use)
			add(o.Total, kindCount, use)
		}
	}
	if s.Probe != nil {
		add("status", kindStatus, "the probe")
		add("latency_ms", kindCount, "the probe")
		add("code", kindHTTPCode, "the probe")
		if s.Probe.Kind == config.ProbeTLS || s.Probe.CheckCert {
			add("cert_days", kindNumber, "the probe")
		}
	}
	return out
}

// Request is one result to record.
type Request struct {
	Service string
	// Time is when the result holds; zero means now.
	Time   time.Time
	Values map[string]string
}

// ParseValues reads col=value arguments.
func ParseValues(args []string) (map[string]string, error) {
	out := map[string]string{}
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch {
		case !ok || k == "":
			return nil, fmt.Errorf("%q is not column=value; write it like good=41 or status=up", a)
		case v == "":
			return nil, fmt.Errorf("%s has no value; write it like %s=41, or leave the column out", k, k)
		case out[k] != "":
			return nil, fmt.Errorf("%s is given twice", k)
		}
		out[k] = v
	}
	return out, nil
}

// ParseTime reads a result's time: RFC 3339 with a zone, or Unix seconds.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 && n < 7258118400 {
		return time.Unix(n, 0), nil
	}
	return time.Time{}, fmt.Errorf("time %q is not RFC 3339 with a zone (2026-11-23T02:10:00Z) or Unix seconds", s)
}

// eventPayload is client_payload of a statusgen-record event.
type eventPayload struct {
	Service string                     `json:"service"`
	Time    json.RawMessage            `json:"time"`
	Values  map[string]json.RawMessage `json:"values"`
}

// FromEvent reads the event GitHub hands a workflow run for a
// repository_dispatch (the file $GITHUB_EVENT_PATH names):
// {"action": "statusgen-record", "client_payload": {"service": …,
// "time": …, "values": {…}}}. The payload alone is read too. Values may
// be JSON numbers or strings.
func FromEvent(b []byte) (Request, error) {
	var ev struct {
		Action        string          `json:"action"`
		ClientPayload json.RawMessage `json:"client_payload"`
	}
	if err := json.Unmarshal(b, &ev); err != nil {
		return Request{}, fmt.Errorf("not a JSON event: %v", err)
	}
	if ev.Action != "" && ev.Action != EventType {
		return Request{}, fmt.Errorf("event type %q is not %q; send event_type %q", ev.Action, EventType, EventType)
	}
	raw := ev.ClientPayload
	if len(raw) == 0 {
		raw = b
	}
	var p eventPayload
	if err := json.Unmarshal(raw, &p); err != nil {
		return Request{}, fmt.Errorf("client_payload: %v", err)
	}
	if p.Service == "" {
		return Request{}, fmt.Errorf(`client_payload has no "service"; send {"service": "ID", "values": {"good": 41, "total": 42}}`)
	}
	req := Request{Service: p.Service, Values: map[string]string{}}
	if len(p.Time) > 0 && string(p.Time) != "null" {
		var s string
		if json.Unmarshal(p.Time, &s) != nil {
			s = string(p.Time) // Unix seconds as a number
		}
		t, err := ParseTime(s)
		if err != nil {
			return Request{}, fmt.Errorf("client_payload: %v", err)
		}
		req.Time = t
	}
	if len(p.Values) == 0 {
		return Request{}, fmt.Errorf(`client_payload has no "values"; send {"service": "ID", "values": {"good": 41, "total": 42}}`)
	}
	for k, v := range p.Values {
		var s string
		if json.Unmarshal(v, &s) != nil {
			var n json.Number
			if err := json.Unmarshal(v, &n); err != nil {
				return Request{}, fmt.Errorf("client_payload: values.%s is neither a number nor a string", k)
			}
			s = n.String()
		}
		key := strings.ToLower(strings.TrimSpace(k))
		if _, dup := req.Values[key]; dup {
			return Request{}, fmt.Errorf("client_payload: values has %s twice (column names ignore case)", key)
		}
		req.Values[key] = strings.TrimSpace(s)
	}
	return req, nil
}

// Row checks req against the service's columns and makes its row, at
// req.Time (else now) to the second. The error says what to change.
func Row(cfg *config.Config, req Request, now time.Time) (*config.Service, metrics.MetricRow, error) {
	s := cfg.Service(req.Service)
	if s == nil {
		ids := make([]string, len(cfg.Services))
		for i, x := range cfg.Services {
			ids[i] = x.ID
		}
		return nil, metrics.MetricRow{}, fmt.Errorf("site.toml has no service %q; services: %s", req.Service, strings.Join(ids, ", "))
	}
	cols := Columns(s)
	if len(cols) == 0 {
		return nil, metrics.MetricRow{}, fmt.Errorf("service %q reads no column: give it a status, ratio or threshold SLO first", s.ID)
	}
	byName := map[string]Column{}
	var names []string
	for _, c := range cols {
		byName[c.Name] = c
		names = append(names, c.Name)
	}
	if len(req.Values) == 0 {
		return nil, metrics.MetricRow{}, fmt.Errorf("no value given; service %q takes %s", s.ID, strings.Join(names, ", "))
	}
	t := req.Time
	if t.IsZero() {
		t = now
	}
	t = t.UTC().Truncate(time.Second)
	switch {
	case t.Year() < 1970 || t.Year() >= 2200:
		return nil, metrics.MetricRow{}, fmt.Errorf("time %s is outside 1970–2199", t.Format(time.RFC3339))
	case t.After(now.Add(time.Hour)):
		return nil, metrics.MetricRow{}, fmt.Errorf("time %s is more than an hour after now (%s); send the time the result holds for", t.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	row := metrics.MetricRow{Time: t, Values: map[string]string{}}
	keys := make([]string, 0, len(req.Values))
	for k := range req.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c, ok := byName[k]
		if !ok {
			return nil, metrics.MetricRow{}, fmt.Errorf("service %q does not read a column %q; it takes %s", s.ID, k, strings.Join(names, ", "))
		}
		v, err := value(c, req.Values[k])
		if err != nil {
			return nil, metrics.MetricRow{}, fmt.Errorf("%s (read by %s): %v", k, c.Use, err)
		}
		row.Values[k] = v
	}
	for _, o := range s.SLOs {
		if o.Indicator != config.IndicatorRatio {
			continue
		}
		g, hasG := row.Values[o.Good]
		n, hasN := row.Values[o.Total]
		switch {
		case hasG != hasN:
			return nil, metrics.MetricRow{}, fmt.Errorf("SLO %q needs %s and %s together; give both", o.ID, o.Good, o.Total)
		case hasG:
			gf, _ := strconv.ParseFloat(g, 64)
			nf, _ := strconv.ParseFloat(n, 64)
			if gf > nf {
				return nil, metrics.MetricRow{}, fmt.Errorf("%s=%s is more than %s=%s; good events are some of the total", o.Good, g, o.Total, n)
			}
		}
	}
	return s, row, nil
}

// value checks one cell and writes it as the snapshot reader reads it.
func value(c Column, v string) (string, error) {
	if strings.ContainsAny(v, ",\"\r\n") {
		return "", fmt.Errorf("%q holds a comma, quote or line break", v)
	}
	if c.Kind == kindStatus {
		s := strings.ToLower(v)
		switch s {
		case "up", "degraded", "down", "maintenance":
			return s, nil
		}
		return "", fmt.Errorf("%q is not up, degraded, down or maintenance", v)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%q is not a number", v)
	}
	switch c.Kind {
	case kindCount:
		if f < 0 {
			return "", fmt.Errorf("%s is negative; it counts or measures, so write 0 or more", v)
		}
	case kindHTTPCode:
		if f != math.Trunc(f) || f < 100 || f > 999 {
			return "", fmt.Errorf("%s is not an HTTP status code", v)
		}
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}

// Append writes the row into the service's snapshots with
// metrics.AppendMetrics (under the folder's lock, whole lines only): into
// <YYYY-MM>.csv, or pushed-<YYYY-MM>.csv when the service has a probe. A
// new file's header is time and every column the service takes. A row
// whose time is already there is not written again (Duplicates says so),
// so a delivery retried is recorded once.
func Append(cfg *config.Config, s *config.Service, row metrics.MetricRow, dryRun bool) ([]metrics.MonthFile, error) {
	header := []string{"time"}
	for _, c := range Columns(s) {
		header = append(header, c.Name)
	}
	prefix := ""
	if s.Probe != nil {
		prefix = FilePrefix
	}
	dir := filepath.Join(cfg.Dir, "content", "metrics", s.ID)
	return metrics.AppendMetricsPrefixed(cfg.Dir, dir, prefix, header, []metrics.MetricRow{row}, dryRun)
}
