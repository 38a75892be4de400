package github

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/github/githubtest"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/slo"
	"github.com/statusgen/statusgen/generator/testsite"
)

// alertSite writes a site whose orders-api samples every 5 minutes for
// the two days before testNow, down for the last downFor. warehouse is up
// throughout.
func alertSite(t *testing.T, downFor time.Duration) string {
	t.Helper()
	var orders, wh strings.Builder
	orders.WriteString("time,status\n")
	wh.WriteString("time,status\n")
	for ts := testNow.Add(-48 * time.Hour); ts.Before(testNow); ts = ts.Add(5 * time.Minute) {
		st := "up"
		if !ts.Before(testNow.Add(-downFor)) {
			st = "down"
		}
		fmt.Fprintf(&orders, "%s,%s\n", ts.Format(time.RFC3339), st)
		fmt.Fprintf(&wh, "%s,up\n", ts.Format(time.RFC3339))
	}
	return testsite.Write(t, "-- site.toml --\n"+testSite+
		"\n-- content/metrics/orders-api/2026-11.csv --\n"+orders.String()+
		"-- content/metrics/warehouse/2026-11.csv --\n"+wh.String())
}

func loadSite(t *testing.T, dir string, now time.Time) *site.Site {
	t.Helper()
	st, ds := site.Load(filepath.Join(dir, "site.toml"), now)
	if st == nil || ds.HasErrors() {
		t.Fatalf("load: %v", ds)
	}
	return st
}

func changesText(cs []AlertChange) string {
	var s []string
	for _, c := range cs {
		s = append(s, fmt.Sprintf("%s %s #%d [%s]", c.Action, c.Key, c.Issue, c.Firing))
	}
	return strings.Join(s, "; ")
}

func TestAlertOpensCommentsAndCloses(t *testing.T) {
	c, srv, _ := newTestClient(t)
	ctx := context.Background()
	repo := Repo{"acme", "status"}
	// An unrelated open issue with the label but no marker is left alone.
	srv.AddIssue("acme/status", &githubtest.Issue{Title: "Tune the alert thresholds", Labels: []string{"slo-alert"}, CreatedAt: testNow.Add(-time.Hour)})

	// The last 2 hours down. Burn rates (objective 99.9%, budget 0.001):
	// 5m, 30m, 1h, 2h: all bad → 1/0.001 = 1000; 6h: 2/6 bad → 333.33;
	// 3d: 2h of the 48h with data → 41.67. Thresholds for a 28d window
	// (672h): 1h rule 0.02×672/1 = 13.44, 6h rule 0.05×672/6 = 5.6, 3d
	// rule 0.1×672/72 = 0.9333. All three fire.
	dir := alertSite(t, 2*time.Hour)
	st := loadSite(t, dir, testNow)
	changes, err := c.SyncAlerts(ctx, AlertOptions{Repo: repo, Site: st})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := changesText(changes), "open orders-api/availability #2 [page:1h/5m,page:6h/30m,ticket:3d/6h]"; got != want {
		t.Fatalf("first run: %s\nwant %s", got, want)
	}
	is := srv.Issue("acme/status", 2)
	for _, want := range []string{
		"The error budget of **availability** (`availability`) of **Orders API**",
		"| page | 1h: 1000 | 5m: 1000 | 13.44 | **yes** |",
		"| page | 6h: 333.33 | 30m: 1000 | 5.6 | **yes** |",
		"| ticket | 3d: 41.67 | 6h: 333.33 | 0.9333 | **yes** |",
		"Service page: https://status.example.com/services/orders-api/",
		"Owner: Payments team",
		"<!-- statusgen:alert orders-api/availability -->",
		"<!-- statusgen:firing page:1h/5m,page:6h/30m,ticket:3d/6h -->",
	} {
		if !strings.Contains(is.Body, want) {
			t.Errorf("issue body lacks %q:\n%s", want, is.Body)
		}
	}
	if is.Title != "SLO alert: Orders API / availability is burning its error budget" || strings.Join(is.Labels, ",") != "slo-alert" {
		t.Errorf("issue = %q %v", is.Title, is.Labels)
	}

	// Run twice: nothing changes.
	writes := srv.WriteCount()
	changes, err = c.SyncAlerts(ctx, AlertOptions{Repo: repo, Site: st})
	if err != nil {
		t.Fatal(err)
	}
	if got := changesText(changes); got != "unchanged orders-api/availability #2 [page:1h/5m,page:6h/30m,ticket:3d/6h]" || srv.WriteCount() != writes {
		t.Errorf("second run: %s, %d writes", got, srv.WriteCount()-writes)
	}

	// Three hours later, up again since testNow: 5m..2h burn 0; 6h holds
	// 2h bad of 6h → 333.33 but its 30m short window burns 0, so the 6h
	// rule stops; 3d holds 2h bad of the 51h with data → 39.2 ≥ 0.9333
	// and its 6h short window 333.33 ≥ 0.9333: the ticket rule still
	// fires. The set changed: one comment.
	later := testNow.Add(3 * time.Hour)
	dir2 := alertSiteRecovered(t, later)
	st = loadSite(t, dir2, later)
	changes, err = c.SyncAlerts(ctx, AlertOptions{Repo: repo, Site: st})
	if err != nil {
		t.Fatal(err)
	}
	if got := changesText(changes); got != "comment orders-api/availability #2 [ticket:3d/6h]" {
		t.Fatalf("third run: %s", got)
	}
	if cs := srv.Issue("acme/status", 2).Comments; len(cs) != 1 || !strings.HasPrefix(cs[0].Body, "Now firing: ticket 3d/6h (was: page 1h/5m, page 6h/30m, ticket 3d/6h).") {
		t.Errorf("comments = %+v", cs)
	}
	changes, _ = c.SyncAlerts(ctx, AlertOptions{Repo: repo, Site: st})
	if got := changesText(changes); !strings.HasPrefix(got, "unchanged") {
		t.Errorf("fourth run: %s", got)
	}

	// All good: the issue gets a last comment and is closed; a second
	// run finds nothing open.
	st = loadSite(t, alertSite(t, 0), testNow)
	changes, err = c.SyncAlerts(ctx, AlertOptions{Repo: repo, Site: st})
	if err != nil {
		t.Fatal(err)
	}
	if got := changesText(changes); got != "close orders-api/availability #2 []" {
		t.Fatalf("recovery: %s", got)
	}
	is = srv.Issue("acme/status", 2)
	if is.State != "closed" || len(is.Comments) != 2 || !strings.HasPrefix(is.Comments[1].Body, "Stopped firing at 2026-11-23T12:00:00Z (was: ticket 3d/6h).") {
		t.Errorf("issue after recovery: %s, comments %d: %q", is.State, len(is.Comments), is.Comments[len(is.Comments)-1].Body)
	}
	writes = srv.WriteCount()
	changes, _ = c.SyncAlerts(ctx, AlertOptions{Repo: repo, Site: st})
	if len(changes) != 0 || srv.WriteCount() != writes {
		t.Errorf("after close: %s, %d writes", changesText(changes), srv.WriteCount()-writes)
	}
	if srv.Issue("acme/status", 1).State != "open" || len(srv.Issue("acme/status", 1).Comments) != 0 {
		t.Error("the issue without a marker was touched")
	}
}

// alertSiteRecovered: down from testNow−2h to testNow, up again until
// later (testNow+3h).
func alertSiteRecovered(t *testing.T, later time.Time) string {
	t.Helper()
	var orders strings.Builder
	orders.WriteString("time,status\n")
	for ts := testNow.Add(-48 * time.Hour); ts.Before(later); ts = ts.Add(5 * time.Minute) {
		st := "up"
		if !ts.Before(testNow.Add(-2*time.Hour)) && ts.Before(testNow) {
			st = "down"
		}
		fmt.Fprintf(&orders, "%s,%s\n", ts.Format(time.RFC3339), st)
	}
	return testsite.Write(t, "-- site.toml --\n"+testSite+"\n-- content/metrics/orders-api/2026-11.csv --\n"+orders.String())
}

func TestAlertDryRunAndRateLimitedWrites(t *testing.T) {
	c, srv, clk := newTestClient(t)
	ctx := context.Background()
	st := loadSite(t, alertSite(t, 2*time.Hour), testNow)
	changes, err := c.SyncAlerts(ctx, AlertOptions{Repo: Repo{"acme", "status"}, Site: st, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := changesText(changes); got != "open orders-api/availability #0 [page:1h/5m,page:6h/30m,ticket:3d/6h]" || srv.WriteCount() != 0 {
		t.Errorf("dry run: %s, %d writes", got, srv.WriteCount())
	}
	// The list passes; the create is rate limited twice and repeated with
	// its body: one issue, not two, not none.
	srv.RateLimitNextOn("POST", "secondary", "429")
	if _, err := c.SyncAlerts(ctx, AlertOptions{Repo: Repo{"acme", "status"}, Site: st}); err != nil {
		t.Fatal(err)
	}
	if got := len(srv.Issues("acme/status")); got != 1 || !strings.Contains(srv.Issue("acme/status", 1).Body, "statusgen:alert orders-api/availability") {
		t.Errorf("%d issues after a rate-limited run", got)
	}
	if len(clk.waits) != 2 || clk.waits[0] != 7*time.Second || clk.waits[1] != 3*time.Second {
		t.Errorf("waits = %v", clk.waits)
	}
}

// A runs rule reads as such in the issue body, not as spans.
func TestAlertBodyRunsRule(t *testing.T) {
	o := &site.SLOReport{SLOConfig: &config.SLOConfig{ID: "runs", Name: "Runs succeed"}, Alerts: []slo.Alert{
		{Severity: "page", Kind: slo.KindRuns, FailedRuns: 3, OfLast: 3, Failed: 3, Firing: true, Rule: "3 failed runs in a row"},
	}}
	svc := &site.ServiceReport{Service: &config.Service{ID: "dbt", Name: "dbt"}}
	st := &site.Site{Config: &config.Config{}}
	body := alertBody(st, firingAlert{svc: svc, slo: o})
	if !strings.Contains(body, "| page | 3 failed runs in a row: 3 of the last 3 failed | | | **yes** |") {
		t.Errorf("body:\n%s", body)
	}
}
