package record

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
)

const site = `title = "T"
base_url = "https://s.example.com/"

[[service]]
id = "etl"
name = "Nightly ETL"
  [[service.slo]]
  id = "runs"
  indicator = "ratio"
  objective = 99
  [[service.slo]]
  id = "fresh"
  indicator = "threshold"
  column = "lag_s"
  op = "<="
  threshold = 3600
  objective = 99
  [[service.slo]]
  id = "delta"
  indicator = "threshold"
  column = "drift"
  op = ">"
  threshold = -5
  objective = 99

[[service]]
id = "api"
name = "API"
  [service.probe]
  url = "https://api.example.com/"
  [[service.slo]]
  id = "up"
  objective = 99.9
`

func loadSite(t testing.TB) *config.Config {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(site), 0o644)
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return cfg
}

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func TestColumns(t *testing.T) {
	cfg := loadSite(t)
	var got []string
	for _, c := range Columns(cfg.Service("etl")) {
		got = append(got, c.Name+":"+c.Kind)
	}
	if strings.Join(got, " ") != "good:count total:count lag_s:count drift:number" {
		t.Errorf("etl: %v", got)
	}
	got = nil
	for _, c := range Columns(cfg.Service("api")) {
		got = append(got, c.Name)
	}
	if strings.Join(got, " ") != "status latency_ms code" {
		t.Errorf("api: %v", got)
	}
}

func TestRowChecksValues(t *testing.T) {
	cfg := loadSite(t)
	for _, c := range []struct {
		req  Request
		want string // the row's cells, or the error
	}{
		{Request{Service: "etl", Values: map[string]string{"good": "41", "total": "42.0", "lag_s": "120"}}, "2026-11-23T12:00:00Z good=41 lag_s=120 total=42"},
		{Request{Service: "etl", Time: now.Add(-time.Hour + 500*time.Millisecond), Values: map[string]string{"drift": "-7.5"}}, "2026-11-23T11:00:00Z drift=-7.5"},
		{Request{Service: "api", Values: map[string]string{"status": "DOWN"}}, "2026-11-23T12:00:00Z status=down"},
		{Request{Service: "nope", Values: map[string]string{"good": "1"}}, `site.toml has no service "nope"; services: etl, api`},
		{Request{Service: "etl", Values: map[string]string{"god": "1"}}, `service "etl" does not read a column "god"; it takes good, total, lag_s, drift`},
		{Request{Service: "etl", Values: map[string]string{"good": "43", "total": "42"}}, "good=43 is more than total=42"},
		{Request{Service: "etl", Values: map[string]string{"good": "4"}}, `SLO "runs" needs good and total together`},
		{Request{Service: "etl", Values: map[string]string{"lag_s": "-1"}}, `lag_s (read by SLO "fresh"): -1 is negative`},
		{Request{Service: "etl", Values: map[string]string{"lag_s": "NaN"}}, `"NaN" is not a number`},
		{Request{Service: "etl", Values: map[string]string{"lag_s": "1,2"}}, "holds a comma"},
		{Request{Service: "api", Values: map[string]string{"status": "fine"}}, `"fine" is not up, degraded, down or maintenance`},
		{Request{Service: "api", Values: map[string]string{"code": "42"}}, "42 is not an HTTP status code"},
		{Request{Service: "api", Time: now.Add(2 * time.Hour), Values: map[string]string{"status": "up"}}, "more than an hour after now"},
		{Request{Service: "api"}, "no value given; service \"api\" takes status, latency_ms, code"},
	} {
		_, row, err := Row(cfg, c.req, now)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = row.Time.Format(time.RFC3339)
			for _, k := range []string{"code", "drift", "good", "lag_s", "status", "total"} {
				if v, ok := row.Values[k]; ok {
					got += " " + k + "=" + v
				}
			}
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%+v:\n got %s\nwant %s", c.req, got, c.want)
		}
	}
}

func TestFromEvent(t *testing.T) {
	req, err := FromEvent([]byte(`{"action": "statusgen-record", "client_payload": {"service": "etl", "time": 1795406400, "values": {"Good": 41, "total": "42", "lag_s": 1.5e2}}, "sender": {"login": "x"}}`))
	if err != nil || req.Service != "etl" || !req.Time.Equal(time.Unix(1795406400, 0)) ||
		req.Values["good"] != "41" || req.Values["total"] != "42" || req.Values["lag_s"] != "1.5e2" {
		t.Fatalf("%+v %v", req, err)
	}
	for in, want := range map[string]string{
		`{"action": "deploy", "client_payload": {}}`:                                           `event type "deploy" is not "statusgen-record"`,
		`{"client_payload": {"values": {"good": 1}}}`:                                          `client_payload has no "service"`,
		`{"client_payload": {"service": "etl"}}`:                                               `client_payload has no "values"`,
		`{"client_payload": {"service": "etl", "values": {"good": [1]}}}`:                      "values.good is neither a number nor a string",
		`{"client_payload": {"service": "etl", "time": "yesterday", "values": {"good": "1"}}}`: `time "yesterday" is not RFC 3339`,
		`[`: "not a JSON event",
	} {
		if _, err := FromEvent([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %s", in, err, want)
		}
	}
}

func TestAppendWholeLineOnce(t *testing.T) {
	cfg := loadSite(t)
	s, row, err := Row(cfg, Request{Service: "etl", Values: map[string]string{"good": "41", "total": "42"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := Append(cfg, s, row, false); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(cfg.Dir, "content/metrics/etl/2026-11.csv"))
	if string(b) != "time,good,total,lag_s,drift\n2026-11-23T12:00:00Z,41,42,,\n" {
		t.Errorf("etl:\n%s", b)
	}
	// A probed service's pushed rows go to files of their own.
	s, row, _ = Row(cfg, Request{Service: "api", Values: map[string]string{"status": "down"}}, now)
	if _, err := Append(cfg, s, row, false); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(cfg.Dir, "content/metrics/api/pushed-2026-11.csv")); err != nil || string(b) != "time,status,latency_ms,code\n2026-11-23T12:00:00Z,down,,\n" {
		t.Errorf("api: %s %v", b, err)
	}
}
