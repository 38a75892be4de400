package importer

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCState(t *testing.T) {
	s := newSite(t, map[string]string{
		// Space for T, no zone: read in the site's zone (Berlin, +01:00 in
		// March). "Public API" is a service's name, "ldap" is none.
		"issues/2021-03-21-api-down.md": `---
title: API down
date: 2021-03-21 10:00:00
resolved: true
resolvedWhen: 2021-03-21 12:42:00
# Possible severity levels: down, disrupted, notice
severity: down
affected:
  - Public API
  - ldap
section: issue
pin: true
---

Body **kept**.
`,
		// A zoned date and a bare resolvedWhen, one-digit hour: the bare
		// one is read in the date's zone, 16:05 UTC, not Berlin's 15:05.
		"issues/2021-12-15-web.md": "---\ntitle: Web slow\ndate: 2021-12-15T8:50:00-00:00\nresolved: true\nresolvedWhen: 2021-12-15 16:05:00\nseverity: disrupted\naffected: [web]\n---\nSlow.\n",
		// Ends before it starts even so: a draft without resolved.
		"issues/2022-01-01-backwards.md": "---\ntitle: Backwards\ndate: 2022-01-01T10:00:00Z\nresolved: true\nresolvedWhen: 2022-01-01T09:00:00Z\nseverity: notice\n---\n",
		// Still open.
		"issues/2025-12-11-maintenance.md": "---\ntitle: Planned maintenance\ndate: 2025-12-11T15:30:00Z\nresolved: false\nseverity: notice\naffected: [Website]\n---\n",
		"issues/bad-severity.md":           "---\ntitle: Hmm\ndate: 2022-01-01T10:00:00Z\nseverity: broken\n---\n",
		"issues/no-front-matter.md":        "Just text.\n",
	})
	dir := filepath.Join(s.Config.Dir, "issues")
	var sum Summary
	if err := s.ImportCState(dir, false, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Imported) != 4 || len(sum.Skipped) != 2 {
		t.Fatalf("imported %v\nskipped %v", sum.Imported, sum.Skipped)
	}
	notes := strings.Join(sum.Notes, "\n")
	for _, want := range []string{`affected "ldap" matches no service (1 file)`, "2025-12-11-maintenance.md looks like planned maintenance"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if sk := strings.Join(sum.Skipped, "\n"); !strings.Contains(sk, `bad-severity.md: severity "broken" is not down, disrupted or notice`) || !strings.Contains(sk, "no-front-matter.md: no YAML front matter") {
		t.Errorf("skipped: %s", sk)
	}
	ins := loadIncidents(t, s)
	a := ins["2021-03-21-api-down"]
	if a == nil || a.Severity != "critical" || strings.Join(a.Services, ",") != "api" || a.Started != mustTime("2021-03-21T09:00:00Z") ||
		a.Resolved != mustTime("2021-03-21T11:42:00Z") || !strings.Contains(string(a.Body), "<strong>kept</strong>") || !strings.Contains(string(a.Body), "Affected: ldap.") {
		t.Errorf("api-down: %+v", a)
	}
	src := readAll(t, filepath.Join(s.IncidentsDir(), "2021-03-21-api-down.md"))
	if !strings.Contains(src, "# cState keys not carried over: pin") || !strings.Contains(src, "# source: cstate 2021-03-21-api-down.md") {
		t.Errorf("front matter comments:\n%s", src)
	}
	w := ins["2021-12-15-web"]
	if w == nil || w.Severity != "major" || w.Started != mustTime("2021-12-15T08:50:00Z") || w.Resolved != mustTime("2021-12-15T16:05:00Z") {
		t.Errorf("web: %+v", w)
	}
	if b := ins["2022-01-01-backwards"]; b == nil || !b.Draft || !b.Resolved.IsZero() || b.Severity != "minor" {
		t.Errorf("backwards: %+v", b)
	}
	if m := ins["2025-12-11-maintenance"]; m == nil || !m.Resolved.IsZero() || strings.Join(m.Services, ",") != "web" {
		t.Errorf("open maintenance: %+v", m)
	}
	var again Summary
	if err := s.ImportCState(dir, false, &again); err != nil {
		t.Fatal(err)
	}
	if len(again.Imported) != 0 || len(again.Skipped) != 6 {
		t.Errorf("second run: imported %v skipped %v", again.Imported, again.Skipped)
	}
}
