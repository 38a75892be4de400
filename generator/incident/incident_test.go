package incident

import (
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/testsite"
)

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, ds := config.LoadConfig(testsite.WriteIncidentSite(t, map[string]string{}))
	if cfg == nil || ds.HasErrors() {
		t.Fatalf("config: %v", ds)
	}
	return cfg
}

// parseOne parses src as incidents/<name> and returns the incident and the
// diagnostics as "line: [warning: ]message" strings.
func parseOne(t *testing.T, name, src string) (*Incident, []string) {
	t.Helper()
	var ds diag.Diagnostics
	in := Parse(testConfig(t), "incidents/"+name, []byte(src), &ds)
	ds.Sort()
	var out []string
	for _, d := range ds {
		out = append(out, strings.TrimPrefix(d.Error(), "incidents/"+name+":"))
	}
	return in, out
}

const fullYAML = `---
title: Orders API returned 503s after a bad deploy
services: [orders-api, Data Warehouse]
severity: major
started: 2026-11-03T09:12:00Z
detected: 2026-11-03T09:20:00Z
contained: 2026-11-03T09:45:00Z
resolved: 2026-11-03T10:30:00Z
owner: Payments team
draft: false
updates:
  - time: 2026-11-03T09:25:00Z
    status: investigating
    text: Elevated error rates on order submission.
  - time: 2026-11-03T10:30:00Z
    status: resolved
    text: Rolled back.
actions:
  - text: Alert on 5xx ratio per deploy
    owner: Payments team
    due: 2026-11-30
    issue: acme/orders#412
    done: false
---
## Summary

The deploy broke checkout.
`

func TestParseIncidentTOMLAndYAMLAgree(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, tc := range []struct{ name, src string }{{"toml.md", testsite.FullTOML}, {"yaml.md", fullYAML}} {
		t.Run(tc.name, func(t *testing.T) {
			in, diags := parseOne(t, tc.name, tc.src)
			if len(diags) != 0 || in == nil {
				t.Fatalf("diagnostics: %q", diags)
			}
			if in.Title != "Orders API returned 503s after a bad deploy" || in.Severity != SeverityMajor || in.Owner != "Payments team" {
				t.Errorf("title/severity/owner = %q %q %q", in.Title, in.Severity, in.Owner)
			}
			if strings.Join(in.Services, ",") != "orders-api,warehouse" {
				t.Errorf("services = %v (a name must resolve to its id)", in.Services)
			}
			want := map[string]string{"started": "2026-11-03T09:12:00Z", "detected": "2026-11-03T09:20:00Z", "contained": "2026-11-03T09:45:00Z", "resolved": "2026-11-03T10:30:00Z"}
			got := map[string]string{"started": fmtUTC(in.Started), "detected": fmtUTC(in.Detected), "contained": fmtUTC(in.Contained), "resolved": fmtUTC(in.Resolved)}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %s, want %s", k, got[k], v)
				}
			}
			if len(in.Updates) != 2 || in.Updates[0].Status != "investigating" || in.Updates[1].Text != "Rolled back." || in.Updates[0].Line != 12 {
				t.Errorf("updates = %+v", in.Updates)
			}
			if len(in.Actions) != 1 {
				t.Fatalf("actions = %+v", in.Actions)
			}
			a := in.Actions[0]
			// The due date is a day in the site's time zone.
			if !a.Due.Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, berlin)) || a.Owner != "Payments team" || a.Done {
				t.Errorf("action = %+v", a)
			}
			if a.IssueURL() != "https://github.com/acme/orders/issues/412" {
				t.Errorf("issue url = %q", a.IssueURL())
			}
			wantLine := map[string]int{"toml.md": 22, "yaml.md": 19}[tc.name]
			if a.Line != wantLine {
				t.Errorf("action line = %d, want %d", a.Line, wantLine)
			}
			if in.BodyLine != map[string]int{"toml.md": 29, "yaml.md": 25}[tc.name] {
				t.Errorf("body line = %d", in.BodyLine)
			}
			if !strings.Contains(string(in.Body), "<h2") || strings.Join(in.Headings, "|") != "Summary" {
				t.Errorf("body = %s headings = %q", in.Body, in.Headings)
			}
			// 8 min to detect, 33 to contain, 78 to resolve.
			if *in.TimeToDetect() != 8*time.Minute || *in.TimeToContain() != 33*time.Minute || *in.TimeToResolve() != 78*time.Minute {
				t.Errorf("durations %v %v %v", *in.TimeToDetect(), *in.TimeToContain(), *in.TimeToResolve())
			}
		})
	}
}

// TestParseCStateFile reads a cState file as such sites write it: YAML,
// dirty dates, down|disrupted|notice, affected by name.
func TestParseCStateFile(t *testing.T) {
	src := `---
title: Orders API slow
date: 2026-10-01 9:05:00
resolved: true
resolvedWhen: 2026-10-01T10:20:00
# Possible severity levels: down, disrupted, notice
severity: down
affected:
  - orders api
  - ldap
section: issue
---
Back to normal.
`
	in, diags := parseOne(t, "2026-10-01-slow.md", src)
	if in == nil {
		t.Fatalf("rejected: %q", diags)
	}
	want := []string{
		"3: warning: date: time written with a space instead of T, a single-digit hour, no time zone (read in Europe/Berlin); prefer RFC 3339 such as 2026-11-03T09:12:00Z",
		"5: warning: resolvedWhen: time written with no time zone (read in Europe/Berlin); prefer RFC 3339 such as 2026-11-03T09:12:00Z",
		`8: warning: affected "ldap" matches no service's name or id; it is shown as plain text and counts against no SLO`,
	}
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(diags, "\n"), strings.Join(want, "\n"))
	}
	// 09:05 and 10:20 in Berlin (CEST, +02:00) are 07:05 and 08:20 UTC.
	if fmtUTC(in.Started) != "2026-10-01T07:05:00Z" || fmtUTC(in.Resolved) != "2026-10-01T08:20:00Z" {
		t.Errorf("started %s resolved %s", fmtUTC(in.Started), fmtUTC(in.Resolved))
	}
	if in.Severity != SeverityCritical || !in.CState {
		t.Errorf("severity %q cstate %v; down must read as critical", in.Severity, in.CState)
	}
	if strings.Join(in.Services, ",") != "orders-api" || strings.Join(in.Unmatched, ",") != "ldap" {
		t.Errorf("services %v unmatched %v", in.Services, in.Unmatched)
	}
}

func TestParseCStateResolvedFlag(t *testing.T) {
	ongoing := "---\ntitle: Upgrade\ndate: 2026-12-11T15:30:00-00:00\nresolved: false\n# resolvedWhen: 2026-12-11T14:30:00-00:00\nseverity: disrupted\naffected: [Orders API]\nsection: issue\n---\n"
	in, diags := parseOne(t, "a.md", ongoing)
	if in == nil || len(diags) != 0 || !in.Resolved.IsZero() || in.Severity != SeverityMajor {
		t.Fatalf("ongoing cState incident: %+v %q", in, diags)
	}
	if in.State(time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC)) != StateOngoing {
		t.Errorf("state = %s", in.State(time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC)))
	}
	noWhen := "---\ntitle: Blip\ndate: 2026-12-11T15:30:00Z\nresolved: true\nseverity: notice\n---\n"
	in, diags = parseOne(t, "b.md", noWhen)
	if in == nil || in.Severity != SeverityMinor || !in.Resolved.Equal(in.Started) || len(diags) != 1 || !strings.HasPrefix(diags[0], "4: warning: resolved: true without resolvedWhen") {
		t.Errorf("resolved without resolvedWhen: %+v %q", in, diags)
	}
}

// TestParseIncidentRejects covers each reason a file is left out, with the
// file line the message points at.
func TestParseIncidentRejects(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the first error
	}{
		{"unknown severity", "+++\ntitle = \"x\"\nstarted = 2026-11-03T09:12:00Z\nseverity = \"critcal\"\n+++\n",
			`4: unknown severity "critcal"; use minor, major, critical or maintenance (cState's down, disrupted and notice are read too); did you mean "critical"?`},
		{"unknown service", "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\nservices = [\"order-api\"]\n+++\n",
			`5: unknown service "order-api"; did you mean "orders-api"?; services are the ids (or names) of site.toml's [[service]] entries: orders-api, warehouse`},
		{"resolved before started", "---\ntitle: x\nseverity: minor\nstarted: 2026-11-03T09:12:00Z\nresolved: 2026-11-03T08:00:00Z\n---\n",
			"5: resolved 2026-11-03T08:00:00Z is before started 2026-11-03T09:12:00Z; fix one of them"},
		{"cState resolvedWhen before date", "---\ntitle: x\nseverity: notice\ndate: 2026-11-03T09:12:00Z\nresolved: true\nresolvedWhen: 2026-11-02T09:12:00Z\n---\n",
			"6: resolved 2026-11-02T09:12:00Z is before started 2026-11-03T09:12:00Z; fix one of them"},
		{"missing title", "+++\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\n+++\n",
			`2: missing title; add title = "What users saw"`},
		{"missing started", "---\ntitle: x\nseverity: minor\n---\n",
			"2: missing started; add started = 2026-11-03T09:12:00Z (when impact began)"},
		{"unreadable time", "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = \"yesterday\"\n+++\n",
			`4: started: cannot read "yesterday" as a time; write RFC 3339 such as 2026-11-03T09:12:00Z`},
		{"unknown key TOML", "+++\ntitle = \"x\"\nseverty = \"minor\"\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\n+++\n",
			`3: unknown key "severty"; did you mean "severity"?`},
		{"unknown key in an action", "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\n\n[[actions]]\ntext = \"a\"\nowner = \"b\"\n\n[[actions]]\ntext = \"c\"\nonwer = \"d\"\n+++\n",
			`12: unknown key "onwer" in an action; did you mean "owner"?`},
		{"unknown key YAML", "---\ntitle: x\nseverity: minor\nstarted: 2026-11-03T09:12:00Z\nupdates:\n  - time: 2026-11-03T09:12:00Z\n    status: investigating\n    txt: hi\n---\n",
			`8: unknown key "txt" in an update; did you mean "text"?`},
		{"unknown update status", "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\n[[updates]]\ntime = 2026-11-03T09:12:00Z\nstatus = \"investigatng\"\n+++\n",
			`7: unknown update status "investigatng"; use investigating, identified, monitoring or resolved (maintenance: scheduled, in_progress, verifying, completed); did you mean "investigating"?`},
		{"TOML syntax error", "+++\ntitle = \"x\"\nseverity = minor\n+++\n", "3:12: front matter: "},
		{"YAML syntax error", "---\ntitle: x\nseverity: [minor\nstarted: 2026\n---\n", "3: front matter: did not find expected ',' or ']'"},
		{"YAML scanner error", "---\ntitle: x\nseverity: a: b\n---\n", "3: front matter: mapping values are not allowed in this context"},
		{"no front matter", "# All services returning 503\n\n## Summary\n",
			`1: no front matter; start the file with a +++ line, then title = "All services returning 503"`},
		{"never closed", "+++\ntitle = \"x\"\n", "1: front matter opened with +++ is never closed; add a +++ line after its last field"},
		// Duplicate keys: YAML took one silently; TOML already refused them.
		{"YAML duplicate key", "---\ntitle: x\nseverity: minor\ntitle: y\nstarted: 2026-11-03T09:12:00Z\n---\n",
			`4: front matter: key "title" is already set on line 2; keep one of them`},
		{"YAML duplicate key in an update", "---\ntitle: x\nseverity: minor\nstarted: 2026-11-03T09:12:00Z\nupdates:\n  - time: 2026-11-03T09:12:00Z\n    status: investigating\n    status: resolved\n---\n",
			`8: front matter: key "status" is already set on line 7; keep one of them`},
		{"YAML duplicate key in cState", "---\ntitle: x\ndate: 2026-11-03T09:12:00Z\nseverity: down\nresolved: true\nresolvedWhen: 2026-11-03T10:00:00Z\nresolvedWhen: 2026-11-03T11:00:00Z\n---\n",
			`7: front matter: key "resolvedWhen" is already set on line 6; keep one of them`},
		{"TOML duplicate key", "+++\ntitle = \"x\"\nseverity = \"minor\"\ntitle = \"y\"\n+++\n", "4:20: front matter: Key 'title' has already been defined."},
		{"TOML duplicate key in an action", "+++\ntitle = \"x\"\nseverity = \"minor\"\nstarted = 2026-11-03T09:12:00Z\n[[actions]]\ntext = \"a\"\ntext = \"b\"\n+++\n",
			"7:12: front matter: Key 'actions.text' has already been defined."},
		{"YAML merge key", "---\ntitle: x\nbase: &b {severity: minor}\n<<: *b\n---\n", "4: front matter: merge keys (<<) are not supported; write the keys out"},
		// An alias inside its own anchor recursed until the stack overflowed.
		{"YAML alias in its own anchor", "---\ntitle: x\nseverity: minor\nstarted: &a [*a]\n---\n", "4: front matter: alias *a is used inside its own anchor; write the value out"},
		{"YAML alias bomb", "---\ntitle: x\nseverity: minor\nstarted: 2026-11-03T09:12:00Z\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n", "8: front matter: more than 10,000 values (aliases counted as often as they are used); write the values out"},
		{"both date and started", "---\ntitle: x\nseverity: minor\nstarted: 2026-11-03T09:12:00Z\ndate: 2026-11-03T09:12:00Z\n---\n",
			"5: both started and date are set; keep started (date is cState's name for it)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, diags := parseOne(t, "x.md", tc.src)
			if in != nil {
				t.Fatalf("published; want rejected with %q", tc.want)
			}
			var errs []string
			for _, d := range diags {
				if !strings.Contains(d, "warning:") {
					errs = append(errs, d)
				}
			}
			if len(errs) == 0 || !strings.HasPrefix(errs[0], tc.want) {
				t.Errorf("errors %q\nwant first to start with %q", errs, tc.want)
			}
		})
	}
}

func TestDirtyTimes(t *testing.T) {
	utc := time.UTC
	for _, tc := range []struct {
		in, want string
		dirty    bool
	}{
		{"2026-11-03T09:12:00Z", "2026-11-03T09:12:00Z", false},
		{"2026-11-03T09:12:00+01:00", "2026-11-03T08:12:00Z", false},
		{"2021-05-29T22:41:00-00:00", "2021-05-29T22:41:00Z", false},
		{"2026-11-03 09:12:00Z", "2026-11-03T09:12:00Z", true},
		{"2026-11-03T9:12:00Z", "2026-11-03T09:12:00Z", true},
		{"2026-11-03T09:12", "2026-11-03T09:12:00Z", true},
	} {
		got, warn, dateOnly, err := parseDirtyTime(tc.in, utc)
		if err != nil || fmtUTC(got) != tc.want || (warn != "") != tc.dirty || dateOnly {
			t.Errorf("%s → %s %q %v %v; want %s dirty=%v", tc.in, fmtUTC(got), warn, dateOnly, err, tc.want, tc.dirty)
		}
	}
	if got, _, dateOnly, err := parseDirtyTime("2026-11-03", utc); err != nil || fmtUTC(got) != "2026-11-03T00:00:00Z" || !dateOnly {
		t.Errorf("2026-11-03 → %s %v %v; want midnight, date only", fmtUTC(got), dateOnly, err)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Orders API: 503s after deploy": "orders-api-503s-after-deploy",
		"  Größe   & Café ":             "grosse-cafe",
		"2025-12-11-x.AT-c3116d4":       "2025-12-11-x-at-c3116d4",
		"日本":                            "",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLifecycle(t *testing.T) {
	in, _ := parseOne(t, "a.md", testsite.FullTOML)
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	ph := in.Lifecycle(now)
	var got []string
	for _, p := range ph {
		d := "-"
		if p.Duration != nil {
			d = p.Duration.String()
		}
		got = append(got, p.Name+" "+d)
	}
	// identification 09:12→09:20, containment 09:20→09:45, eradication 09:45→10:30.
	want := "Preparation -|Identification 8m0s|Containment 25m0s|Eradication 45m0s|Recovery -|Lessons learned -"
	if strings.Join(got, "|") != want {
		t.Errorf("lifecycle %s\nwant      %s", strings.Join(got, "|"), want)
	}
	if ph[5].Note != "0 of 1 action items done" {
		t.Errorf("lessons note %q", ph[5].Note)
	}
}

func TestMaintenanceStates(t *testing.T) {
	in, diags := parseOne(t, "m.md", "+++\ntitle = \"DB upgrade\"\nseverity = \"maintenance\"\nstarted = 2026-11-30T22:00:00Z\nresolved = 2026-11-30T23:00:00Z\n+++\n")
	if in == nil {
		t.Fatal(diags)
	}
	for now, want := range map[string]string{"2026-11-23T00:00:00Z": StateUpcoming, "2026-11-30T22:30:00Z": StateInProgress, "2026-12-01T00:00:00Z": StateCompleted} {
		n, _ := time.Parse(time.RFC3339, now)
		if got := in.State(n); got != want {
			t.Errorf("at %s: %s, want %s", now, got, want)
		}
	}
}

// TestIncidentTimesChecked: a time of day without a date and a time outside
// 1970–2199 reject the file at the field's line, in every syntax and for
// every time field; a date without a time is read as midnight in the
// site's time zone, with a warning (except for due, which is a date).
func TestIncidentTimesChecked(t *testing.T) {
	toml := func(fields string) string {
		return "+++\ntitle = \"x\"\nseverity = \"critical\"\n" + fields + "\n+++\n"
	}
	yaml := func(fields string) string { return "---\ntitle: x\nseverity: critical\n" + fields + "\n---\n" }
	cstate := func(fields string) string {
		return "---\ntitle: x\nseverity: down\nresolved: false\n" + fields + "\n---\n"
	}
	const ok = "started = 2026-11-03T09:12:00Z\n"
	timeOfDay := "started: 10:00:00 is a time of day without a date; write the date too, such as 2026-11-03T10:00:00Z"
	for _, tc := range []struct {
		name, src string
		want      string // the first diagnostic
		started   string // when accepted, started in UTC
	}{
		{"TOML time of day", toml("started = 10:00:00"), "4: " + timeOfDay, ""},
		{"YAML time of day", yaml("started: 10:00:00"), "4: " + timeOfDay, ""},
		{"YAML quoted time of day", yaml(`started: "10:00"`), "4: started: 10:00 is a time of day without a date", ""},
		{"cState time of day", cstate("date: 10:00:00"), "5: date: 10:00:00 is a time of day without a date", ""},
		{"TOML detected time of day", toml(ok + "detected = 09:30:00"), "5: detected: 09:30:00 is a time of day without a date", ""},
		{"TOML update time of day", toml(ok + "[[updates]]\ntime = 09:30:00\nstatus = \"investigating\""), "6: time: 09:30:00 is a time of day without a date", ""},
		{"TOML due time of day", toml(ok + "[[actions]]\ntext = \"a\"\ndue = 09:30:00"), "7: due: 09:30:00 is a time of day without a date", ""},
		{"TOML before 1970", toml("started = 1969-12-31T23:59:59Z"), "4: started: 1969-12-31T23:59:59Z is out of range; write a time between 1970 and 2199", ""},
		{"TOML unix seconds before 1970", toml("started = -1"), "4: started: 1969-12-31T23:59:59Z is out of range", ""},
		{"YAML year 1", yaml("started: 0001-01-01T00:00:00Z"), "4: started: 0001-01-01T00:00:00Z is out of range", ""},
		{"cState 2200", cstate("date: 2200-01-01T00:00:00Z"), "5: date: 2200-01-01T00:00:00Z is out of range", ""},
		{"TOML resolved 2300", toml(ok + "resolved = 2300-01-01T00:00:00Z"), "5: resolved: 2300-01-01T00:00:00Z is out of range", ""},
		{"cState resolvedWhen 1900", "---\ntitle: x\nseverity: down\ndate: 2026-11-03T09:12:00Z\nresolved: true\nresolvedWhen: 1900-01-01T00:00:00Z\n---\n",
			"6: resolvedWhen: 1900-01-01T00:00:00Z is out of range", ""},
		{"YAML update 2999", yaml("started: 2026-11-03T09:12:00Z\nupdates:\n  - time: 2999-01-01T00:00:00Z\n    status: investigating"),
			"6: time: 2999-01-01T00:00:00Z is out of range", ""},
		{"TOML due 1900", toml(ok + "[[actions]]\ntext = \"a\"\ndue = 1900-01-01"), "7: due: 1899-12-31T23:00:00Z is out of range", ""},
		// Accepted: midnight in Berlin (UTC+1 in November), with a warning.
		{"TOML date", toml("started = 2026-11-03"),
			"4: warning: started: a date without a time of day; read as midnight in the site's time zone Europe/Berlin (write the time too, such as 2026-11-03T09:12:00Z)",
			"2026-11-02T23:00:00Z"},
		{"YAML date", yaml("started: 2026-11-03"), "4: warning: started: a date without a time of day; read as midnight", "2026-11-02T23:00:00Z"},
		{"cState date", cstate("date: 2026-11-03"), "5: warning: date: a date without a time of day; read as midnight", "2026-11-02T23:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, diags := parseOne(t, "x.md", tc.src)
			if len(diags) == 0 || !strings.HasPrefix(diags[0], tc.want) {
				t.Errorf("diagnostics %q\nwant the first to start with %q", diags, tc.want)
			}
			switch {
			case tc.started == "" && in != nil:
				t.Errorf("published, started %s; want rejected", fmtUTC(in.Started))
			case tc.started != "" && (in == nil || fmtUTC(in.Started) != tc.started):
				t.Errorf("incident %+v; want started %s", in, tc.started)
			}
		})
	}
	// A due date alone is what due wants: no warning.
	if in, diags := parseOne(t, "x.md", toml(ok+"[[actions]]\ntext = \"a\"\ndue = 2026-11-30")); in == nil || len(diags) != 0 {
		t.Errorf("due date: %q", diags)
	}
}

// While an incident is ongoing, eradication is not "the cause removed",
// and the page lists the updates published by then, newest first.
func TestLifecycleAndUpdatesWhileOngoing(t *testing.T) {
	in, _ := parseOne(t, "a.md", testsite.FullTOML)
	// 10:00: detected 09:20, contained 09:45, resolved only at 10:30.
	now := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	era := in.Lifecycle(now)[3]
	if era.Name != "Eradication" || era.Note != "the cause not removed yet" || !era.To.IsZero() {
		t.Errorf("eradication while ongoing = %+v; want no end and \"the cause not removed yet\"", era)
	}
	// Not contained either: eradication has no start.
	in2 := *in
	in2.Contained = time.Time{}
	if era := in2.Lifecycle(now)[3]; !era.From.IsZero() || era.Reached {
		t.Errorf("eradication before containment = %+v; want not reached, no start", era)
	}
	// Updates at 09:25 and 10:30: at 10:00 only the first; at 11:00 both, newest first.
	if u := in.UpdatesAt(now); len(u) != 1 || u[0].Time.Hour() != 9 {
		t.Errorf("updates at 10:00 = %+v; want the 09:25 one", u)
	}
	if u := in.UpdatesAt(now.Add(time.Hour)); len(u) != 2 || !u[0].Time.After(u[1].Time) {
		t.Errorf("updates at 11:00 = %+v; want both, newest first", u)
	}
}
