package site

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/testsite"
)

func TestLoadIncidentsCountsAndWarns(t *testing.T) {
	cfg := testsite.WriteIncidentSite(t, map[string]string{
		"incidents/2026-11-03-good.md":     testsite.FullTOML,
		"incidents/2026-11-04-bad.md":      "+++\ntitle = \"x\"\nseverity = \"huge\"\nstarted = 2026-11-03T09:12:00Z\n+++\n",
		"incidents/PM2022 - Notes":         "# Notes\n",
		"incidents/_template.md":           "# not read\n",
		"incidents/Big Outage (EU).md":     "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-01T09:12:00Z\ndraft = true\n+++\n",
		"incidents/diagram.png":            "png",
		"incidents/README.md":              "about this folder",
		"content/metrics/orders-api/.keep": "",
	})
	st, ds := Load(cfg, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	if st == nil {
		t.Fatalf("load: %v", ds)
	}
	if st.RejectedIncidents != 1 || len(st.Incidents) != 1 || len(st.Drafts) != 1 {
		t.Errorf("rejected %d published %d drafts %d", st.RejectedIncidents, len(st.Incidents), len(st.Drafts))
	}
	if st.Drafts[0].Slug != "big-outage-eu" {
		t.Errorf("slug = %q", st.Drafts[0].Slug)
	}
	var msgs []string
	for _, d := range ds {
		if strings.HasPrefix(d.Path, "incidents/") {
			msgs = append(msgs, d.Error())
		}
	}
	sort.Strings(msgs)
	want := []string{
		`incidents/2026-11-04-bad.md:3: unknown severity "huge"; use minor, major, critical or maintenance (cState's down, disrupted and notice are read too)`,
		`incidents/PM2022 - Notes: warning: not read: incident reports are Markdown files ending in .md; rename it to "PM2022 - Notes.md"`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

// A critical incident with a time of day for started must not publish an
// outage "since 1 Jan 0000".
func TestTimeOfDayIncidentLeftOut(t *testing.T) {
	cfg := testsite.WriteIncidentSite(t, map[string]string{
		"incidents/2026-11-03-db.md": "+++\ntitle = \"Database down\"\nservices = [\"orders-api\"]\nseverity = \"critical\"\nstarted = 10:00:00\n+++\n",
	})
	st, ds := Load(cfg, fixedNow)
	if st == nil {
		t.Fatal(ds)
	}
	if len(st.Incidents) != 0 || st.RejectedIncidents != 1 || st.Status == StatusMajor {
		t.Errorf("incidents %d, rejected %d, status %s; want the file left out and no outage\n%v",
			len(st.Incidents), st.RejectedIncidents, st.Status, ds)
	}
}

// Files whose page names collide are an error naming both, not a page
// renamed -2: the first in name order keeps the page even when it has
// errors itself, so which file has a page never depends on another.
func TestIncidentPageNameCollision(t *testing.T) {
	good := "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\n+++\n"
	bad := strings.Replace(good, "minor", "huge", 1)
	cfg := testsite.WriteIncidentSite(t, map[string]string{
		"incidents/A-B.md":     good,
		"incidents/a b.md":     good,
		"incidents/a-b.md":     good,
		"incidents/Bad one.md": bad,
		"incidents/bad-one.md": good,
		"incidents/ok.md":      good,
		"incidents/日本.md":      good,
	})
	c, ds := config.LoadConfig(cfg)
	if c == nil {
		t.Fatal(ds)
	}
	ins := incident.Load(c, &ds)
	var got []string
	for _, in := range ins {
		got = append(got, in.Slug+"="+in.Path)
	}
	if strings.Join(got, " ") != "a-b=incidents/A-B.md ok=incidents/ok.md" {
		t.Errorf("published %q", got)
	}
	ds.Sort()
	want := []string{
		`incidents/Bad one.md:3: unknown severity "huge"; use minor, major, critical or maintenance (cState's down, disrupted and notice are read too)`,
		"incidents/a b.md: its page incidents/a-b/ is also the page of incidents/A-B.md (page names are file names in lower case, other characters as -); rename one of the files",
		"incidents/a-b.md: its page incidents/a-b/ is also the page of incidents/A-B.md (page names are file names in lower case, other characters as -); rename one of the files",
		"incidents/bad-one.md: its page incidents/bad-one/ is also the page of incidents/Bad one.md (page names are file names in lower case, other characters as -); rename one of the files",
		"incidents/日本.md: its page name would be empty; rename the file with letters or digits (the page is incidents/<file name>/)",
	}
	if ds.Error() != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%v\nwant:\n%s", ds.Error(), strings.Join(want, "\n"))
	}
	if n := countRejected(ds); n != 5 {
		t.Errorf("rejected %d, want 5", n)
	}
}

func TestCheckLintsPostmortems(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	complete := "## Summary\nx\n## Customer impact\nx\n## Timeline\nx\n## Contributing factors\nx\n## 5. Resolution:\nx\n## Lessons learned\nx\n"
	cfg := testsite.WriteIncidentSite(t, map[string]string{
		// Resolved 20 days ago, major, missing Impact, Root cause and
		// Lessons learned; its [[actions]] stand for the Action items
		// section. Action lines: 8 (no owner, no due), 11 (overdue), 16 (done); the body starts on line 20.
		"incidents/2026-11-03-thin.md": "+++\ntitle = \"Thin\"\nservices = [\"orders-api\"]\nseverity = \"major\"\nstarted = 2026-11-03T09:00:00Z\nresolved = 2026-11-03T10:00:00Z\n\n" +
			"[[actions]]\ntext = \"Add an alert\"\n\n[[actions]]\ntext = \"Fix the pool\"\nowner = \"Payments\"\ndue = 2026-11-20\n\n" +
			"[[actions]]\ntext = \"Done already\"\ndone = true\n+++\n## Summary\n\nx\n\n## Timeline\n\n## Resolution\n",
		// Complete postmortem: no warnings.
		"incidents/2026-11-01-full.md": "+++\ntitle = \"Full\"\nseverity = \"critical\"\nstarted = 2026-11-01T09:00:00Z\nresolved = 2026-11-01T10:00:00Z\n+++\n" + complete + "## Action items\n- none\n",
		// Resolved 3 days ago: still within the grace period.
		"incidents/2026-11-20-fresh.md": "+++\ntitle = \"Fresh\"\nseverity = \"critical\"\nstarted = 2026-11-20T09:00:00Z\nresolved = 2026-11-20T10:00:00Z\n+++\nTBD\n",
		// Minor: no sections required.
		"incidents/2026-10-01-minor.md": "+++\ntitle = \"Minor\"\nseverity = \"minor\"\nstarted = 2026-10-01T09:00:00Z\nresolved = 2026-10-01T10:00:00Z\n+++\nok\n",
	})
	ds := Check(cfg, now)
	var got []string
	for _, d := range ds {
		if strings.HasPrefix(d.Path, "incidents/") {
			got = append(got, d.Error())
		}
	}
	want := []string{
		`incidents/2026-11-03-thin.md:8: warning: action item "Add an alert" has no owner; add owner = "Team name" so someone answers for it`,
		`incidents/2026-11-03-thin.md:8: warning: action item "Add an alert" has no due date; add due = 2026-12-23`,
		`incidents/2026-11-03-thin.md:11: warning: action item "Fix the pool" is overdue (due 2026-11-20); finish it and set done = true, or agree a new due date`,
		`incidents/2026-11-03-thin.md:20: warning: postmortem has no "Impact" section; add "## Impact" (recommended for major incidents resolved more than 5 days ago)`,
		`incidents/2026-11-03-thin.md:20: warning: postmortem has no "Root cause" section; add "## Root cause" (recommended for major incidents resolved more than 5 days ago)`,
		`incidents/2026-11-03-thin.md:20: warning: postmortem has no "Lessons learned" section; add "## Lessons learned" (recommended for major incidents resolved more than 5 days ago)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ds.HasErrors() {
		t.Error("postmortem lint gives warnings, not errors")
	}
	gh := ds[0].GitHub()
	if !strings.HasPrefix(gh, "::warning file=incidents/2026-11-03-thin.md,line=8::") {
		t.Errorf("annotation %q", gh)
	}
}
