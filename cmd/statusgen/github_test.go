package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/github/githubtest"
	"github.com/statusgen/statusgen/generator/testsite"
)

const ghToken = "ghp_cliTEST_secret_value_42"

var ghNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const ghSite = `-- site.toml --
title = "Acme"
base_url = "https://status.example.com/"

[[service]]
id = "orders-api"
name = "Orders API"
owner = "Payments team"

  [[service.slo]]
  id = "availability"
  indicator = "status"
  objective = 99.9
`

func ghServer(t *testing.T) *githubtest.Server {
	t.Helper()
	srv := githubtest.New(func() time.Time { return ghNow })
	srv.Token = ghToken
	t.Cleanup(srv.Close)
	return srv
}

func ghEnv(srv *githubtest.Server) map[string]string {
	return map[string]string{"GITHUB_TOKEN": ghToken, "GITHUB_API_URL": srv.URL, "STATUSGEN_NOW": "2026-11-23T12:00:00Z"}
}

func noToken(t *testing.T, outs ...string) {
	t.Helper()
	for _, o := range outs {
		if strings.Contains(o, ghToken) {
			t.Errorf("output shows the token:\n%s", o)
		}
	}
}

func TestGitHubImportIssuesCommand(t *testing.T) {
	srv := ghServer(t)
	srv.AddIssue("acme/status", &githubtest.Issue{
		Title: "Orders API errors", Body: "Some orders failed.", Labels: []string{"incident", "severity/critical", "service/orders-api"},
		State: "closed", CreatedAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), ClosedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		Comments: []*githubtest.Comment{{Body: "Identified: a full disk.", CreatedAt: time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)}},
	})
	dir := testsite.Write(t, ghSite)
	env := ghEnv(srv)
	cfg := filepath.Join(dir, "site.toml")

	code, out, errs := runCLI(t, env, "github", "import-issues", "-c", cfg, "--repo", "acme/status", "--dry-run")
	if code != exitOK || !strings.Contains(out, "would create incidents/2026-11-20-orders-api-errors.md (from acme/status#1)") {
		t.Fatalf("dry run: %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "incidents")); !os.IsNotExist(err) {
		t.Fatal("the dry run wrote files")
	}

	code, out, errs = runCLI(t, env, "github", "import-issues", "--repo", "acme/status", "-c", cfg)
	if code != exitOK || !strings.Contains(out, "imported 1 issue from acme/status labelled \"incident\": 1 created, 0 updated, 0 unchanged") {
		t.Fatalf("import: %d\n%s%s", code, out, errs)
	}
	noToken(t, out, errs)
	// The imported file passes check.
	if code, out, errs := runCLI(t, env, "check", "-c", cfg); code != exitOK {
		t.Errorf("check after import: %d\n%s%s", code, out, errs)
	}
	// Twice: nothing changes.
	code, out, _ = runCLI(t, env, "github", "import-issues", "--repo", "acme/status", "-c", cfg)
	if code != exitOK || !strings.Contains(out, "0 created, 0 updated, 1 unchanged") {
		t.Errorf("second import: %d\n%s", code, out)
	}
	// A retitle shows as a diff in a dry run.
	srv.Issue("acme/status", 1).Title = "Orders API errors on checkout"
	_, out, _ = runCLI(t, env, "github", "import-issues", "--repo", "acme/status", "-c", cfg, "--dry-run")
	for _, want := range []string{
		"would update incidents/2026-11-20-orders-api-errors.md (from acme/status#1): title\n",
		"    - title = \"Orders API errors\"\n    + title = \"Orders API errors on checkout\"\n",
		"dry run, nothing written: 1 issue from acme/status",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry-run output lacks %q:\n%s", want, out)
		}
	}
}

func TestGitHubCommandUsage(t *testing.T) {
	srv := ghServer(t)
	dir := testsite.Write(t, ghSite)
	cfg := filepath.Join(dir, "site.toml")
	for _, tc := range []struct {
		env  map[string]string
		args []string
		code int
		want string
	}{
		{nil, []string{"github"}, exitUsage, "Commands:"},
		{nil, []string{"github", "nope"}, exitUsage, `unknown command "nope"`},
		{ghEnv(srv), []string{"github", "import-issues", "-c", cfg}, exitUsage, "--repo OWNER/NAME (or set GITHUB_REPOSITORY)"},
		{ghEnv(srv), []string{"github", "import-issues", "-c", cfg, "--repo", "acme"}, exitUsage, "not OWNER/NAME"},
		{map[string]string{"GITHUB_API_URL": srv.URL}, []string{"github", "alert", "-c", cfg, "--repo", "acme/status"}, exitUsage, "set GITHUB_TOKEN"},
		{map[string]string{"GITHUB_TOKEN": "wrong", "GITHUB_API_URL": srv.URL}, []string{"github", "alert", "-c", cfg, "--repo", "acme/status"}, exitInputs, "set GITHUB_TOKEN to a valid token"},
		{ghEnv(srv), []string{"github", "alert", "-c", cfg, "--api-url", "not a url", "--repo", "a/b"}, exitUsage, "--api-url"},
	} {
		code, out, errs := runCLI(t, tc.env, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: %d\n%s%s\nwant %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
}

func TestGitHubAlertCommandIsIdempotent(t *testing.T) {
	srv := ghServer(t)
	var csv strings.Builder
	csv.WriteString("time,status\n")
	for ts := ghNow.Add(-24 * time.Hour); ts.Before(ghNow); ts = ts.Add(5 * time.Minute) {
		st := "up"
		if ts.After(ghNow.Add(-90 * time.Minute)) {
			st = "down"
		}
		csv.WriteString(ts.Format(time.RFC3339) + "," + st + "\n")
	}
	dir := testsite.Write(t, ghSite+"-- content/metrics/orders-api/2026-11.csv --\n"+csv.String())
	cfg := filepath.Join(dir, "site.toml")
	env := ghEnv(srv)
	env["GITHUB_REPOSITORY"] = "acme/status"
	code, out, errs := runCLI(t, env, "github", "alert", "-c", cfg)
	if code != exitOK || !strings.Contains(out, "opened acme/status#1 for orders-api/availability (firing page:1h/5m,page:6h/30m,ticket:3d/6h)") ||
		!strings.Contains(out, "1 SLO firing at 2026-11-23T12:00:00Z; 1 change on acme/status") {
		t.Fatalf("alert: %d\n%s%s", code, out, errs)
	}
	noToken(t, out, errs)
	code, out, _ = runCLI(t, env, "github", "alert", "-c", cfg)
	if code != exitOK || !strings.Contains(out, "1 SLO firing at 2026-11-23T12:00:00Z; 0 changes on acme/status") || srv.WriteCount() != 1 {
		t.Errorf("second alert run: %d\n%s(%d writes)", code, out, srv.WriteCount())
	}
	// Ten hours later nothing burns fast: the issue is closed, once.
	env["STATUSGEN_NOW"] = "2026-11-26T12:00:00Z"
	code, out, _ = runCLI(t, env, "github", "alert", "-c", cfg)
	if code != exitOK || !strings.Contains(out, "closed acme/status#1 for orders-api/availability (stopped firing)") || srv.Issue("acme/status", 1).State != "closed" {
		t.Errorf("recovery: %d\n%s", code, out)
	}
	_, out, _ = runCLI(t, env, "github", "alert", "-c", cfg)
	if !strings.Contains(out, "0 SLOs firing at 2026-11-26T12:00:00Z; 0 changes") {
		t.Errorf("after close: %s", out)
	}
}

func TestBuildShowsLiveActionItemStates(t *testing.T) {
	srv := ghServer(t)
	srv.AddIssue("acme/orders", &githubtest.Issue{Title: "Alert on 5xx", State: "closed", CreatedAt: ghNow.Add(-time.Hour), ClosedAt: ghNow})
	srv.AddIssue("acme/orders", &githubtest.Issue{Title: "Canary deploys", CreatedAt: ghNow.Add(-time.Hour)})
	dir := testsite.Write(t, ghSite+`-- incidents/2026-11-03-bad-deploy.md --
+++
title = "Bad deploy"
services = ["orders-api"]
severity = "major"
started = 2026-11-03T09:12:00Z
resolved = 2026-11-03T10:30:00Z

[[actions]]
text = "Alert on 5xx"
issue = "acme/orders#1"
done = false

[[actions]]
text = "Canary deploys"
issue = "acme/orders#2"
done = true
+++
## Summary
`)
	cfg := filepath.Join(dir, "site.toml")
	page := func() string {
		b, err := os.ReadFile(filepath.Join(dir, "public", "incidents", "2026-11-03-bad-deploy", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	row := func(html, text string) string {
		i := strings.Index(html, text)
		if i < 0 {
			t.Fatalf("page lacks %q", text)
		}
		j := strings.Index(html[i:], "</tr>")
		return html[i : i+j]
	}

	// With a token: the live states (#1 closed → done, #2 open → open).
	code, out, errs := runCLI(t, ghEnv(srv), "build", "-c", cfg)
	if code != exitOK || strings.Contains(errs, "note:") {
		t.Fatalf("build: %d\n%s%s", code, out, errs)
	}
	html := page()
	if r := row(html, "Alert on 5xx"); !strings.Contains(r, `<span class="done">done</span> <span class="muted"`) || !strings.Contains(r, "(GitHub)") {
		t.Errorf("#1 row: %s", r)
	}
	if r := row(html, "Canary deploys"); !strings.Contains(r, "<td>open <span") {
		t.Errorf("#2 row: %s", r)
	}
	noToken(t, out, errs, html)

	// Without a token: the front matter's done, and a note says so.
	code, _, errs = runCLI(t, map[string]string{"STATUSGEN_NOW": "2026-11-23T12:00:00Z"}, "build", "-c", cfg)
	if code != exitOK || !strings.Contains(errs, "note: action items naming 2 issues show the front matter's done: GITHUB_TOKEN is not set") {
		t.Errorf("no token: %d\n%s", code, errs)
	}
	html = page()
	if r := row(html, "Alert on 5xx"); !strings.Contains(r, "<td>open</td>") {
		t.Errorf("#1 row without a token: %s", r)
	}

	// GitHub unreachable: the build still succeeds, with a note; inside
	// Actions the note is also an annotation.
	dead := httptest.NewServer(nil)
	deadURL := dead.URL + "/"
	dead.Close()
	code, out, errs = runCLI(t, map[string]string{"GITHUB_TOKEN": ghToken, "GITHUB_API_URL": deadURL, "GITHUB_ACTIONS": "true", "STATUSGEN_NOW": "2026-11-23T12:00:00Z"}, "build", "-c", cfg)
	if code != exitOK || !strings.Contains(errs, "live state of 0 of 2 issues from GitHub; the others show the front matter's done") ||
		!strings.Contains(errs, "cannot reach GitHub") || !strings.Contains(out, "::notice title=statusgen::") {
		t.Errorf("unreachable: %d\n%s%s", code, out, errs)
	}
	if r := row(page(), "Canary deploys"); !strings.Contains(r, `<span class="done">done</span></td>`) {
		t.Errorf("#2 row when unreachable: %s", r)
	}
	noToken(t, out, errs)
}
