package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// BenchmarkCheckData runs 50 checks (every kind) against a local
// PostgreSQL holding two tables of 1 million rows each, 4 queries at a
// time, and reports the median wall time of the whole check step and the
// share of it spent waiting for the database (from the first query to
// the last answer). The server is the tests' own (testsite.Postgres).
//
//	go test ./generator/warehouse -run '^$' -bench CheckData -benchtime 5x
func BenchmarkCheckData(b *testing.B) {
	dsn := testsite.Postgres(b)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, tbl := range []string{"orders", "events"} {
		_, err := db.Exec(fmt.Sprintf(`
create table %[1]s (id bigint, customer_id bigint, status text, amount numeric, loaded_at timestamptz);
insert into %[1]s select i, case when i %% 97 = 0 then null else i %% 50000 end,
  (array['new','paid','shipped','returned'])[1 + i %% 4], (i %% 1000) / 10.0,
  timestamptz '2026-11-23 12:00:00+00' - (i * interval '2 seconds')
  from generate_series(1, 1000000) i;
create index on %[1]s (loaded_at);
analyze %[1]s;`, tbl))
		if err != nil {
			b.Fatal(err)
		}
	}
	var toml strings.Builder
	toml.WriteString("-- site.toml --\n[warehouse]\ndsn_env = \"DWH\"\nconcurrency = 4\nstatement_timeout = \"60s\"\n")
	n := 0
	for s := 0; s < 5; s++ {
		tbl := []string{"orders", "events"}[s%2]
		fmt.Fprintf(&toml, "[[service]]\nid = \"svc-%d\"\n", s)
		kinds := []string{
			`kind = "freshness"` + "\ncolumn = \"loaded_at\"",
			`kind = "volume"` + "\ncolumn = \"loaded_at\"\nperiod = \"1d\"",
			`kind = "volume"` + "\ncolumn = \"loaded_at\"\nperiod = \"7d\"\nmetric = \"rows_7d\"",
			`kind = "schema"`,
			`kind = "null_rate"` + "\ncolumn = \"customer_id\"",
			`kind = "null_rate"` + "\ncolumn = \"status\"",
			`kind = "unique"` + "\ncolumns = [\"id\"]",
			`kind = "accepted_values"` + "\ncolumn = \"status\"\nvalues = [\"new\", \"paid\", \"shipped\"]",
			`kind = "sql"` + "\nsql = \"select count(*) filter (where amount > 0), count(*) from " + tbl + "\"\nmetrics = [\"good\", \"total\"]",
			`kind = "sql"` + "\nsql = \"select avg(amount) from " + tbl + "\"\nmetrics = [\"avg_amount\"]",
		}
		for i, k := range kinds {
			fmt.Fprintf(&toml, "  [[service.check]]\n  id = \"c%d\"\n  table = \"%s\"\n  %s\n", i, tbl, strings.ReplaceAll(k, "\n", "\n  "))
			n++
		}
	}
	if n != 50 {
		b.Fatalf("%d checks", n)
	}
	cfg := load(b, testsite.Write(b, toml.String()))
	env := func(string) string { return dsn }
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	var walls []time.Duration
	var share float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Run(context.Background(), Options{Config: cfg, Now: now.Add(time.Duration(i) * time.Minute), Getenv: env})
		if err != nil || rep.Failed() > 0 {
			for _, r := range rep.Results {
				if !r.OK {
					b.Log(r.Where(), r.Error)
				}
			}
			b.Fatal(err)
		}
		walls = append(walls, rep.Wall)
		share += rep.Queries.Seconds() / rep.Wall.Seconds()
	}
	b.StopTimer()
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	b.ReportMetric(walls[len(walls)/2].Seconds(), "median-s/step")
	b.ReportMetric(100*share/float64(b.N), "%-in-db")
}
