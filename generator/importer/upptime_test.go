package importer

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// upptimeRepo makes a small Upptime-style git repository: commits of
// history/*.yml at fixed times, as Upptime's workflow makes them.
func upptimeRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed to build the test repository (.ci/run installs it)")
	}
	dir := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Upptime Bot", "GIT_AUTHOR_EMAIL=bot@example.com",
			"GIT_COMMITTER_NAME=Upptime Bot", "GIT_COMMITTER_EMAIL=bot@example.com",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	state := func(url, status string, code, rt int) string {
		return "url: " + url + "\nstatus: " + status + "\ncode: " + strconv.Itoa(code) + "\nresponseTime: " + strconv.Itoa(rt) +
			"\nlastUpdated: 2026-11-01T00:00:00.000Z\nstartTime: Mon Aug 10 2020\ngenerator: Upptime\n"
	}
	git("2026-11-01T00:00:00Z", "init", "-q")
	write(".upptimerc.yml", `owner: acme
repo: status
sites:
  - name: GitHub API
    url: https://api.example.com
    expectedStatusCodes: [200, 204]
    maxResponseTime: 800
  - name: Web
    url: https://www.example.com
  - name: Secret
    url: $SECRET_URL
`)
	// Upptime's own slug splits camel case: "GitHub API" → git-hub-api.
	write("history/git-hub-api.yml", state("https://api.example.com", "up", 200, 120))
	write("history/web.yml", state("https://www.example.com", "up", 200, 80))
	git("2026-11-01T00:00:00Z", "add", ".")
	git("2026-11-01T00:00:00Z", "commit", "-q", "-m", "first")
	write("history/git-hub-api.yml", state("https://api.example.com", "down", 0, 0))
	git("2026-11-01T06:00:00+02:00", "commit", "-q", "-am", "🟥 GitHub API is down")
	write("README.md", "readme")
	git("2026-11-01T07:00:00Z", "add", ".")
	git("2026-11-01T07:00:00Z", "commit", "-q", "-m", "readme only")
	write("history/git-hub-api.yml", state("https://api.example.com", "degraded", 200, 950))
	write("history/web.yml", state("https://www.example.com", "down", 503, 40))
	git("2026-11-30T23:30:00Z", "commit", "-q", "-am", "changes")
	write("history/git-hub-api.yml", state("https://api.example.com", "up", 200, 110))
	git("2026-12-01T00:30:00Z", "commit", "-q", "-am", "back")
	return dir
}

func TestImportUpptimeFromGit(t *testing.T) {
	clone := upptimeRepo(t)
	s := newSite(t, map[string]string{})
	var sum Summary
	sites, err := s.UpptimeSites(clone, &sum)
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 3 || sites[0].Slug != "git-hub-api" || sites[0].ServiceID != "git-hub-api" || sites[1].ServiceID != "web" || !sites[1].InSite {
		t.Fatalf("sites: %+v %+v", sites[0], sites[1])
	}
	svc := sites[0].ServiceTOML()
	for _, want := range []string{`id       = "git-hub-api"`, `name     = "GitHub API"`, `url = "https://api.example.com"`, "expect_status = [200, 204]", "degraded_ms = 800"} {
		if !strings.Contains(svc, want) {
			t.Errorf("service entry lacks %q:\n%s", want, svc)
		}
	}
	if got := sites[1].ServiceTOML(); !strings.Contains(got, `already in site.toml as "web"`) {
		t.Errorf("web: %s", got)
	}
	if got := sites[2].ServiceTOML(); !strings.Contains(got, `# url = "$SECRET_URL"`) {
		t.Errorf("a secret URL must not become a probe: %s", got)
	}

	if err := s.ImportUpptime(clone, sites, UpptimeOptions{DryRun: true}, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.NImported != 6 {
		t.Errorf("dry run would import %d rows, want 6: %v", sum.NImported, sum.Imported)
	}
	if _, err := os.Stat(filepath.Join(s.Config.Dir, "content")); !os.IsNotExist(err) {
		t.Fatal("dry run wrote content/")
	}
	sum = Summary{}
	if err := s.ImportUpptime(clone, sites, UpptimeOptions{}, &sum); err != nil {
		t.Fatal(err)
	}
	// One row per commit of the file, at the commit's time in UTC; the
	// readme-only commit adds none; down without a response has no code.
	nov := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/git-hub-api/2026-11.csv"))
	wantNov := "time,status,latency_ms,code\n2026-11-01T00:00:00Z,up,120,200\n2026-11-01T04:00:00Z,down,,\n2026-11-30T23:30:00Z,degraded,950,200\n"
	if nov != wantNov {
		t.Errorf("git-hub-api 2026-11.csv:\n%s\nwant:\n%s", nov, wantNov)
	}
	if dec := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/git-hub-api/2026-12.csv")); dec != "time,status,latency_ms,code\n2026-12-01T00:30:00Z,up,110,200\n" {
		t.Errorf("2026-12.csv: %s", dec)
	}
	if web := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/web/2026-11.csv")); web != "time,status,latency_ms,code\n2026-11-01T00:00:00Z,up,80,200\n2026-11-30T23:30:00Z,down,40,503\n" {
		t.Errorf("web: %s", web)
	}
	if !strings.Contains(strings.Join(sum.Skipped, "\n"), "secret: no history found") {
		t.Errorf("skipped: %v", sum.Skipped)
	}
	// Again: nothing twice.
	var again Summary
	if err := s.ImportUpptime(clone, sites, UpptimeOptions{}, &again); err != nil {
		t.Fatal(err)
	}
	if again.NImported != 0 || again.NSkipped != 7 { // 6 rows already there + the secret site
		t.Errorf("second run imported %d, skipped %d: %v", again.NImported, again.NSkipped, again.Skipped)
	}
}

func TestImportUpptimeWithoutGit(t *testing.T) {
	clone := t.TempDir()
	os.MkdirAll(filepath.Join(clone, "history"), 0o755)
	os.WriteFile(filepath.Join(clone, "history", "shop.yml"), []byte("url: https://shop.example.com\nstatus: down\ncode: 0\nresponseTime: 0\nlastUpdated: 2026-11-05T10:00:00.500Z\n"), 0o644)
	os.WriteFile(filepath.Join(clone, "history", "summary.json"), []byte(`[{"name": "The Shop", "slug": "shop", "uptime": "100.00%"}]`), 0o644)
	csv := filepath.Join(clone, "export.csv")
	os.WriteFile(csv, []byte("timestamp,site,status,code,response_time_ms\n2026-11-04T10:00:00Z,shop,up,200,90\n2026-11-04T11:00:00Z,gone,up,200,1\n2026-11-04T12:00:00Z,shop,weird,200,1\n"), 0o644)
	s := newSite(t, map[string]string{})
	var sum Summary
	sites, err := s.UpptimeSites(clone, &sum)
	if err != nil || len(sites) != 1 || sites[0].Name != "The Shop" || sites[0].URL != "https://shop.example.com" {
		t.Fatalf("sites %+v, %v", sites, err)
	}
	if err := s.ImportUpptime(clone, sites, UpptimeOptions{}, &sum); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(sum.Notes, "\n"), "no git history") || sum.NImported != 1 {
		t.Errorf("without .git: %+v", sum)
	}
	sum = Summary{}
	if err := s.ImportUpptime(clone, sites, UpptimeOptions{HistoryCSV: csv}, &sum); err != nil {
		t.Fatal(err)
	}
	// shop: one row imported, one with an unknown status skipped; "gone" is
	// not a site of the configuration.
	if sum.NImported != 1 || sum.NSkipped != 2 {
		t.Errorf("from CSV: %+v", sum)
	}
	want := "time,status,latency_ms,code\n2026-11-05T10:00:00Z,down,,\n2026-11-04T10:00:00Z,up,90,200\n"
	if got := readAll(t, filepath.Join(s.Config.Dir, "content/metrics/shop/2026-11.csv")); got != want {
		t.Errorf("shop:\n%s\nwant:\n%s", got, want)
	}
}

// A .upptimerc.yml is someone else's file: a slug that climbs out of
// history/ or makes no service id, or an empty site, is skipped with a
// reason, and nothing is written outside content/metrics.
func TestUpptimeSitesRefusesUnusableSlugs(t *testing.T) {
	clone := t.TempDir()
	os.WriteFile(filepath.Join(clone, ".upptimerc.yml"), []byte("sites:\n  - name: Out\n    slug: ../../../../outside\n  -\n  - name: \"\"\n  - name: Camel Site\n    slug: CamelSite\n"), 0o644)
	csv := filepath.Join(clone, "export.csv")
	os.WriteFile(csv, []byte("timestamp,site,status\n2026-11-04T10:00:00Z,../../../../outside,up\n2026-11-04T10:00:00Z,CamelSite,up\n"), 0o644)
	s := newSite(t, map[string]string{})
	var sum Summary
	sites, err := s.UpptimeSites(clone, &sum)
	if err != nil || len(sites) != 1 || sites[0].ServiceID != "camelsite" {
		t.Fatalf("sites %+v, %v", sites, err)
	}
	if sum.NSkipped != 3 || !strings.Contains(sum.Skipped[0], `slug "../../../../outside" is not the name of a file of history/`) {
		t.Errorf("skipped %v", sum.Skipped)
	}
	if err := s.ImportUpptime(clone, sites, UpptimeOptions{HistoryCSV: csv}, &sum); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.Config.Dir, "content/metrics/camelsite/2026-11.csv")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(s.Config.Dir, "outside")); !os.IsNotExist(err) {
		t.Errorf("wrote outside content/metrics: %v", err)
	}
}

// Rows of year 0 or 9999 are skipped with the reason, not imported; an
// unreadable time is not called a bad status.
func TestImportUpptimeTimesOutOfRange(t *testing.T) {
	clone := t.TempDir()
	os.WriteFile(filepath.Join(clone, ".upptimerc.yml"), []byte("sites:\n  - name: Shop\n    slug: shop\n"), 0o644)
	csv := filepath.Join(clone, "export.csv")
	os.WriteFile(csv, []byte("timestamp,site,status\n0000-01-01T00:00:00Z,shop,up\n9999-01-01T00:00:00Z,shop,down\nyesterday,shop,up\n2026-11-04T10:00:00Z,shop,up\n"), 0o644)
	s := newSite(t, map[string]string{})
	var sum Summary
	sites, err := s.UpptimeSites(clone, &sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportUpptime(clone, sites, UpptimeOptions{HistoryCSV: csv}, &sum); err != nil {
		t.Fatal(err)
	}
	want := "2 states of shop: time not in 1970..2199\n1 state of shop: timestamp not an RFC 3339 time"
	if got := strings.Join(sum.Skipped, "\n"); sum.NImported != 1 || got != want {
		t.Errorf("imported %d, skipped:\n%s\nwant:\n%s", sum.NImported, got, want)
	}
}
