package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Real Statuspage data (githubstatus.com, 2020) holds resolved incidents
// whose resolved_at lies before started_at. Published open, they turned a
// service to an outage years later; they must become drafts, counted in
// the summary.
func TestStatuspageResolvedBeforeStartedIsADraft(t *testing.T) {
	s := newSite(t, map[string]string{
		"sp/x.json": `{"incident": {"id": "rev1", "name": "Backwards", "status": "resolved", "impact": "major",
  "created_at": "2020-03-31T09:09:46Z", "started_at": "2020-03-31T09:09:46.298Z", "resolved_at": "2020-03-31T08:00:00.000Z",
  "components": [{"name": "Public API"}]}}`,
	})
	var sum Summary
	if err := s.ImportStatuspage(context.Background(), filepath.Join(s.Config.Dir, "sp"), StatuspageOptions{}, &sum); err != nil {
		t.Fatal(err)
	}
	in := loadIncidents(t, s)["2020-03-31-backwards"]
	if in == nil || !in.Draft || !in.Resolved.IsZero() {
		t.Fatalf("want a draft without resolved, got %+v", in)
	}
	if sum.Drafts["resolved before started; fix resolved and remove draft"] != 1 {
		t.Errorf("drafts: %v", sum.Drafts)
	}
	var out bytes.Buffer
	sum.Print(&out, false)
	if !strings.Contains(out.String(), "draft: 1 incident was written as a draft: resolved before started") ||
		!strings.Contains(out.String(), "imported 1 incident, skipped 0, 1 as draft(s)") {
		t.Errorf("summary:\n%s", out.String())
	}
}

// Statuspage update bodies often hold HTML; the timeline shows text, so it
// is converted, and nothing dangerous survives.
func TestStatuspageHTMLBodies(t *testing.T) {
	s := newSite(t, map[string]string{
		"sp/x.json": `{"incident": {"id": "h1", "name": "HTML", "status": "resolved", "impact": "minor",
  "started_at": "2026-11-03T09:00:00Z", "resolved_at": "2026-11-03T10:00:00Z",
  "postmortem_body": "<h3>Root cause</h3><p>A <strong>bad</strong> deploy.</p><ul><li>one</li><li>two</li></ul>",
  "incident_updates": [{"status": "investigating", "display_at": "2026-11-03T09:05:00Z",
    "body": "<p>We are investigating &amp; will update.<br/>See <a href=\"https://example.com/s\">status</a> or <a href=\"javascript:alert(1)\">this</a>.</p><script>alert(2)</script><!-- x -->"}]}}`,
	})
	var sum Summary
	if err := s.ImportStatuspage(context.Background(), filepath.Join(s.Config.Dir, "sp"), StatuspageOptions{}, &sum); err != nil {
		t.Fatal(err)
	}
	in := loadIncidents(t, s)["2026-11-03-html"]
	if in == nil {
		t.Fatal("not imported")
	}
	want := "We are investigating & will update.\nSee status (https://example.com/s) or this."
	if got := in.Updates[0].Text; got != want {
		t.Errorf("update text\n got %q\nwant %q", got, want)
	}
	src := readAll(t, filepath.Join(s.IncidentsDir(), "2026-11-03-html.md"))
	if !strings.Contains(src, "Root cause\n\nA **bad** deploy.\n\n- one\n- two") {
		t.Errorf("postmortem body not converted:\n%s", src)
	}
	for _, bad := range []string{"<p>", "<script", "alert", "javascript:", "<!--"} {
		if strings.Contains(src, bad) {
			t.Errorf("%q survives:\n%s", bad, src)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain a < b & c", "plain a < b & c"}, // no tag: kept as it is
		{"<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"Use <code>git pull</code> <em>now</em>", "Use `git pull` _now_"},
		{"<a href='mailto:x@example.com'>mail</a>", "mail (mailto:x@example.com)"},
		{"<a href=\"https://e.com/a b(c)\">e</a>", "e (https://e.com/a%20b%28c%29)"},
		{"<a href=\"https://e.com\">https://e.com</a>", "https://e.com"},
		{"<style>p{}</style><p>x&nbsp;y</p>", "x y"},
		{"<div>unclosed <b>bold", "unclosed **bold"},
	} {
		if got := HTMLToText(c.in); got != c.want {
			t.Errorf("HTMLToText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The cState summary counts the drafts and says why; the same-title note
// is only for files a few days apart, not for a problem that recurs.
func TestCStateDraftsAndSameTitles(t *testing.T) {
	s := newSite(t, map[string]string{
		"issues/2022-01-01-backwards.md": "---\ntitle: Backwards\ndate: 2022-01-01T10:00:00Z\nresolved: true\nresolvedWhen: 2022-01-01T09:00:00Z\nseverity: notice\n---\n",
		"issues/2022-01-02-noend.md":     "---\ntitle: No end\ndate: 2022-01-02T10:00:00Z\nresolved: true\nseverity: notice\n---\n",
		"issues/2022-02-01-jira.md":      "---\ntitle: Jira down\ndate: 2022-02-01T10:00:00Z\nresolved: true\nresolvedWhen: 2022-02-01T11:00:00Z\nseverity: down\n---\n",
		"issues/2022-03-15-jira.md":      "---\ntitle: Jira down\ndate: 2022-03-15T10:00:00Z\nresolved: true\nresolvedWhen: 2022-03-15T11:00:00Z\nseverity: down\n---\n",
		"issues/2022-03-16-jira-old.md":  "---\ntitle: Jira down\ndate: 2022-03-16T10:00:00Z\nresolved: false\nseverity: down\n---\n",
	})
	var sum Summary
	if err := s.ImportCState(filepath.Join(s.Config.Dir, "issues"), false, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Drafts) != 2 || sum.Drafts["resolvedWhen before date; fix resolved and remove draft"] != 1 ||
		sum.Drafts["resolved: true without resolvedWhen; add resolved and remove draft"] != 1 {
		t.Errorf("drafts: %v", sum.Drafts)
	}
	notes := strings.Join(sum.Notes, "\n")
	if strings.Count(notes, "same title") != 1 || !strings.Contains(notes, "2022-03-15-jira.md and 2022-03-16-jira-old.md") {
		t.Errorf("same-title notes:\n%s", notes)
	}
}

// A file an importer cannot read at all is not a quiet skip: the summary
// lists it and Err makes the command exit 1.
func TestUnreadableFilesFail(t *testing.T) {
	s := newSite(t, map[string]string{
		"sp/broken.json":     "{",
		"sp/ok.json":         spSingle,
		"issues/no-front.md": "Just text.\n",
		"issues/bad-yaml.md": "---\ntitle: [\n---\n",
		"dbt/x.json":         `{"results": []}`,
		"ge/x.json":          `[1]`,
	})
	ctx := context.Background()
	for name, run := range map[string]func(*Summary) error{
		"statuspage": func(sum *Summary) error {
			return s.ImportStatuspage(ctx, filepath.Join(s.Config.Dir, "sp"), StatuspageOptions{}, sum)
		},
		"cstate": func(sum *Summary) error { return s.ImportCState(filepath.Join(s.Config.Dir, "issues"), false, sum) },
		"dbt": func(sum *Summary) error {
			return s.ImportDBT(filepath.Join(s.Config.Dir, "dbt"), PipelineOptions{Service: "api"}, sum)
		},
		"ge": func(sum *Summary) error {
			return s.ImportGreatExpectations(filepath.Join(s.Config.Dir, "ge"), PipelineOptions{Service: "api"}, sum)
		},
	} {
		var sum Summary
		if err := run(&sum); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if sum.Err() == nil {
			t.Errorf("%s: an unreadable file gives no error; skipped %v", name, sum.Skipped)
		}
	}
}

// Upptime names a site's history file with @sindresorhus/slugify, which
// splits camel case. Real repositories lost "GitHub" and "MySQL
// Playground" because the import slugged them "github" and "mysql-playground".
func TestUpptimeSlug(t *testing.T) {
	for in, want := range map[string]string{
		"GitHub":           "git-hub",
		"MySQL Playground": "my-sql-playground",
		"Hacker News":      "hacker-news",
		"Google":           "google",
		"APIs":             "apis",
		"APIService":       "api-service",
		"fooBar 123 $#%":   "foo-bar-123",
		"IPv6 Site":        "i-pv6-site", // "I" + "Pv6": the last step splits before a capitalised word
		"R&D Portal":       "r-and-d-portal",
	} {
		if got := UpptimeSlug(in); got != want {
			t.Errorf("UpptimeSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUpptimeCamelCaseSitesFromTheExport(t *testing.T) {
	clone := t.TempDir()
	writeFile(t, filepath.Join(clone, ".upptimerc.yml"), "sites:\n  - name: GitHub\n    url: https://github.com\n  - name: MySQL Playground\n    url: https://sql.example.com\n")
	csv := filepath.Join(t.TempDir(), "export.csv")
	writeFile(t, csv, "timestamp,site,status,code,response_time_ms\n2026-11-04T10:00:00Z,git-hub,up,200,80\n2026-11-04T10:00:00Z,my-sql-playground,down,0,0\n")
	s := newSite(t, map[string]string{})
	var sum Summary
	sites, err := s.UpptimeSites(clone, &sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportUpptime(clone, sites, UpptimeOptions{HistoryCSV: csv}, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.NImported != 2 || sum.NSkipped != 0 {
		t.Errorf("imported %d, skipped %d: %v", sum.NImported, sum.NSkipped, sum.Skipped)
	}
	for _, id := range []string{"git-hub", "my-sql-playground"} {
		if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics", id, "2026-11.csv")); !strings.Contains(got, "2026-11-04T10:00:00Z") {
			t.Errorf("%s: %q", id, got)
		}
	}
}

// --history-csv alone: no clone, no .upptimerc.yml; the sites come from
// the export. Two slugs that make one service id do not share it.
func TestUpptimeCSVSitesWithoutClone(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "export.csv")
	writeFile(t, csv, "timestamp,site,status,code,response_time_ms\n"+
		"2026-11-04T10:00:00Z,google,up,200,50\n2026-11-04T10:00:00Z,my-site,up,200,60\n2026-11-04T10:00:00Z,My_Site,down,0,0\n")
	s := newSite(t, map[string]string{})
	var sum Summary
	sites, err := s.UpptimeCSVSites(csv, &sum)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, site := range sites {
		ids = append(ids, site.ServiceID)
	}
	// Sorted slugs: "My_Site" (service my-site) first, then google; the
	// export's "my-site" would share my-site and is left out.
	if strings.Join(ids, ",") != "my-site,google" || sum.NSkipped != 1 || !strings.Contains(sum.Skipped[0], `service "my-site" already holds site "My_Site"`) {
		t.Fatalf("ids %v skipped %v", ids, sum.Skipped)
	}
	if err := s.ImportUpptime("", sites, UpptimeOptions{HistoryCSV: csv}, &sum); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/my-site/2026-11.csv"))
	if strings.Count(got, "\n") != 2 {
		t.Errorf("my-site holds rows of two sites:\n%s", got)
	}
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
