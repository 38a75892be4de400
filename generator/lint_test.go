package generator

import (
	"strings"
	"testing"
	"time"
)

func TestCheckLintsPostmortems(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	complete := "## Summary\nx\n## Customer impact\nx\n## Timeline\nx\n## Contributing factors\nx\n## 5. Resolution:\nx\n## Lessons learned\nx\n"
	cfg := writeIncidentSite(t, map[string]string{
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
