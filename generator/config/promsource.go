package config

import (
	"strings"
)

// A Prometheus source on an SLO: `[service.slo.prometheus]` with the
// queries that measure the same SLO in real time, for `statusgen export
// prometheus-rules` (docs/prometheus-rules.md). The queries are written as
// Sloth writes them: {{.window}} stands for the range of each rule.
//
// This is the minimal form until the declared sources of [[service.source]]
// land; the export reads only PromSource, so the two meet in one place.

// PromSource is one SLO's queries.
type PromSource struct {
	// ErrorQuery counts bad events per second over {{.window}}; or
	// GoodQuery counts good ones. Exactly one is given.
	ErrorQuery string `toml:"error_query"`
	GoodQuery  string `toml:"good_query"`
	// TotalQuery counts all events per second over {{.window}}.
	TotalQuery string `toml:"total_query"`
}

// WindowVar is the placeholder of a query's range.
const WindowVar = "{{.window}}"

func validatePromSource(errf func(table, key, format string, args ...any), t string, p *PromSource) {
	if p == nil {
		return
	}
	t += ".prometheus"
	const example = `'sum(rate(http_requests_total{job="orders"}[{{.window}}]))'`
	switch {
	case p.ErrorQuery != "" && p.GoodQuery != "":
		errf(t, "good_query", "give error_query or good_query, not both")
	case p.ErrorQuery == "" && p.GoodQuery == "":
		errf(t, "error_query", "missing; give the bad events per second as error_query (or the good ones as good_query), e.g. %s with code=~\"5..\"", example)
	}
	if p.TotalQuery == "" {
		errf(t, "total_query", "missing; give all events per second, e.g. total_query = %s", example)
	}
	for key, q := range map[string]string{"error_query": p.ErrorQuery, "good_query": p.GoodQuery, "total_query": p.TotalQuery} {
		if q == "" {
			continue
		}
		if !strings.Contains(q, WindowVar) {
			errf(t, key, "%q has no {{.window}}; write the range as [{{.window}}] so each rule gets its own span, e.g. %s", q, example)
		}
		if strings.ContainsAny(q, "\x00") {
			errf(t, key, "holds a NUL character")
		}
	}
}

// Query returns q with its range set to window ("5m").
func (p *PromSource) Query(q, window string) string {
	return strings.ReplaceAll(q, WindowVar, window)
}
