package build

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/testsite"
)

// The service page shows the data an anomaly SLO and a warehouse check
// watch: each column per day with its band, the latest value in words,
// and the schema changes, which api/slo.json lists too.
func TestDataOnServicePage(t *testing.T) {
	now := testsite.Time(t, "2026-11-19T12:00:00Z")
	var rows, checks strings.Builder
	rows.WriteString("time,rows\n")
	for d := 0; d < 42; d++ {
		day := time.Date(2026, 10, 8, 6, 0, 0, 0, time.UTC).AddDate(0, 0, d)
		v := 50000 + 500*(d%3)
		if day.Format("2006-01-02") == "2026-11-18" {
			v = 5012
		}
		fmt.Fprintf(&rows, "%s,%d\n", day.Format(time.RFC3339), v)
	}
	checks.WriteString("time,lag_s,schema_changes,checks_failed,check_errors\n")
	checks.WriteString("2026-11-19T11:55:00Z,1140,0,0,\n")
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml": `title = "T"
[warehouse]
dsn_env = "DWH"
[[service]]
id = "load"
interval = "1d"
expected_schema_changes = ["public.orders added note"]
  [[service.check]]
  kind = "freshness"
  table = "public.orders"
  column = "loaded_at"
  [[service.check]]
  kind = "schema"
  table = "public.orders"
  [[service.slo]]
  id = "volume"
  name = "Normal volume"
  indicator = "anomaly"
  column = "rows"
  season = "day_of_week"
  objective = 90
`,
		"content/metrics/load/2026.csv":                  rows.String(),
		"content/metrics/load/checks-0-2026-11.csv":      checks.String(),
		"content/schemas/load/public.orders.changes.csv": "time,change,column,old_type,new_type\n2026-11-17T06:00:00Z,removed,amount,numeric,\n2026-11-17T06:00:00Z,added,note,,text\n2026-11-20T06:00:00Z,added,later,,text\n",
	})
	st, ds := site.Load(cfg, now)
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	files, err := Files(st)
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["services/load/index.html"])
	for _, want := range []string{
		`<h2 id="data-h">Data</h2>`,
		// 18 Nov (d = 41 from 8 Oct) is the drop, yesterday at now. Its
		// past Wednesdays d = 34, 27, 20, 13 held 50,500, 50,000, 51,000,
		// 50,500: median 50,500, deviations 0, 500, 500, 0 → MAD 250;
		// 3 × 250 = 750 < 5% of 50,500 = 2,525, so 47,975 … 53,025.
		"5,012 rows yesterday; expected 47,975–53,025",
		"data is 19 min old (measured 5 min ago)",
		"rows per run", "lag_s per run", `class="s-band"`,
		`<code>public.orders</code> column <code>amount</code> removed (was numeric) · <span class="unexpected">unexpected</span>`,
		`column <code>note</code> added (text) · <span class="muted">expected</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the service page lacks %q", want)
		}
	}
	if strings.Contains(page, "later") {
		t.Error("a change after now is shown")
	}
	var doc struct {
		Services []struct {
			SchemaChanges []map[string]any `json:"schema_changes"`
		} `json:"services"`
	}
	if err := json.Unmarshal(files["api/slo.json"], &doc); err != nil {
		t.Fatal(err)
	}
	sc := doc.Services[0].SchemaChanges
	if len(sc) != 2 || sc[0]["change"] != "removed" || sc[0]["expected"] != false || sc[1]["expected"] != true || sc[0]["time"] != "2026-11-17T06:00:00Z" {
		t.Errorf("api schema_changes %v", sc)
	}
}
