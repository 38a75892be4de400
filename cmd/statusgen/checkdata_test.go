package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/statusgen/statusgen/generator/testsite"
)

// check-data against a real PostgreSQL: the good check prints its value,
// the bad one its site.toml line and reason; the exit code is 0 (a failed
// check is a result, not a failed run) and the password is never printed.
func TestCheckDataCommand(t *testing.T) {
	dsn := testsite.Postgres(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("create table loads (loaded_at timestamptz); insert into loads values ('2026-11-23 11:40:00+00')"); err != nil {
		t.Fatal(err)
	}
	dir := testsite.Write(t, `-- site.toml --
[warehouse]
dsn_env = "DWH"
[[service]]
id = "etl"
  [[service.check]]
  id = "fresh"
  kind = "freshness"
  table = "loads"
  column = "loaded_at"
  [[service.check]]
  id = "gone"
  kind = "volume"
  table = "nowhere"
  column = "loaded_at"
  metric = "rows_nowhere"
`)
	code, out, errs := runCLI(t, map[string]string{"DWH": dsn}, "check-data", "-c", filepath.Join(dir, "site.toml"))
	if code != 0 || !strings.Contains(out, "etl/fresh") || !strings.Contains(out, "lag_s=1200") ||
		!strings.Contains(errs, `site.toml:12: etl/gone: ERROR: relation "nowhere" does not exist`) ||
		!strings.Contains(out, "2 checks run at 2026-11-23T12:00:00Z: 1 failed") {
		t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if strings.Contains(out+errs, "secret-pw") {
		t.Error("the password was printed")
	}
	// Without the variable: exit 1, naming it.
	code, _, errs = runCLI(t, nil, "check-data", "-c", filepath.Join(dir, "site.toml"))
	if code != exitInputs || !strings.Contains(errs, "DWH is empty or not set") {
		t.Errorf("code %d, stderr %s", code, errs)
	}
}
