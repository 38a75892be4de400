package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/statusgen/statusgen/generator/ical"
)

const maintenanceBase = `
-- site.toml --
title = "Fixture"
base_url = "https://status.example.com/"
[[service]]
id = "sftp"
  [[service.slo]]
  id = "availability"
  indicator = "incidents"
  objective = 99
  window = "7d"
%MAINT%
-- incidents/2026-11-20-down.md --
+++
title = "SFTP down"
services = ["sftp"]
severity = "critical"
started = 2026-11-20T10:00:00Z
resolved = 2026-11-20T11:00:00Z
+++
Body.
`

// A weekly maintenance of site.toml counts as the same windows written as
// one-off maintenance incidents: the same SLO figures, the same status;
// it is announced on the status page, in the Statuspage scheduled
// maintenances and in maintenance.ics, which parses back to the same
// windows.
func TestRecurringMaintenanceAsOneOff(t *testing.T) {
	recurring := strings.Replace(maintenanceBase, "%MAINT%", `
[[maintenance]]
id = "sftp-patching"
title = "SFTP patching"
description = "Security updates; uploads wait."
services = ["sftp"]
start = "2026-11-09T11:00:00Z"
duration = "2h"
rrule = "FREQ=WEEKLY;BYDAY=MO"`, 1)
	oneOff := strings.Replace(maintenanceBase, "%MAINT%", "", 1)
	for _, day := range []string{"09", "16", "23"} {
		oneOff += `-- incidents/2026-11-` + day + `-patching.md --
+++
title = "SFTP patching"
services = ["sftp"]
severity = "maintenance"
started = 2026-11-` + day + `T11:00:00Z
resolved = 2026-11-` + day + `T13:00:00Z
+++
`
	}
	outR, stR, _ := buildSite(t, recurring)
	outO, stO, _ := buildSite(t, oneOff)

	// Window [2026-11-16T12:00Z, 2026-11-23T12:00Z) = 604,800 s.
	// Maintenance inside it: 16 Nov 12:00–13:00 (the part of 11:00–13:00
	// inside the window) = 3,600 s, and 23 Nov 11:00–12:00 (up to now) =
	// 3,600 s: valid = 604,800 − 7,200 = 597,600 s.
	// Bad: the critical hour on 20 Nov, 3,600 s at weight 1:
	// good = 594,000 s, sli = 594,000 / 597,600 = 0.993976.
	r, o := stR.Services[0].SLOs[0], stO.Services[0].SLOs[0]
	if r.Total != 597600 || r.Good != 594000 {
		t.Errorf("recurring: good %v of %v s, want 594000 of 597600", r.Good, r.Total)
	}
	if r.Total != o.Total || r.Good != o.Good || *r.SLI != *o.SLI {
		t.Errorf("recurring %v/%v differs from one-off %v/%v", r.Good, r.Total, o.Good, o.Total)
	}
	if got, want := stR.Services[0].Status, stO.Services[0].Status; got != "under_maintenance" || got != want {
		t.Errorf("status: recurring %s, one-off %s, want under_maintenance", got, want)
	}

	index := readOut(t, outR, "index.html")
	for _, want := range []string{"Recurring maintenance", "SFTP patching", `href="maintenance.ics"`, "FREQ=WEEKLY;BYDAY=MO"} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}

	if svc := readOut(t, outR, "services/sftp/index.html"); !strings.Contains(svc, "in progress until") || !strings.Contains(svc, `href="../../maintenance.ics"`) {
		t.Error("the service page does not show its maintenance window in progress")
	}

	var sp struct {
		ScheduledMaintenances []struct {
			ID, Status, ScheduledFor, ScheduledUntil string
		} `json:"scheduled_maintenances"`
	}
	b := readOut(t, outR, "api/v2/scheduled-maintenances.json")
	if err := json.Unmarshal([]byte(strings.NewReplacer("scheduled_for", "ScheduledFor", "scheduled_until", "ScheduledUntil").Replace(b)), &sp); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range sp.ScheduledMaintenances {
		got[m.ID] = m.Status + " " + m.ScheduledFor + " " + m.ScheduledUntil
	}
	for id, want := range map[string]string{
		"sftp-patching-20261123t1100z": "in_progress 2026-11-23T11:00:00Z 2026-11-23T13:00:00Z",
		"sftp-patching-20261130t1100z": "scheduled 2026-11-30T11:00:00Z 2026-11-30T13:00:00Z",
		"sftp-patching-20261221t1100z": "scheduled 2026-12-21T11:00:00Z 2026-12-21T13:00:00Z",
	} {
		if got[id] != want {
			t.Errorf("scheduled maintenance %s = %q, want %q", id, got[id], want)
		}
	}
	if _, ok := got["sftp-patching-20261116t1100z"]; ok {
		t.Error("a completed recurring window is listed")
	}
	if _, ok := got["sftp-patching-20261228t1100z"]; ok {
		t.Error("a window beyond the 30-day horizon is listed")
	}

	// maintenance.ics parses back; its rule gives the model's windows.
	cal, err := ical.Parse([]byte(readOut(t, outR, "maintenance.ics")))
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Events) != 1 || cal.Events[0].UID != "maintenance-sftp-patching@status.example.com" {
		t.Fatalf("events = %+v", cal.Events)
	}
	e := cal.Events[0]
	opt, err := rrule.StrToROption(e.RRule)
	if err != nil {
		t.Fatal(err)
	}
	opt.Dtstart = e.Start
	rule, err := rrule.NewRRule(*opt)
	if err != nil {
		t.Fatal(err)
	}
	var fromICS, fromModel []string
	for _, s := range rule.Between(fixedNow.AddDate(0, 0, -20), fixedNow.Add(30*24*time.Hour), true) {
		fromICS = append(fromICS, s.UTC().Format(time.RFC3339))
	}
	for _, w := range stR.MaintenanceWindows {
		if !w.Start.Before(fixedNow.AddDate(0, 0, -20)) {
			fromModel = append(fromModel, w.Start.Format(time.RFC3339))
		}
	}
	if strings.Join(fromICS, " ") != strings.Join(fromModel, " ") || len(fromICS) != 7 {
		t.Errorf("maintenance.ics windows %v, model %v (want 7: 9 Nov to 21 Dec)", fromICS, fromModel)
	}
	if e.End.Sub(e.Start) != 2*time.Hour || e.Description != "Security updates; uploads wait.\n\nAffects: sftp" {
		t.Errorf("event %v–%v %q", e.Start, e.End, e.Description)
	}

	// The one-off site's calendar holds its three maintenance incidents.
	cal, err = ical.Parse([]byte(readOut(t, outO, "maintenance.ics")))
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Events) != 3 || cal.Events[0].URL != "https://status.example.com/incidents/2026-11-09-patching/" {
		t.Errorf("one-off calendar = %+v", cal.Events)
	}
}

func readOut(t *testing.T, out, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, p))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
