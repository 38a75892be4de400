package record

import (
	"strings"
	"testing"
)

// Whatever an event holds, a row that passes Row has only columns the
// service reads, values without a comma, quote or line break, and good
// never above total.
func FuzzEventToRow(f *testing.F) {
	f.Add(`{"action": "statusgen-record", "client_payload": {"service": "etl", "values": {"good": 41, "total": 42}}}`)
	f.Add(`{"client_payload": {"service": "api", "time": 1795399800, "values": {"status": "UP", "code": "200"}}}`)
	f.Add(`{"service": "etl", "values": {"lag_s": "1e3", "drift": "-1"}}`)
	cfg := loadSite(f)
	f.Fuzz(func(t *testing.T, ev string) {
		req, err := FromEvent([]byte(ev))
		if err != nil {
			return
		}
		s, row, err := Row(cfg, req, now)
		if err != nil {
			return
		}
		reads := map[string]bool{}
		for _, c := range Columns(s) {
			reads[c.Name] = true
		}
		for k, v := range row.Values {
			if !reads[k] || v == "" || strings.ContainsAny(v, ",\"\r\n") {
				t.Fatalf("%s=%q in %s", k, v, ev)
			}
		}
		if g, ok := row.Values["good"]; ok && len(g) > 0 && row.Values["total"] == "" {
			t.Fatalf("good without total: %v", row.Values)
		}
	})
}
