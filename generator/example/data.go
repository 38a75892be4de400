package example

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"
)

// The warehouse load of the example: a daily load of the orders table
// with a weekly rhythm, watched by an anomaly SLO, a deadline SLO and the
// warehouse checks of `statusgen check-data` (whose rows and schema files
// are written here as the command would have written them).

// dataTOML is appended to site.toml.
const dataTOML = `
# The warehouse that statusgen check-data queries. The connection string is
# read from the environment variable named here; it never goes into a file.
[warehouse]
dsn_env           = "WAREHOUSE_DSN"
statement_timeout = "30s"
concurrency       = 4

# A daily load into the warehouse, watched from the data itself.
[[service]]
id          = "orders-load"
name        = "Orders load"
group       = "pipelines"
description = "Nightly load of yesterday's orders into the warehouse table public.orders."
owner       = "Data platform team"
contact     = "#data-platform"
runbook     = "https://wiki.northwind.example/runbooks/orders-load"
interval    = "1d"
stale_after = "26h"
expected_schema_changes = ["public.orders added channel"]

  [[service.check]]
  id     = "fresh"
  kind   = "freshness"           # newest loaded_at → lag_s
  table  = "public.orders"
  column = "loaded_at"

  [[service.check]]
  id       = "schema"
  kind     = "schema"            # columns and types → content/schemas/orders-load/
  table    = "public.orders"
  incident = true                # an unexpected change writes a draft incident

  [[service.check]]
  id     = "customer-nulls"
  kind   = "null_rate"
  table  = "public.orders"
  column = "customer_id"

  [[service.slo]]
  id             = "volume"
  name           = "Normal volume"
  indicator      = "anomaly"     # each day's rows inside the band of the same weekday's last 4 weeks
  column         = "rows"
  season         = "day_of_week"
  objective      = 95
  window         = "28d"
  draft_incident = true
  rationale      = "A load that half-fails still succeeds; only the volume shows it."

  [[service.slo]]
  id        = "on-time"
  name      = "Loaded by 06:30"
  indicator = "deadline"
  deadline  = "06:30"            # Europe/Berlin, every day
  column    = "rows"
  objective = 95
  window    = "28d"
  rationale = "The sales dashboards refresh at 07:00."

  [[service.slo]]
  id        = "freshness"
  name      = "Fresh within 26 hours"
  indicator = "threshold"
  column    = "lag_s"
  op        = "<="
  threshold = 93600
  objective = 95
  window    = "28d"
`

// Events of the load, in days before now.
const (
	loadDropDaysAgo = 6 // 90% fewer rows: an upstream export was cut short
	loadLateDaysAgo = 3 // landed at 11:10 instead of about 06:05
	schemaChangeAgo = 4 // discount_code removed (unexpected)
	schemaAddedAgo  = 20
)

// dataRows writes the load's rows, the check rows and the schema files.
func (e *world) dataRows(files map[string][]byte) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		loc = time.UTC
	}
	loads := newCSV("orders-load", "time,rows")
	today := e.now.In(loc)
	first := time.Date(today.Year(), today.Month(), today.Day()-Days, 0, 0, 0, 0, loc)
	var landed []time.Time // load times, oldest first
	for day := first; ; day = day.AddDate(0, 0, 1) {
		ago := int(math.Round(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC).
			Sub(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24))
		at := day.Add(6*time.Hour + time.Duration(e.rng.IntN(12))*time.Minute)
		if ago == loadLateDaysAgo {
			at = day.Add(11*time.Hour + 10*time.Minute)
		}
		if !at.Before(e.now) {
			break
		}
		base := 50000.0
		switch day.Weekday() {
		case time.Saturday:
			base = 21000
		case time.Sunday:
			base = 18000
		case time.Monday:
			base = 56000 // the weekend's stragglers
		}
		rows := base * (1 + 0.015*e.rng.NormFloat64())
		if ago == loadDropDaysAgo {
			rows = base * 0.1
		}
		loads.row(at, fmt.Sprint(int(rows)))
		landed = append(landed, at)
	}
	loads.into(files)

	// check-data runs hourly at :20 (as the workflow's schedule would).
	cols := "time,lag_s,schema_changes,null_rate_customer_id,checks_failed,check_errors"
	checks := newCSV("orders-load", cols)
	changeAt := e.at(schemaChangeAgo, 6, 20)
	k := 0
	for t := e.start.Truncate(time.Hour).Add(20 * time.Minute); t.Before(e.now); t = t.Add(time.Hour) {
		for k+1 < len(landed) && !landed[k+1].After(t) {
			k++
		}
		lag := ""
		if !landed[k].After(t) {
			lag = fmt.Sprint(int(t.Sub(landed[k]).Seconds()))
		}
		changes := "0"
		if t.Equal(changeAt) {
			changes = "1"
		}
		nulls := fmt.Sprintf("%.4f", 0.002+0.001*e.rng.Float64())
		checks.row(t, lag, changes, nulls, "0", "")
	}
	// The file name check-data gives these columns: checks-<first 4 bytes
	// of the SHA-256 of the header, in hex>-<month>.csv.
	h := sha256.Sum256([]byte(cols))
	for month, b := range checks.buf {
		files["content/metrics/orders-load/checks-"+hex.EncodeToString(h[:4])+"-"+month+".csv"] = b.Bytes()
	}

	// The schema as recorded, and its change log.
	files["content/schemas/orders-load/public.orders.json"] = []byte(fmt.Sprintf(`{
  "table": "public.orders",
  "recorded": "%s",
  "columns": [
    {"name": "order_id", "type": "bigint"},
    {"name": "customer_id", "type": "bigint"},
    {"name": "status", "type": "text"},
    {"name": "amount", "type": "numeric"},
    {"name": "loaded_at", "type": "timestamp with time zone"},
    {"name": "channel", "type": "text"}
  ]
}
`, changeAt.Format(time.RFC3339)))
	var log strings.Builder
	log.WriteString("time,change,column,old_type,new_type\n")
	fmt.Fprintf(&log, "%s,added,channel,,text\n", e.at(schemaAddedAgo, 6, 20).Format(time.RFC3339))
	fmt.Fprintf(&log, "%s,removed,discount_code,numeric,\n", changeAt.Format(time.RFC3339))
	files["content/schemas/orders-load/public.orders.changes.csv"] = []byte(log.String())
}
