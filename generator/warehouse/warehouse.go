// Package warehouse runs the data checks of site.toml ([[service.check]])
// against a warehouse through database/sql, and appends each service's
// results as one snapshot row through metrics; schema checks also keep
// content/schemas/<service>/<table>.json and a change log beside it.
//
// PostgreSQL (and what speaks its protocol) is reached through pgx's
// database/sql driver; another warehouse is another driver name. Every
// query runs in a read-only transaction with a statement timeout, at most
// [warehouse] concurrency at once. A query that fails makes a failed check
// (its status and error text in the row), never a failed run; the
// connection string never appears in any output.
package warehouse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/metrics"
)

// Options says what to check.
type Options struct {
	Config   *config.Config
	Now      time.Time           // the time of the rows written; the checks' "now"
	Getenv   func(string) string // the environment (os.Getenv)
	Services []string            // only these services; all with checks when empty
	DryRun   bool                // run the queries, write nothing
}

// Result is one check's outcome.
type Result struct {
	Service string
	Check   *config.Check
	OK      bool
	Values  map[string]float64 // by snapshot column; absent when the check failed
	Error   string             // why it failed, without the connection string
	// Schema is the table's columns (schema checks).
	Schema  []Column
	Changes []metrics.SchemaChange // schema changes seen by this run
	// DB is the time spent waiting for the database.
	DB time.Duration
}

// Where names the check in messages: site.toml:line: service/check.
func (r *Result) Where() string {
	return fmt.Sprintf("%s:%d: %s/%s", r.Check.File, r.Check.Line, r.Service, r.Check.ID)
}

// Report is what a run did.
type Report struct {
	Results []*Result
	Files   []metrics.MonthFile
	Written []string // schema files and draft incidents written, relative to the site
	// Notes are things to tell the user that are not failures (a draft
	// incident left out because one is there already).
	Notes []string
	Wall  time.Duration // the whole step
	// Queries is the part of Wall from the first query to the last
	// answer (connecting included); the rest is reading site.toml's
	// checks, the schema files and appending the rows.
	Queries time.Duration
	DB      time.Duration // summed over checks: time waiting for the database
}

// Failed counts the failed checks.
func (r *Report) Failed() int {
	n := 0
	for _, x := range r.Results {
		if !x.OK {
			n++
		}
	}
	return n
}

// Run runs the checks of every service (or of opts.Services) and appends
// their rows. Its error is for what stops the whole step (no [warehouse],
// no connection string in the environment, a snapshot that cannot be
// written); a check that fails is a Result.
func Run(ctx context.Context, opts Options) (*Report, error) {
	start := time.Now()
	cfg := opts.Config
	w := cfg.Warehouse
	if w == nil {
		return nil, fmt.Errorf("%s: no [warehouse] table; add one with dsn_env naming the environment variable that holds the connection string (docs/checks.md)", cfg.RelFile())
	}
	var svcs []*config.Service
	for _, s := range cfg.Services {
		if len(s.Checks) > 0 && (len(opts.Services) == 0 || contains(opts.Services, s.ID)) {
			svcs = append(svcs, s)
		}
	}
	for _, id := range opts.Services {
		if s := cfg.Service(id); s == nil || len(s.Checks) == 0 {
			return nil, fmt.Errorf("no service %q with a [[service.check]] in %s", id, cfg.RelFile())
		}
	}
	dsn := ""
	if opts.Getenv != nil {
		dsn = opts.Getenv(w.DSNEnv)
	}
	if dsn == "" {
		return nil, fmt.Errorf("%s:%d: [warehouse] dsn_env: the environment variable %s is empty or not set; set it to the connection string (e.g. as a secret of the workflow)",
			cfg.RelFile(), cfg.Line("warehouse", "dsn_env"), w.DSNEnv)
	}
	sc := newScrubber(dsn)
	now := opts.Now.UTC().Truncate(time.Second)
	rep := &Report{}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		// Every check fails with the reason; nothing stops here.
		for _, s := range svcs {
			for _, k := range s.Checks {
				rep.Results = append(rep.Results, &Result{Service: s.ID, Check: k, Error: "cannot open the connection: " + sc.scrub(err.Error())})
			}
		}
	} else {
		defer db.Close()
		db.SetMaxOpenConns(w.Concurrency)
		db.SetMaxIdleConns(w.Concurrency)
		q := time.Now()
		rep.Results = runAll(ctx, db, w, svcs, now, sc)
		rep.Queries = time.Since(q)
	}
	for _, r := range rep.Results {
		rep.DB += r.DB
	}
	// The schema files first, so a row's schema_changes matches them.
	for _, s := range svcs {
		if err := recordSchemas(cfg, s, rep, now, opts.DryRun); err != nil {
			return rep, err
		}
	}
	for _, s := range svcs {
		files, err := appendRow(cfg, s, rep.Results, now, opts.DryRun)
		rep.Files = append(rep.Files, files...)
		if err != nil {
			return rep, err
		}
	}
	rep.Wall = time.Since(start)
	return rep, nil
}

// runAll runs every check, at most w.Concurrency at once; results keep
// site.toml's order.
func runAll(ctx context.Context, db *sql.DB, w *config.Warehouse, svcs []*config.Service, now time.Time, sc scrubber) []*Result {
	var out []*Result
	for _, s := range svcs {
		for _, k := range s.Checks {
			out = append(out, &Result{Service: s.ID, Check: k})
		}
	}
	sem := make(chan struct{}, w.Concurrency)
	var wg sync.WaitGroup
	for _, r := range out {
		wg.Add(1)
		sem <- struct{}{}
		go func(r *Result) {
			defer wg.Done()
			defer func() { <-sem }()
			runCheck(ctx, db, w, r, now, sc)
		}(r)
	}
	wg.Wait()
	return out
}

// runCheck runs one check's query in a read-only transaction.
func runCheck(ctx context.Context, db *sql.DB, w *config.Warehouse, r *Result, now time.Time, sc scrubber) {
	// The client gives up a little after the server should have.
	ctx, cancel := context.WithTimeout(ctx, w.TimeoutDur+5*time.Second)
	defer cancel()
	t0 := time.Now()
	defer func() { r.DB = time.Since(t0) }()
	fail := func(err error) {
		r.OK, r.Values = false, nil
		r.Error = sc.scrub(describe(err, w))
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		fail(err)
		return
	}
	defer tx.Rollback()
	ms := strconv.FormatInt(w.TimeoutDur.Milliseconds(), 10)
	if _, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = "+ms); err != nil {
		fail(err)
		return
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL TimeZone = 'UTC'"); err != nil {
		fail(err)
		return
	}
	k := r.Check
	var v sql.NullFloat64
	switch k.Kind {
	case config.CheckFreshness:
		err = tx.QueryRowContext(ctx, fmt.Sprintf("SELECT extract(epoch FROM ($1::timestamptz - max(%s)))::float8 FROM %s",
			ident(k.Column), table(k.Table)), now).Scan(&v)
		if err == nil && !v.Valid {
			err = errors.New("the table has no rows, so there is no newest " + k.Column)
		}
		if err == nil && v.Float64 < 0 {
			v.Float64 = 0 // data stamped in the future is fresh, not negatively old
		}
	case config.CheckVolume:
		err = tx.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*)::float8 FROM %s WHERE %s >= $1::timestamptz AND %s < $2::timestamptz",
			table(k.Table), ident(k.Column), ident(k.Column)), now.Add(-k.PeriodDur), now).Scan(&v)
	case config.CheckNullRate:
		err = tx.QueryRowContext(ctx, fmt.Sprintf("SELECT (count(*) FILTER (WHERE %s IS NULL))::float8 / nullif(count(*), 0) FROM %s",
			ident(k.Column), table(k.Table))).Scan(&v)
		if err == nil && !v.Valid {
			err = errors.New("the table has no rows, so it has no null rate")
		}
	case config.CheckUnique:
		cols := make([]string, len(k.Columns))
		for i, c := range k.Columns {
			cols[i] = ident(c)
		}
		key := strings.Join(cols, ", ")
		err = tx.QueryRowContext(ctx, fmt.Sprintf("SELECT coalesce(sum(n - 1), 0)::float8 FROM (SELECT count(*) AS n FROM %s GROUP BY %s HAVING count(*) > 1) AS dup",
			table(k.Table), key)).Scan(&v)
	case config.CheckAcceptedValues:
		err = tx.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*)::float8 FROM %s WHERE %s IS NOT NULL AND NOT (%s::text = ANY($1::text[]))",
			table(k.Table), ident(k.Column), ident(k.Column)), k.Values).Scan(&v)
	case config.CheckSchema:
		r.Schema, err = readSchema(ctx, tx, k.Table)
		v = sql.NullFloat64{Float64: 0, Valid: true} // the count of unexpected changes, set when they are recorded
	case config.CheckSQL:
		var vals []float64
		vals, err = customSQL(ctx, tx, k)
		if err == nil {
			r.OK, r.Values = true, map[string]float64{}
			for i, m := range k.Metrics {
				r.Values[m] = vals[i]
			}
			return
		}
	}
	if err != nil {
		fail(err)
		return
	}
	r.OK, r.Values = true, map[string]float64{k.Metric: v.Float64}
}

// customSQL runs a check's own query: one row of one or two numbers.
func customSQL(ctx context.Context, tx *sql.Tx, k *config.Check) ([]float64, error) {
	rows, err := tx.QueryContext(ctx, k.SQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if len(cols) != len(k.Metrics) {
		return nil, fmt.Errorf("the query returns %d columns, but metrics names %d; return exactly %s", len(cols), len(k.Metrics), strings.Join(k.Metrics, ", "))
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, errors.New("the query returned no row; it must return exactly one")
	}
	vals := make([]sql.NullFloat64, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("the query's row is not numbers: %v", err)
	}
	if rows.Next() {
		return nil, errors.New("the query returned more than one row; it must return exactly one")
	}
	out := make([]float64, len(vals))
	for i, v := range vals {
		if !v.Valid {
			return nil, fmt.Errorf("the query returned NULL for %s", k.Metrics[i])
		}
		out[i] = v.Float64
	}
	if len(out) == 2 && (out[0] > out[1] || out[0] < 0) {
		return nil, fmt.Errorf("good %v is not between 0 and total %v", out[0], out[1])
	}
	return out, rows.Err()
}

// describe turns a driver error into a sentence that says what to change.
func describe(err error, w *config.Warehouse) string {
	msg := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "statement timeout"):
		return fmt.Sprintf("the query ran longer than statement_timeout (%s) and was cancelled; make it cheaper (an index on the column) or raise [warehouse] statement_timeout", w.TimeoutDur)
	case strings.Contains(msg, "SQLSTATE 42P01"):
		return msg + " (the table is missing: check table in site.toml)"
	case strings.Contains(msg, "SQLSTATE 42703"):
		return msg + " (the column is missing: check column in site.toml)"
	case strings.Contains(msg, "SQLSTATE 25006"):
		return msg + " (checks run read-only; a query may not write)"
	case strings.Contains(msg, "connect"):
		return "cannot connect to the warehouse: " + msg
	}
	return msg
}

// table quotes schema.table; names were checked against a plain
// identifier pattern when site.toml was read.
func table(t string) string {
	return pgx.Identifier(strings.Split(t, ".")).Sanitize()
}

func ident(c string) string { return pgx.Identifier{c}.Sanitize() }

// scrubber removes the connection string and its password from messages.
type scrubber struct{ secrets []string }

func newScrubber(dsn string) scrubber {
	s := scrubber{secrets: []string{dsn}}
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			s.secrets = append(s.secrets, p, url.QueryEscape(p))
		}
	}
	if c, err := pgx.ParseConfig(dsn); err == nil && c.Password != "" {
		s.secrets = append(s.secrets, c.Password)
	}
	sort.Slice(s.secrets, func(i, j int) bool { return len(s.secrets[i]) > len(s.secrets[j]) })
	return s
}

func (s scrubber) scrub(msg string) string {
	for _, x := range s.secrets {
		if len(x) >= 3 {
			msg = strings.ReplaceAll(msg, x, "[hidden]")
		}
	}
	return strings.Join(strings.Fields(msg), " ")
}

// columnsOf is the header of a service's check rows: time, each check's
// columns in site.toml order, checks_failed and check_errors.
func columnsOf(s *config.Service) []string {
	cols := []string{"time"}
	for _, k := range s.Checks {
		cols = append(cols, k.OutputColumns()...)
	}
	return append(cols, "checks_failed", "check_errors")
}

// filePrefix names a service's check files by their columns, so a change
// of checks starts new files instead of clashing with the old header:
// checks-<8 hex>-<YYYY-MM>.csv.
func filePrefix(cols []string) string {
	h := sha256.Sum256([]byte(strings.Join(cols, ",")))
	return "checks-" + hex.EncodeToString(h[:4]) + "-"
}

// appendRow appends a service's row of results.
func appendRow(cfg *config.Config, s *config.Service, results []*Result, now time.Time, dryRun bool) ([]metrics.MonthFile, error) {
	cols := columnsOf(s)
	vals := map[string]string{}
	failed := 0
	var errs []string
	for _, r := range results {
		if r.Service != s.ID {
			continue
		}
		if !r.OK {
			failed++
			errs = append(errs, r.Check.ID+": "+r.Error)
			continue
		}
		for c, v := range r.Values {
			vals[c] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	vals["checks_failed"] = strconv.Itoa(failed)
	vals["check_errors"] = strings.Join(errs, "; ")
	dir := filepath.Join(cfg.Dir, "content", "metrics", s.ID)
	return metrics.AppendMetricsPrefixed(cfg.Dir, dir, filePrefix(cols), cols, []metrics.MetricRow{{Time: now, Values: vals}}, dryRun)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
