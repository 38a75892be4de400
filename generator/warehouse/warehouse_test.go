package warehouse

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/testsite"
)

const siteTOML = `title = "T"
[warehouse]
dsn_env = "TEST_WAREHOUSE_DSN"
statement_timeout = "1s"
concurrency = 3

[[service]]
id = "orders"
expected_schema_changes = ["public.orders added note"]
  [[service.check]]
  id = "fresh"
  kind = "freshness"
  table = "orders"
  column = "loaded_at"
  [[service.check]]
  id = "volume"
  kind = "volume"
  table = "public.orders"
  column = "loaded_at"
  period = "1d"
  [[service.check]]
  id = "schema"
  kind = "schema"
  table = "public.orders"
  incident = true
  [[service.check]]
  id = "customer-nulls"
  kind = "null_rate"
  table = "orders"
  column = "customer_id"
  [[service.check]]
  id = "id-unique"
  kind = "unique"
  table = "orders"
  columns = ["id"]
  [[service.check]]
  id = "status-values"
  kind = "accepted_values"
  table = "orders"
  column = "status"
  values = ["new", "paid"]
  [[service.check]]
  id = "paid-ok"
  kind = "sql"
  sql = "select count(*) filter (where status = 'paid'), count(*) from orders"
  metrics = ["good", "total"]
  [[service.check]]
  id = "missing-table"
  kind = "volume"
  table = "ordres"
  column = "loaded_at"
  metric = "rows_ordres"
  [[service.check]]
  id = "missing-column"
  kind = "freshness"
  table = "orders"
  column = "loaded"
  metric = "lag_loaded"
  [[service.check]]
  id = "slow"
  kind = "sql"
  sql = "select 1 from pg_sleep(3)"
  metrics = ["slow"]
  [[service.check]]
  id = "writes"
  kind = "sql"
  sql = "insert into orders (id) values (99) returning 1"
  metrics = ["written"]
`

func setup(t *testing.T, dsn string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// 10 orders: loaded over the last day up to 10 minutes before now;
	// 2 without customer; id 3 twice; one status "lost".
	_, err = db.Exec(`
create table orders (id bigint, status text, customer_id bigint, loaded_at timestamptz, amount numeric);
insert into orders select i, case when i <= 6 then 'paid' else 'new' end, case when i <= 2 then null else i end,
  timestamptz '2026-11-23 12:00:00+00' - interval '10 minutes' - (i - 1) * interval '2 hours', i * 10
  from generate_series(1, 10) i;
insert into orders values (3, 'lost', 3, timestamptz '2026-11-20 12:00:00+00', 1);
`)
	if err != nil {
		t.Fatal(err)
	}
}

func load(t testing.TB, dir string) *config.Config {
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return cfg
}

// TestChecksAgainstPostgres runs every kind of check against a real
// PostgreSQL, with a missing table, a missing column, a query over the
// timeout and one that writes among them: those four fail with a message,
// the others still run, and one row lands in the service's snapshot.
func TestChecksAgainstPostgres(t *testing.T) {
	dsn := testsite.Postgres(t)
	setup(t, dsn)
	dir := testsite.Write(t, "-- site.toml --\n"+siteTOML)
	cfg := load(t, dir)
	env := func(k string) string {
		if k == "TEST_WAREHOUSE_DSN" {
			return dsn
		}
		return ""
	}
	now := testsite.Time(t, "2026-11-23T12:00:00Z")
	rep, err := Run(context.Background(), Options{Config: cfg, Now: now, Getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*Result{}
	for _, r := range rep.Results {
		got[r.Check.ID] = r
	}
	// Worked by hand from setup: newest loaded_at 11:50 → lag 600 s; in
	// the last day (12:00 the day before, exclusive of now) orders 1–10
	// loaded at 11:50, 09:50, … 17:50 the day before: all 10 (the 11th row
	// is 3 days old); nulls 2 of 11; id 3 twice → 1 duplicate; "lost" 1
	// rejected; paid 6 of 11.
	want := map[string]map[string]float64{
		"fresh": {"lag_s": 600}, "volume": {"rows": 10}, "schema": {"schema_changes": 0},
		"customer-nulls": {"null_rate_customer_id": 2.0 / 11}, "id-unique": {"duplicates_id": 1},
		"status-values": {"rejected_status": 1}, "paid-ok": {"good": 6, "total": 11},
	}
	for id, vals := range want {
		r := got[id]
		if !r.OK {
			t.Errorf("%s failed: %s", id, r.Error)
			continue
		}
		for k, v := range vals {
			if r.Values[k] != v {
				t.Errorf("%s: %s = %v, want %v", id, k, r.Values[k], v)
			}
		}
	}
	fails := map[string]string{
		"missing-table":  `relation "ordres" does not exist`,
		"missing-column": `column "loaded" does not exist`,
		"slow":           "ran longer than statement_timeout (1s)",
		"writes":         "read-only",
	}
	for id, msg := range fails {
		r := got[id]
		if r.OK || !strings.Contains(r.Error, msg) {
			t.Errorf("%s: ok %v, error %q, want it to say %q", id, r.OK, r.Error, msg)
		}
		if !strings.HasPrefix(r.Where(), "site.toml:") || strings.HasPrefix(r.Where(), "site.toml:0:") {
			t.Errorf("%s: where %q names no line", id, r.Where())
		}
	}
	if rep.Failed() != 4 {
		t.Errorf("%d failed, want 4", rep.Failed())
	}
	// The table was not written to.
	db, _ := sql.Open("pgx", dsn)
	defer db.Close()
	var n int
	if err := db.QueryRow("select count(*) from orders").Scan(&n); err != nil || n != 11 {
		t.Errorf("orders holds %d rows (%v), want 11", n, err)
	}
	// One row in the snapshot, read back by the snapshot reader's rules.
	if len(rep.Files) != 1 || rep.Files[0].Added != 1 {
		t.Fatalf("files %+v", rep.Files)
	}
	text, _ := os.ReadFile(rep.Files[0].Path)
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "time,lag_s,rows,schema_changes,null_rate_customer_id,duplicates_id,rejected_status,good,total,rows_ordres,lag_loaded,slow,written,checks_failed,check_errors") ||
		!strings.HasPrefix(lines[1], "2026-11-23T12:00:00Z,600,10,0,0.18181818181818182,1,1,6,11,,,,,4,") {
		t.Errorf("snapshot:\n%s", text)
	}
	// The schema was recorded, with no change on the first run.
	var sf SchemaFile
	mustJSON(t, filepath.Join(dir, "content/schemas/orders/public.orders.json"), &sf)
	if len(sf.Columns) != 5 || sf.Columns[4] != (Column{"amount", "numeric"}) {
		t.Errorf("schema %+v", sf)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/schemas/orders/public.orders.changes.csv")); err == nil {
		t.Error("a change log on the first run")
	}

	// Drop a column, add an expected one: the next run logs both, counts
	// one unexpected change and writes a draft incident.
	if _, err := db.Exec("alter table orders drop column amount; alter table orders add column note text"); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	rep, err = Run(context.Background(), Options{Config: cfg, Now: later, Getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	var sch *Result
	for _, r := range rep.Results {
		if r.Check.ID == "schema" {
			sch = r
		}
	}
	if !sch.OK || sch.Values["schema_changes"] != 1 || len(sch.Changes) != 2 {
		t.Fatalf("schema: %+v", sch)
	}
	var ds diag.Diagnostics
	changes := metrics.ReadChanges(cfg, "orders", &ds)
	if len(ds) != 0 || len(changes) != 2 ||
		changes[0] != (metrics.SchemaChange{Time: later, Table: "public.orders", Change: "removed", Column: "amount", OldType: "numeric"}) ||
		changes[1] != (metrics.SchemaChange{Time: later, Table: "public.orders", Change: "added", Column: "note", NewType: "text", Expected: true}) {
		t.Errorf("changes %+v %v", changes, ds)
	}
	draft := filepath.Join(dir, "incidents/2026-11-23-schema-change-orders-public-orders.md")
	body, err := os.ReadFile(draft)
	if err != nil || !strings.Contains(string(body), "draft = true") || !strings.Contains(string(body), "| removed | `amount` | numeric | – | no |") ||
		!strings.Contains(string(body), `services = ["orders"]`) || !strings.Contains(string(body), "started = 2026-11-23T13:00:00Z") {
		t.Errorf("draft (%v):\n%s", err, body)
	}
	// An engineer edits the draft; another change the same day never
	// overwrites it.
	os.WriteFile(draft, []byte("edited"), 0o644)
	if _, err := db.Exec("alter table orders add column amount2 numeric"); err != nil {
		t.Fatal(err)
	}
	rep, err = Run(context.Background(), Options{Config: cfg, Now: later.Add(time.Hour), Getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(draft); string(b) != "edited" || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "exists already") {
		t.Errorf("draft %q, notes %v", b, rep.Notes)
	}
	// Nothing anywhere holds the password.
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if info != nil && !info.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "secret-pw") {
				t.Errorf("%s holds the password", p)
			}
		}
		return nil
	})
}

// A refused connection fails every check with the reason, and still
// writes the row; the connection string is not in the message.
func TestRefusedConnection(t *testing.T) {
	dir := testsite.Write(t, "-- site.toml --\n"+siteTOML)
	cfg := load(t, dir)
	dsn := "postgres://postgres:hunter22@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2"
	rep, err := Run(context.Background(), Options{Config: cfg, Now: testsite.Time(t, "2026-11-23T12:00:00Z"),
		Getenv: func(string) string { return dsn }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() != len(rep.Results) || len(rep.Results) != 11 {
		t.Fatalf("%d of %d failed", rep.Failed(), len(rep.Results))
	}
	for _, r := range rep.Results {
		if !strings.Contains(r.Error, "cannot connect") || strings.Contains(r.Error, "hunter22") {
			t.Errorf("%s: %q", r.Check.ID, r.Error)
		}
	}
	text, _ := os.ReadFile(rep.Files[0].Path)
	if strings.Contains(string(text), "hunter22") || !strings.Contains(string(text), ",11,") {
		t.Errorf("snapshot:\n%s", text)
	}
	// No environment variable: the run stops and says which one to set.
	_, err = Run(context.Background(), Options{Config: cfg, Now: time.Now(), Getenv: func(string) string { return "" }})
	if err == nil || !strings.Contains(err.Error(), "TEST_WAREHOUSE_DSN is empty or not set") || !strings.Contains(err.Error(), "site.toml:3:") {
		t.Errorf("err %v", err)
	}
}

func mustJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
