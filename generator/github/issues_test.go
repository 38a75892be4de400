package github

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/github/githubtest"
	"github.com/statusgen/statusgen/generator/incident"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const testToken = "ghp_test0123456789abcdefTOKEN"

const testSite = `title = "Acme Data Platform"
base_url = "https://status.example.com/"
timezone = "Europe/Berlin"

[[service]]
id = "orders-api"
name = "Orders API"
owner = "Payments team"

  [[service.slo]]
  id = "availability"
  indicator = "status"
  objective = 99.9

[[service]]
id = "warehouse"
name = "Warehouse"
owner = "Data team"

  [[service.slo]]
  id = "freshness"
  indicator = "status"
  objective = 99
`

// fakeClock is the injected clock: Sleep advances it and records waits.
type fakeClock struct {
	now   time.Time
	waits []time.Duration
}

func (f *fakeClock) Now() time.Time { return f.now }
func (f *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	f.waits = append(f.waits, d)
	f.now = f.now.Add(d)
	return nil
}

// newTestClient starts the stand-in GitHub and a client for it.
func newTestClient(t *testing.T) (*Client, *githubtest.Server, *fakeClock) {
	t.Helper()
	clk := &fakeClock{now: testNow}
	srv := githubtest.New(clk.Now)
	srv.Token = testToken
	t.Cleanup(srv.Close)
	c, err := New(Options{Token: testToken, APIURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep, MaxWait: 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, clk
}

func writeSite(t testing.TB) *config.Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(testSite), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		t.Fatalf("site.toml: %v", ds)
	}
	return cfg
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// seedIncidents stores: #1 a closed major incident on orders-api with
// three comments; #2 a pull request with the label (skipped); #3 an open
// incident without severity label; #4 an issue without the label.
func seedIncidents(srv *githubtest.Server) {
	srv.AddIssue("acme/status", &githubtest.Issue{
		Title: "Orders API returned 503s after a bad deploy", Body: "Checkout failed for some users.\r\n\r\nWe are on it.",
		Labels: []string{"incident", "severity:major", "service:orders-api"}, State: "closed",
		CreatedAt: at("2026-11-03T09:20:00Z"), ClosedAt: at("2026-11-03T10:30:00Z"),
		Comments: []*githubtest.Comment{
			{Body: "**Identified:** a bad deploy of orders-api 4.2.", CreatedAt: at("2026-11-03T09:40:00Z")},
			{Body: "Rolled back; error rate falling.", CreatedAt: at("2026-11-03T09:50:00Z")},
			{Body: "Monitoring - all green for 30 minutes.", CreatedAt: at("2026-11-03T10:20:00Z")},
		},
	})
	srv.AddIssue("acme/status", &githubtest.Issue{Title: "Fix the deploy check", Labels: []string{"incident"}, PullRequest: true, CreatedAt: at("2026-11-04T09:00:00Z")})
	srv.AddIssue("acme/status", &githubtest.Issue{
		Title: "Warehouse loads are late", Labels: []string{"Incident", "service:Warehouse", "service:billing"},
		CreatedAt: at("2026-11-22T23:30:00Z"),
	})
	srv.AddIssue("acme/status", &githubtest.Issue{Title: "Add a dark theme", Labels: []string{"enhancement"}, CreatedAt: at("2026-11-05T09:00:00Z")})
}

func TestImportIssuesWritesIncidentFiles(t *testing.T) {
	c, srv, _ := newTestClient(t)
	seedIncidents(srv)
	cfg := writeSite(t)
	changes, ds, err := c.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 {
		t.Fatalf("changes = %+v, want 2 files (the pull request and the unlabelled issue are not incidents)", changes)
	}
	// Created 2026-11-03 09:20 UTC = 10:20 in Berlin: same day. #3 was
	// created 23:30 UTC on the 22nd = 00:30 on the 23rd in Berlin.
	want := map[string]string{
		"incidents/2026-11-03-orders-api-returned-503s-after-a-bad-deploy.md": `+++
# Imported from GitHub issue acme/status#1 by statusgen github import-issues.
# Each import rewrites title, severity and services when labels set them, resolved,
# and the [[updates]] whose source is the issue; the rest is yours to edit.
source = "github:acme/status#1"
title = "Orders API returned 503s after a bad deploy"
severity = "major"
services = ["orders-api"]
started = 2026-11-03T09:20:00Z
resolved = 2026-11-03T10:30:00Z

[[updates]]
source = "github:acme/status#1/comment/1000001"
time   = 2026-11-03T09:40:00Z
status = "identified"
text   = "a bad deploy of orders-api 4.2."

[[updates]]
source = "github:acme/status#1/comment/1000002"
time   = 2026-11-03T09:50:00Z
status = "identified"
text   = "Rolled back; error rate falling."

[[updates]]
source = "github:acme/status#1/comment/1000003"
time   = 2026-11-03T10:20:00Z
status = "monitoring"
text   = "all green for 30 minutes."

[[updates]]
source = "github:acme/status#1/closed"
time   = 2026-11-03T10:30:00Z
status = "resolved"
text   = "Resolved."
+++
Checkout failed for some users.

We are on it.
`,
		"incidents/2026-11-23-warehouse-loads-are-late.md": `+++
# Imported from GitHub issue acme/status#3 by statusgen github import-issues.
# Each import rewrites title, severity and services when labels set them, resolved,
# and the [[updates]] whose source is the issue; the rest is yours to edit.
source = "github:acme/status#3"
title = "Warehouse loads are late"
severity = "minor"
services = ["warehouse"]
started = 2026-11-22T23:30:00Z
+++
## Summary

To be written.
`,
	}
	for _, ch := range changes {
		p := filepath.ToSlash(ch.Path)
		if ch.Action != "create" {
			t.Errorf("%s: action %s, want create", p, ch.Action)
		}
		got, err := os.ReadFile(filepath.Join(cfg.Dir, ch.Path))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want[p] {
			t.Errorf("%s =\n%s\nwant\n%s", p, got, want[p])
		}
	}
	// The unknown service label is a warning naming the issue.
	if len(ds) != 1 || !ds[0].Warning || !strings.Contains(ds[0].Message, `acme/status#3: label "service:billing" names no service`) {
		t.Errorf("diagnostics = %v", ds)
	}
	// Both files parse as incidents.
	var pds diag.Diagnostics
	ins := incident.Load(cfg, &pds)
	if pds.HasErrors() || len(ins) != 2 {
		t.Fatalf("load: %d incidents, %v", len(ins), pds)
	}
	if ins[1].Resolved != at("2026-11-03T10:30:00Z") || len(ins[1].Updates) != 4 || ins[1].Updates[3].Status != "resolved" {
		t.Errorf("incident #1 = %+v", ins[1])
	}
}

func TestImportIssuesIsIdempotentAndKeepsTheEngineersWords(t *testing.T) {
	c, srv, _ := newTestClient(t)
	seedIncidents(srv)
	cfg := writeSite(t)
	ctx := context.Background()
	opts := ImportOptions{Repo: Repo{"acme", "status"}, Config: cfg}
	if _, _, err := c.ImportIssues(ctx, opts); err != nil {
		t.Fatal(err)
	}
	// Run twice: nothing changes the second time, and nothing is written.
	path := filepath.Join(cfg.Dir, "incidents", "2026-11-03-orders-api-returned-503s-after-a-bad-deploy.md")
	st1, _ := os.Stat(path)
	changes, _, err := c.ImportIssues(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range changes {
		if ch.Action != "unchanged" {
			t.Errorf("second run: %s %s %v", ch.Action, ch.Path, ch.Fields)
		}
	}
	if st2, _ := os.Stat(path); !st2.ModTime().Equal(st1.ModTime()) {
		t.Error("second run rewrote an unchanged file")
	}

	// The engineer writes the postmortem, adds keys and an action item,
	// and corrects started.
	old, _ := os.ReadFile(path)
	edited := strings.Replace(string(old), "started = 2026-11-03T09:20:00Z\n",
		"started = 2026-11-03T09:12:00Z   # impact began before the issue\ndetected = 2026-11-03T09:20:00Z\nowner = \"Payments team\"\n", 1)
	edited = strings.Replace(edited, "+++\nCheckout failed", `
[[actions]]
text  = "Alert on 5xx ratio per deploy"
issue = "acme/orders#412"
done  = false
+++
## Summary

Checkout failed`, 1)
	edited += "\n## Root cause\n\nA config flag.\n"
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}

	// On GitHub: the issue is retitled, reopened, relabelled critical and
	// commented on; the second comment is deleted.
	is := srv.Issue("acme/status", 1)
	is.Title = "Orders API down after a bad deploy"
	is.State, is.ClosedAt = "open", time.Time{}
	is.Labels = []string{"incident", "severity:major", "critical", "service:orders-api"}
	is.Comments = append(is.Comments[:1], is.Comments[2], &githubtest.Comment{ID: 2000000, User: "sre", Body: "Investigating: errors are back.", CreatedAt: at("2026-11-03T11:00:00Z")})

	changes, _, err = c.ImportIssues(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	var ch *FileChange
	for i := range changes {
		if changes[i].Issue == 1 {
			ch = &changes[i]
		}
	}
	if ch == nil || ch.Action != "update" || strings.Join(ch.Fields, ",") != "title,severity,resolved,updates" {
		t.Fatalf("change = %+v", ch)
	}
	got, _ := os.ReadFile(path)
	want := `+++
# Imported from GitHub issue acme/status#1 by statusgen github import-issues.
# Each import rewrites title, severity and services when labels set them, resolved,
# and the [[updates]] whose source is the issue; the rest is yours to edit.
source = "github:acme/status#1"
title = "Orders API down after a bad deploy"
severity = "critical"
services = ["orders-api"]
started = 2026-11-03T09:12:00Z   # impact began before the issue
detected = 2026-11-03T09:20:00Z
owner = "Payments team"

[[updates]]
source = "github:acme/status#1/comment/1000001"
time   = 2026-11-03T09:40:00Z
status = "identified"
text   = "a bad deploy of orders-api 4.2."

[[updates]]
source = "github:acme/status#1/comment/1000003"
time   = 2026-11-03T10:20:00Z
status = "monitoring"
text   = "all green for 30 minutes."

[[actions]]
text  = "Alert on 5xx ratio per deploy"
issue = "acme/orders#412"
done  = false

[[updates]]
source = "github:acme/status#1/comment/2000000"
time   = 2026-11-03T11:00:00Z
status = "investigating"
text   = "errors are back."
+++
## Summary

Checkout failed for some users.

We are on it.

## Root cause

A config flag.
`
	if string(got) != want {
		t.Errorf("updated file =\n%s\nwant\n%s", got, want)
	}
	// And again: unchanged.
	changes, _, _ = c.ImportIssues(ctx, opts)
	for _, ch := range changes {
		if ch.Action != "unchanged" {
			t.Errorf("third run: %s %s %v", ch.Action, ch.Path, ch.Fields)
		}
	}
	// Import only reads: no request changed anything on GitHub.
	if n := srv.WriteCount(); n != 0 {
		t.Errorf("import made %d writes on GitHub", n)
	}
}

func TestImportIssuesDryRunWritesNothing(t *testing.T) {
	c, srv, _ := newTestClient(t)
	seedIncidents(srv)
	cfg := writeSite(t)
	changes, _, err := c.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: cfg, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[0].Action != "create" || len(changes[0].New) == 0 {
		t.Fatalf("changes = %+v", changes)
	}
	if _, err := os.Stat(filepath.Join(cfg.Dir, "incidents")); !os.IsNotExist(err) {
		t.Errorf("dry run created incidents/: %v", err)
	}
}

func TestImportIssuesFollowsPages(t *testing.T) {
	c, srv, _ := newTestClient(t)
	cfg := writeSite(t)
	// 230 issues at 100 a page: pages 1, 2 and 3 of the listing. Issue
	// 7 has 150 comments: two pages of comments.
	for i := 1; i <= 230; i++ {
		is := &githubtest.Issue{Title: fmt.Sprintf("Blip %d", i), Labels: []string{"incident"}, State: "closed",
			CreatedAt: testNow.Add(-time.Duration(300-i) * time.Hour), ClosedAt: testNow.Add(-time.Duration(300-i)*time.Hour + 10*time.Minute)}
		if i == 7 {
			for j := 0; j < 150; j++ {
				is.Comments = append(is.Comments, &githubtest.Comment{Body: "tick", CreatedAt: is.CreatedAt.Add(time.Duration(j) * time.Second)})
			}
		}
		srv.AddIssue("acme/status", is)
	}
	changes, ds, err := c.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: cfg, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 230 || ds.HasErrors() {
		t.Fatalf("%d changes, %v; want 230", len(changes), ds)
	}
	var listPages, commentPages7 int
	for _, r := range srv.RequestLog() {
		if strings.HasPrefix(r, "GET /repos/acme/status/issues?") {
			listPages++
		}
		if strings.HasPrefix(r, "GET /repos/acme/status/issues/7/comments") {
			commentPages7++
		}
	}
	if listPages != 3 || commentPages7 != 2 {
		t.Errorf("list pages = %d (want 3), comment pages of #7 = %d (want 2)", listPages, commentPages7)
	}
	// 150 comments + the resolved update.
	if n := strings.Count(string(changes[6].New), "\n[[updates]]\n"); n != 151 {
		t.Errorf("#7 has %d updates, want 151", n)
	}
}

// The import reads incidents/ as a build does: a file (or the folder)
// linked out of the site folder stops it with the link named, and nothing
// behind the link is read, diffed or written.
func TestImportReadsNoIncidentThroughALinkOutOfTheSite(t *testing.T) {
	const secret = "GITHUB_TOKEN=ghp_leakcanary0123456789"
	outside := t.TempDir()
	leak := "+++\ntitle = \"" + secret + "\"\nsource = \"github:acme/status#1\"\n+++\n" + secret + "\n"
	for _, p := range []string{"leak.md", "incidents/2026-11-03-leak.md"} {
		p = filepath.Join(outside, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(leak), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ link, target, want string }{
		{"incidents/2026-11-03-leak.md", "leak.md", "incidents/2026-11-03-leak.md: links outside the site folder"},
		{"incidents", "incidents", "incidents: links outside the site folder"},
	} {
		t.Run(c.link, func(t *testing.T) {
			client, srv, _ := newTestClient(t)
			seedIncidents(srv)
			cfg := writeSite(t)
			link := filepath.Join(cfg.Dir, filepath.FromSlash(c.link))
			os.MkdirAll(filepath.Dir(link), 0o755)
			if err := os.Symlink(filepath.Join(outside, c.target), link); err != nil {
				t.Fatal(err)
			}
			changes, ds, err := client.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: cfg})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
			text := fmt.Sprint(err, ds)
			for _, ch := range changes {
				text += string(ch.Old) + string(ch.New)
			}
			if strings.Contains(text, secret) {
				t.Errorf("the file behind the link was read: %s", text)
			}
			if b, _ := os.ReadFile(filepath.Join(outside, "leak.md")); string(b) != leak {
				t.Errorf("the file behind the link was changed:\n%s", b)
			}
			if es, _ := os.ReadDir(filepath.Join(outside, "incidents")); len(es) != 1 {
				t.Errorf("%d files written into the folder behind the link", len(es)-1)
			}
		})
	}
}

func TestFileChangeDiff(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"same", "a\nb\n", "a\nb\n", ""},
		{"new file", "", "a\n", "+ a\n"},
		{"a line changed", "+++\ntitle = \"Old\"\n+++\nbody\n", "+++\ntitle = \"New\"\n+++\nbody\n",
			"- title = \"Old\"\n+ title = \"New\"\n"},
		// The common lines a, c, e are kept; b goes, d and f come.
		{"in order", "a\nb\nc\ne\n", "a\nc\nd\ne\nf\n", "- b\n+ d\n+ f\n"},
		{"too long", strings.Repeat("x\n", 2001), strings.Repeat("y\n", 2000), "(too long to compare)\n"},
	} {
		ch := FileChange{Old: []byte(tc.old), New: []byte(tc.new)}
		if got := ch.Diff(); got != tc.want {
			t.Errorf("%s: Diff() = %q, want %q", tc.name, got, tc.want)
		}
	}
}
