package importer

import (
	"path/filepath"
	"strings"
	"testing"
)

// Incidents as stactus's showcase writes them: absolute, hour-only and
// +duration times, several documents in one file, systems by id.
const stactusIncidents = `version: incident/v1
id: 2024-01-10-api-errors
name: Elevated API error rates
impact: major
systems: [api, billing]
timeline:
  - ts: 2024-01-10 09:12
    investigating: true
    description: We are investigating elevated error rates.
  - ts: "09:40"
    description: A bad deploy was identified and is being rolled back.
  - ts: +50m
    resolved: true
    description: Error rates are back to normal.
---
version: incident/v1
id: 2024-02-01-site-slow
name: Website slow
impact: ""
systems: [website]
timeline:
  - ts: 2024/02/01 10:00:00
    investigating: true
    description: Pages load slowly.
`

func TestImportStactus(t *testing.T) {
	s := newSite(t, map[string]string{
		"st/incidents/2024.yaml":  stactusIncidents,
		"st/incidents/bad.yml":    "version: incident/v1\nid: x\nname: X\nimpact: huge\ntimeline: [{ts: 2024-01-01 00:00}]\n",
		"st/incidents/broken.yml": "version: [\n",
		"st/stactus.yaml":         "version: stactus/v1\nsystems:\n  - id: website\n    name: Website\n",
	})
	var sum Summary
	err := s.ImportStactus(filepath.Join(s.Config.Dir, "st", "incidents"), StactusOptions{SystemsFile: filepath.Join(s.Config.Dir, "st", "stactus.yaml")}, &sum)
	if err != nil {
		t.Fatal(err)
	}
	if sum.NImported != 2 || sum.Err() == nil || !strings.Contains(strings.Join(sum.Skipped, "\n"), `bad.yml: document 1 (x): impact "huge" is not minor, major or critical`) {
		t.Errorf("summary %+v", sum)
	}
	if !strings.Contains(strings.Join(sum.Notes, "\n"), `system "billing" matches no service (1 incident)`) {
		t.Errorf("notes %v", sum.Notes)
	}
	ins := loadIncidents(t, s)
	a := ins["2024-01-10-elevated-api-error-rates"]
	// 09:12 start; 09:40 on the same day; +50m → 10:30 resolved.
	if a == nil || a.Severity != "major" || strings.Join(a.Services, ",") != "api" || a.Started != mustTime("2024-01-10T09:12:00Z") ||
		a.Resolved != mustTime("2024-01-10T10:30:00Z") || len(a.Updates) != 3 || a.Updates[1].Status != "identified" || a.Updates[2].Status != "resolved" {
		t.Errorf("api errors: %+v", a)
	}
	w := ins["2024-02-01-website-slow"]
	if w == nil || w.Severity != "minor" || strings.Join(w.Services, ",") != "web" || !w.Resolved.IsZero() || w.Started != mustTime("2024-02-01T10:00:00Z") {
		t.Errorf("website (system name Website → service web): %+v", w)
	}
	var again Summary
	if err := s.ImportStactus(filepath.Join(s.Config.Dir, "st", "incidents"), StactusOptions{}, &again); err != nil || again.NImported != 0 {
		t.Errorf("second run: %v %+v", err, again)
	}
}
