package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/metrics"
)

// realData is ../shared/realdata beside the repository: files from public
// repositories that CI provides. The counts below are the ones
// docs/migrating.md reports.
func realData(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "realdata"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the real-data folder is missing (%v); CI provides ../shared/realdata beside the repository", err)
	}
	return dir
}

func TestRealDataImports(t *testing.T) {
	rd := realData(t)
	s := newSite(t, map[string]string{})
	ctx := context.Background()
	check := func(name string, sum *Summary, imported, skipped, notes int) {
		t.Helper()
		if sum.NImported != imported || sum.NSkipped != skipped || len(sum.Notes) != notes {
			t.Errorf("%s: imported %d, skipped %d, %d notes; want %d, %d, %d\n%v\n%v", name,
				sum.NImported, sum.NSkipped, len(sum.Notes), imported, skipped, notes, sum.Skipped, sum.Notes)
		}
	}
	var sum Summary
	if err := s.ImportStatuspage(ctx, filepath.Join(rd, "statuspage", "github-incidents"), StatuspageOptions{}, &sum); err != nil {
		t.Fatal(err)
	}
	check("statuspage", &sum, 70, 0, 9) // no service matches: 9 distinct components
	// Three of 2020 end before they start (qb2vmff9bnf5, nk9gdvl03ztg,
	// qrrdvssfmrs2): drafts, not incidents open for years.
	if n := sum.Drafts["resolved before started; fix resolved and remove draft"]; n != 3 {
		t.Errorf("statuspage drafts: %v, want 3 resolved before started", sum.Drafts)
	}
	sum = Summary{}
	if err := s.ImportCState(filepath.Join(rd, "postmortems", "cstate-jenkins-infra-status"), false, &sum); err != nil {
		t.Fatal(err)
	}
	check("cstate", &sum, 13, 0, 37) // 32 affected names, 4 maintenance-like, 1 repeated title
	loadIncidents(t, s)              // all 83 parse

	up := filepath.Join(rd, "upptime", "seklfreak-upptime")
	sum = Summary{}
	sites, err := s.UpptimeSites(up, &sum)
	if err != nil || len(sites) != 5 {
		t.Fatalf("upptime sites: %d, %v", len(sites), err)
	}
	if err := s.ImportUpptime(up, sites, UpptimeOptions{HistoryCSV: filepath.Join(rd, "upptime", "seklfreak-upptime-status-history.csv")}, &sum); err != nil {
		t.Fatal(err)
	}
	check("upptime", &sum, 2939, 0, 0) // sites from .upptimerc.yml, history from the CSV

	sum = Summary{}
	if err := s.ImportDBT(filepath.Join(rd, "pipeline", "dbt"), PipelineOptions{Service: "api"}, &sum); err != nil {
		t.Fatal(err)
	}
	// elapsed_time 38.73419785499573 s, to the millisecond.
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/api/2024-12.csv")); got != "time,good,total,duration_s\n2024-12-16T07:45:32Z,61,61,38.734\n" {
		t.Errorf("dbt: %s", got)
	}
	runs, err := metrics.ReadRunDetails(s.Config.Dir, s.MetricsDir("api"), time.Time{}, time.Time{})
	if err != nil || len(runs) != 1 || len(runs[0].Items) != 61 {
		t.Fatalf("dbt details: %v %+v", err, runs)
	}
	models, failed := 0, 0
	for _, c := range runs[0].Items {
		if c.Kind == "model" && c.DurationS != nil {
			models++
		}
		if c.Failed {
			failed++
		}
	}
	if models != 36 || failed != 0 || runs[0].Run != "cfbc1db9-66c1-46c2-a94b-8c0cef32314f" {
		t.Errorf("dbt details: %d models with a duration, %d failed", models, failed)
	}
	sum = Summary{}
	if err := s.ImportGreatExpectations(filepath.Join(rd, "pipeline", "great_expectations"), PipelineOptions{Service: "web"}, &sum); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/web/2019-07.csv")); got != "time,good,total\n2019-07-31T11:08:07Z,13,15\n" {
		t.Errorf("great expectations: %s", got)
	}
	runs, err = metrics.ReadRunDetails(s.Config.Dir, s.MetricsDir("web"), time.Time{}, time.Time{})
	if err != nil || len(runs) != 1 || len(runs[0].Items) != 15 {
		t.Fatalf("great expectations details: %v %+v", err, runs)
	}
	var names []string
	for _, c := range runs[0].Items {
		if c.Failed {
			names = append(names, c.Name)
		}
	}
	if strings.Join(names, ", ") != "expect_column_values_to_be_in_set(id), expect_column_values_to_be_in_set(name)" || runs[0].Name != "BasicDatasetProfiler" {
		t.Errorf("great expectations failed: %v", names)
	}
	if !strings.Contains(readAll(t, filepath.Join(s.Config.Dir, "content/metrics/broken-site/2021-01.csv")), ",down,,") {
		t.Error("broken-site should be down in its history")
	}
}
