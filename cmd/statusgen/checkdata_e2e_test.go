package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/testsite"
)

// From a PostgreSQL table to the published site: a daily load with a
// weekly pattern (weekdays 500 rows, weekends 100) for five weeks, 90% of
// a Wednesday's rows missing, and a column dropped before the run of day
// 30. check-data runs every day at 06:00 Berlin time (as the workflow
// would), then the site is built:
//   - the anomaly SLO is bad on that Wednesday and no other day (the
//     first three weeks are no data: too little history);
//   - the schema change is listed with its time on the service page and
//     in api/slo.json, and a draft incident holds the evidence.
func TestCheckDataToSite(t *testing.T) {
	dsn := testsite.Postgres(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := time.LoadLocation("Europe/Berlin")
	first := time.Date(2026, 10, 12, 0, 0, 0, 0, loc) // a Monday
	drop := time.Date(2026, 11, 11, 0, 0, 0, 0, loc)  // a Wednesday, day 30
	if _, err := db.Exec("create table loads (id bigserial, note text, loaded_at timestamptz)"); err != nil {
		t.Fatal(err)
	}
	for d := 0; d < 35; d++ {
		day := first.AddDate(0, 0, d)
		n := 500
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			n = 100
		}
		if day.Equal(drop) {
			n = 50
		}
		// The load runs at 03:00 local and takes a minute.
		at := day.Add(3 * time.Hour)
		if _, err := db.Exec("insert into loads (note, loaded_at) select 'x', $1::timestamptz + (i * interval '100 milliseconds') from generate_series(1, $2) i", at, n); err != nil {
			t.Fatal(err)
		}
	}
	dir := testsite.Write(t, `-- site.toml --
title = "E2E"
timezone = "Europe/Berlin"
[warehouse]
dsn_env = "DWH"
[[service]]
id = "loads"
interval = "1d"
  [[service.check]]
  id = "volume"
  kind = "volume"
  table = "loads"
  column = "loaded_at"
  period = "1d"
  [[service.check]]
  id = "schema"
  kind = "schema"
  table = "loads"
  incident = true
  [[service.slo]]
  id = "volume"
  indicator = "anomaly"
  column = "rows"
  season = "day_of_week"
  objective = 90
  window = "90d"
  min_coverage = 0
`)
	cfg := filepath.Join(dir, "site.toml")
	env := map[string]string{"DWH": dsn}
	for d := 0; d < 35; d++ {
		run := first.AddDate(0, 0, d).Add(6 * time.Hour) // 06:00: the day's 03:00 load is in the last 24 h
		if d == 30 {
			if _, err := db.Exec("alter table loads drop column note"); err != nil {
				t.Fatal(err)
			}
		}
		code, out, errs := runCLI(t, env, "check-data", "-c", cfg, "--now", run.UTC().Format(time.RFC3339))
		if code != 0 || strings.Contains(out, "FAILED") {
			t.Fatalf("day %d: code %d\n%s\n%s", d, code, out, errs)
		}
	}
	now := first.AddDate(0, 0, 36).Add(12 * time.Hour)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI(t, nil, "build", "-c", cfg, "-o", out, "--now", now.UTC().Format(time.RFC3339)); code != 0 {
		t.Fatalf("build: %s", errs)
	}
	var doc struct {
		Services []struct {
			SLOs []struct {
				Good, Total float64
			} `json:"slos"`
			SchemaChanges []map[string]any `json:"schema_changes"`
		} `json:"services"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "api", "slo.json"))
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	// 35 runs; the first 21 have fewer than 3 past weeks: 14 judged, 13 good.
	if s := doc.Services[0].SLOs[0]; s.Total != 14 || s.Good != 13 {
		t.Errorf("anomaly SLO %v of %v good, want 13 of 14", s.Good, s.Total)
	}
	// The bad day is the Wednesday of the drop, and only that day.
	st, ds := site.Load(cfg, now)
	if st == nil || ds.HasErrors() {
		t.Fatal(ds)
	}
	var bad []string
	for _, d := range st.DailySLI(st.Services[0], st.Services[0].SLOs[0]) {
		if d.SLI != nil && *d.SLI < 1 {
			bad = append(bad, d.Date.Format("2006-01-02 Mon"))
		}
	}
	if len(bad) != 1 || bad[0] != "2026-11-11 Wed" {
		t.Errorf("bad days %v, want [2026-11-11 Wed]", bad)
	}
	// The change was first seen by the run of day 30 (06:00 CET on 11 November = 05:00Z).
	sc := doc.Services[0].SchemaChanges
	if len(sc) != 1 || sc[0]["change"] != "removed" || sc[0]["column"] != "note" || sc[0]["time"] != "2026-11-11T05:00:00Z" || sc[0]["expected"] != false {
		t.Errorf("schema_changes %v", sc)
	}
	page, _ := os.ReadFile(filepath.Join(out, "services", "loads", "index.html"))
	for _, want := range []string{"column <code>note</code> removed (was text)", "rows per run"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("service page lacks %q", want)
		}
	}
	draft, err := os.ReadFile(filepath.Join(dir, "incidents", "2026-11-11-schema-change-loads-loads.md"))
	if err != nil || !strings.Contains(string(draft), "| removed | `note` | text | – | no |") {
		t.Errorf("draft incident (%v):\n%s", err, draft)
	}
}

// The deadline from the warehouse: an hourly volume check counts the rows
// that arrived in the last hour, and a deadline SLO on that column judges
// each day by the first run that saw some. Loads at 03:00 Berlin time on
// 2 and 4 November, at 11:00 on 3 November: the 3rd is late, and only the
// 3rd.
func TestCheckDataDeadline(t *testing.T) {
	dsn := testsite.Postgres(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := time.LoadLocation("Europe/Berlin")
	first := time.Date(2026, 11, 2, 0, 0, 0, 0, loc)
	if _, err := db.Exec("create table loads (loaded_at timestamptz)"); err != nil {
		t.Fatal(err)
	}
	for d, hour := range []int{3, 11, 3} {
		at := first.AddDate(0, 0, d).Add(time.Duration(hour)*time.Hour + 5*time.Minute)
		if _, err := db.Exec("insert into loads select $1::timestamptz from generate_series(1, 100)", at); err != nil {
			t.Fatal(err)
		}
	}
	dir := testsite.Write(t, `-- site.toml --
timezone = "Europe/Berlin"
[warehouse]
dsn_env = "DWH"
[[service]]
id = "loads"
interval = "1h"
  [[service.check]]
  kind = "volume"
  table = "loads"
  column = "loaded_at"
  period = "1h"
  metric = "rows_1h"
  [[service.slo]]
  id = "on-time"
  indicator = "deadline"
  deadline = "06:30"
  column = "rows_1h"
  objective = 90
  window = "7d"
  min_coverage = 0
`)
	cfg := filepath.Join(dir, "site.toml")
	env := map[string]string{"DWH": dsn}
	for h := 1; h <= 3*24; h++ { // hourly runs at :00, from 01:00 on the 2nd to 00:00 on the 5th
		run := first.Add(time.Duration(h) * time.Hour)
		if code, out, errs := runCLI(t, env, "check-data", "-c", cfg, "--now", run.UTC().Format(time.RFC3339)); code != 0 || strings.Contains(out, "FAILED") {
			t.Fatalf("run %s: %d\n%s\n%s", run, code, out, errs)
		}
	}
	now := first.AddDate(0, 0, 4).Add(5 * time.Hour) // the 6th at 05:00: 2–5 November are past 06:30, the 6th is not
	st, ds := site.Load(cfg, now)
	if st == nil || ds.HasErrors() {
		t.Fatal(ds)
	}
	var days []string
	for _, d := range st.DailySLI(st.Services[0], st.Services[0].SLOs[0]) {
		if d.SLI != nil {
			days = append(days, d.Date.Format("02")+map[bool]string{true: " on time", false: " late"}[*d.SLI == 1])
		}
	}
	// The 5th has no load (the runs stopped at 00:00): late, as a missing load is.
	want := []string{"02 on time", "03 late", "04 on time", "05 late"}
	if strings.Join(days, ", ") != strings.Join(want, ", ") {
		t.Errorf("days %v, want %v", days, want)
	}
}
