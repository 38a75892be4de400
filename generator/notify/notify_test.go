package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/testsite"
)

// world is a site with four routed channels and their local receivers.
type world struct {
	t        *testing.T
	cfg      string // site.toml
	dir      string
	slack    *receiver
	chat     *receiver
	hook     *receiver
	smtp     *smtpServer
	env      map[string]string
	sleeps   []time.Duration
	client   *http.Client
	logs     []string
	mailSeen int
}

const (
	smtpUser = "notify-bot"
	smtpPass = "smtp-pa55word"
	hookKey  = "hmac-k3y-for-tests"
)

func newWorld(t *testing.T, extra string) *world {
	w := &world{t: t}
	w.slack = newReceiver(t, "slack", "")
	w.chat = newReceiver(t, "googlechat", "")
	w.hook = newReceiver(t, "webhook", hookKey)
	w.smtp = startSMTP(t, smtpUser, smtpPass)
	w.env = map[string]string{
		"T_SLACK_URL": w.slack.URL(), "T_CHAT_URL": w.chat.URL(), "T_HOOK_URL": w.hook.URL(),
		"T_HOOK_SECRET": hookKey, "T_SMTP_USER": smtpUser, "T_SMTP_PASS": smtpPass,
	}
	w.cfg = testsite.SiteFiles(t, map[string]string{
		"site.toml": `title = "Data platform"
base_url = "https://status.example.com/"

[[group]]
id = "pipelines"

[[service]]
id = "dbt-hourly"
name = "dbt hourly"
group = "pipelines"
owner = "Data team"
runbook = "https://wiki.example.com/runbooks/dbt"
interval = "1h"
labels = { env = "prod" }

  [[service.slo]]
  id = "runs"
  name = "Runs succeed"
  indicator = "ratio"
  objective = 99
  window = "1d"

[[channel]]
id = "slack"
type = "slack"
url_env = "T_SLACK_URL"

[[channel]]
id = "chat"
type = "googlechat"
url_env = "T_CHAT_URL"

[[channel]]
id = "hook"
type = "webhook"
url_env = "T_HOOK_URL"
secret_env = "T_HOOK_SECRET"

[[channel]]
id = "mail"
type = "email"
smtp = "` + w.smtp.Addr + `"
username_env = "T_SMTP_USER"
password_env = "T_SMTP_PASS"
from = "status@example.com"
to = ["oncall@example.com"]

[[route]]
channels = ["slack", "chat", "hook", "mail"]
groups = ["pipelines"]
labels = { env = "prod" }
severities = ["page"]
` + extra,
	})
	w.dir = filepath.Dir(w.cfg)
	return w
}

// runs writes the job's hourly runs ending at last: x failed, o good.
func (w *world) runs(last time.Time, runs string) {
	var b strings.Builder
	b.WriteString("time,good,total\n")
	for i, r := range runs {
		g := 1
		if r == 'x' {
			g = 0
		}
		fmt.Fprintf(&b, "%s,%d,1\n", last.Add(time.Duration(i-len(runs)+1)*time.Hour).Format(time.RFC3339), g)
	}
	w.write("content/metrics/dbt-hourly/2026-11.csv", b.String())
}

func (w *world) write(rel, s string) {
	p := filepath.Join(w.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// notify runs statusgen notify's work at now.
func (w *world) notify(now time.Time) Result {
	w.t.Helper()
	st, ds := site.Load(w.cfg, now)
	if st == nil || ds.HasErrors() {
		w.t.Fatalf("load: %v", ds)
	}
	res, err := Run(context.Background(), st, Options{
		Getenv: func(k string) string { return w.env[k] },
		TLS:    w.smtp.Client,
		Sleep:  func(_ context.Context, d time.Duration) error { w.sleeps = append(w.sleeps, d); return nil },
		Log:    func(s string) { w.logs = append(w.logs, s) },
		Client: w.client,
	})
	if err != nil {
		w.t.Fatalf("notify: %v", err)
	}
	return res
}

// received returns, per channel, the kinds of the messages received since
// the last call.
func (w *world) received() map[string][]string {
	w.t.Helper()
	out := map[string][]string{}
	for name, r := range map[string]*receiver{"slack": w.slack, "chat": w.chat, "hook": w.hook} {
		for _, m := range r.take() {
			kind := ""
			switch name {
			case "hook":
				kind = m["kind"].(string)
			default:
				kind = titleKind(fmt.Sprint(m["text"]))
			}
			out[name] = append(out[name], kind)
		}
	}
	mails := w.smtp.Messages(w.t)
	for _, m := range mails[w.mailSeen:] {
		if !strings.Contains(m, "X-Test-TLS: True") || !strings.Contains(m, "X-Test-Auth: True") {
			w.t.Errorf("mail not sent over STARTTLS with a login:\n%s", m)
		}
		for _, line := range strings.Split(m, "\r\n") {
			if k, ok := strings.CutPrefix(line, "X-Statusgen-Event: "); ok {
				out["mail"] = append(out["mail"], k)
			}
		}
	}
	w.mailSeen = len(mails)
	return out
}

// titleKind tells the kind from a chat message's title.
func titleKind(s string) string {
	switch {
	case strings.HasPrefix(s, "[RESOLVED] dbt hourly /"):
		return KindResolved
	case strings.HasPrefix(s, "[PAGE] still"):
		return KindRepeat
	case strings.HasPrefix(s, "[PAGE]"):
		return KindFired
	case strings.HasPrefix(s, "[NEW INCIDENT]"):
		return KindIncidentOpened
	case strings.HasPrefix(s, "[UPDATE]"):
		return KindIncidentUpdated
	case strings.HasPrefix(s, "[RESOLVED]"):
		return KindIncidentResolved
	case strings.HasPrefix(s, "[MAINTENANCE]"):
		return KindMaintenanceStarted
	}
	return "?" + s
}

func (w *world) expect(step string, want string) {
	w.t.Helper()
	got := w.received()
	for _, ch := range []string{"slack", "chat", "hook", "mail"} {
		exp := []string{}
		if want != "" {
			exp = []string{want}
		}
		if fmt.Sprint(got[ch]) != fmt.Sprint(exp) {
			w.t.Errorf("%s: %s received %v, want %v", step, ch, got[ch], exp)
		}
	}
}

// The "done when": an hourly job failing three runs in a row
// sends one page message to each routed channel, nothing while it stays
// firing, the resolution when it recovers; the same for an incident file
// committed and then resolved.
func TestNotifyHourlyJobAndIncident(t *testing.T) {
	w := newWorld(t, "")
	t0 := testsite.Time(t, "2026-11-23T12:00:00Z")
	runs := strings.Repeat("o", 21) + "xxx"
	w.runs(t0.Add(-10*time.Minute), runs)
	if res := w.notify(t0); res.Sent != 4 || res.Failed != 0 {
		t.Fatalf("first run: %+v", res)
	}
	w.expect("three failed runs", KindFired)

	runs += "x" // 12:50 failed too: still firing, within the repeat interval
	w.runs(t0.Add(50*time.Minute), runs)
	if res := w.notify(t0.Add(time.Hour)); res.Sent != 0 {
		t.Errorf("still firing: sent %d", res.Sent)
	}
	w.expect("still firing", "")

	runs += "o" // 13:50 good: x x o is not three in a row
	w.runs(t0.Add(110*time.Minute), runs)
	if res := w.notify(t0.Add(2 * time.Hour)); res.Sent != 4 {
		t.Errorf("recovery: sent %d", res.Sent)
	}
	w.expect("recovered", KindResolved)

	incident := `+++
title = "dbt models fail on a schema change"
services = ["dbt-hourly"]
severity = "major"
started = 2026-11-23T13:30:00Z
owner = "Data team"
%s
[[updates]]
time = 2026-11-23T13:40:00Z
status = "identified"
text = "A source column was renamed upstream."
+++
## Summary
`
	w.write("incidents/2026-11-23-schema.md", fmt.Sprintf(incident, ""))
	w.notify(t0.Add(2*time.Hour + 5*time.Minute))
	w.expect("incident committed", KindIncidentOpened)
	w.notify(t0.Add(2*time.Hour + 10*time.Minute))
	w.expect("incident unchanged", "")
	// A new public update is news: one update message.
	updated := strings.Replace(fmt.Sprintf(incident, ""), "+++\n## Summary", "[[updates]]\ntime = 2026-11-23T14:12:00Z\nstatus = \"monitoring\"\ntext = \"Models rebuilt; watching the next run.\"\n+++\n## Summary", 1)
	w.write("incidents/2026-11-23-schema.md", updated)
	w.notify(t0.Add(2*time.Hour + 15*time.Minute))
	w.expect("incident updated", KindIncidentUpdated)
	w.write("incidents/2026-11-23-schema.md", strings.Replace(updated, "owner = ", "resolved = 2026-11-23T14:20:00Z\nowner = ", 1))
	w.notify(t0.Add(2*time.Hour + 30*time.Minute))
	w.expect("incident resolved", KindIncidentResolved)
	w.notify(t0.Add(2*time.Hour + 40*time.Minute))
	w.expect("after resolution", "")

	// What the page message said, in Slack's words and by e-mail.
	mails := w.smtp.Messages(t)
	first := mails[0]
	for _, s := range []string{"Subject: [PAGE] dbt hourly / Runs succeed: 3 failed runs in a row", "Service: dbt hourly", "SLO: Runs succeed",
		"Severity: page", "Failed runs: 3 of the last 3", "Owner: Data team", "Runbook: https://wiki.example.com/runbooks/dbt",
		"Status page: https://status.example.com/services/dbt-hourly/", "SLI: 87.50% over 1d", "Objective: 99%"} {
		if !strings.Contains(first, s) {
			t.Errorf("the page mail lacks %q:\n%s", s, first)
		}
	}
	// No secret in the log lines or the state file.
	state, err := os.ReadFile(filepath.Join(w.dir, ".statusgen/notify-state.json"))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(w.logs, "\n") + string(state)
	for _, sec := range []string{"s3cret", hookKey, smtpPass} {
		if strings.Contains(all, sec) {
			t.Errorf("a secret (%s) leaked into the log or the state:\n%s", sec, all)
		}
	}
	var st State
	if err := json.Unmarshal(state, &st); err != nil || len(st.Channels) != 4 || len(st.Channels["slack"].Alerts) != 0 ||
		!st.Channels["mail"].Incidents["2026-11-23-schema"].Resolved {
		t.Errorf("state %s (%v)", state, err)
	}
}
