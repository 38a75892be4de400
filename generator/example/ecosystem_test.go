package example_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/ical"
	"github.com/statusgen/statusgen/generator/site"
)

// The demo (issue 17's acceptance): labelled services filterable by env;
// a weekly maintenance left out of its SLO and present in maintenance.ics
// and api/v2/scheduled-maintenances.json.
func TestDemoLabelsAndWeeklyMaintenance(t *testing.T) {
	dir := t.TempDir()
	if err := example.Write(dir, exampleNow); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	st, _, err := build.Build(build.Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: exampleNow})
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	prod, ext := read("labels/env/prod/index.html"), read("labels/env/external/index.html")
	if !strings.Contains(prod, "Orders API") || strings.Contains(prod, "Partner file drop</a>") {
		t.Error("labels/env/prod/ does not list the prod services only")
	}
	if !strings.Contains(ext, "Partner file drop") || strings.Contains(ext, "Orders API</a>") {
		t.Error("labels/env/external/ does not list partner-sftp only")
	}
	if !strings.Contains(read("index.html"), `href="labels/env/prod/index.html"`) {
		t.Error("the status page has no env filter")
	}

	// The weekly window is left out of partner-sftp's SLO: its valid time
	// is the window less the maintenance inside it (Sundays 03:00–04:00
	// Berlin; the 28 days to 23 Nov hold four, 4 h = 14,400 s).
	var sftp *site.ServiceReport
	for _, svc := range st.Services {
		if svc.ID == "partner-sftp" {
			sftp = svc
		}
	}
	if sftp == nil {
		t.Fatal("the demo has no partner-sftp")
	}
	r := sftp.SLOs[0]
	var maint float64
	for _, w := range st.MaintenanceWindows {
		a, b := max(w.Start.Unix(), r.WindowStart.Unix()), min(w.End.Unix(), r.WindowEnd.Unix())
		if b > a {
			maint += float64(b - a)
		}
	}
	window := r.WindowEnd.Sub(r.WindowStart).Seconds()
	if maint != 4*3600 || r.Total != window-maint {
		t.Errorf("valid time %v s, maintenance %v s; want %v − 14,400", r.Total, maint, window)
	}

	cal, err := ical.Parse([]byte(read("maintenance.ics")))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range cal.Events {
		found = found || e.RRule == "FREQ=WEEKLY;BYDAY=SU" && e.TZID == "Europe/Berlin" && e.Start.Hour() == 3
	}
	if !found {
		t.Errorf("maintenance.ics has no weekly Sunday 03:00 Berlin event: %+v", cal.Events)
	}
	var sp struct {
		Maint []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"scheduled_maintenances"`
	}
	if err := json.Unmarshal([]byte(read("api/v2/scheduled-maintenances.json")), &sp); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, m := range sp.Maint {
		ids[m.ID] = m.Status
	}
	// Sunday 29 Nov 2026, 03:00 CET = 02:00Z.
	if ids["sftp-patching-20261129t0200z"] != "scheduled" {
		t.Errorf("scheduled maintenances: %v", ids)
	}
}
