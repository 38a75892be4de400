package notify

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

func errText(res Result) string {
	var b strings.Builder
	for _, e := range res.Errors {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

// A webhook that answers 500: the other channels are sent, the failing
// one is retried with backoff, then left for the next run, which sends it
// once; nobody gets a message twice. No error names the secret URL.
func TestNotifyFailingChannelIsRetriedNextRun(t *testing.T) {
	w := newWorld(t, "")
	t0 := testsite.Time(t, "2026-11-23T12:00:00Z")
	w.runs(t0.Add(-10*time.Minute), strings.Repeat("o", 21)+"xxx")
	w.hook.fail = []int{500, 500, 500, 500, 500}
	res := w.notify(t0)
	if res.Sent != 3 || res.Failed != 1 || len(res.Errors) != 1 {
		t.Fatalf("first run: %+v", res)
	}
	msg := errText(res)
	// 1 + 2 + 4 + 8 s of backoff between the five attempts.
	if !strings.Contains(msg, "channel hook (webhook): answered 500 Internal Server Error: no_service; gave up after 5 attempts (waited 15s)") ||
		fmt.Sprint(w.sleeps) != "[1s 2s 4s 8s]" {
		t.Errorf("error %q, sleeps %v", msg, w.sleeps)
	}
	if strings.Contains(msg, "s3cret") {
		t.Errorf("the error names the secret URL: %s", msg)
	}
	got := w.received()
	if len(got["slack"]) != 1 || len(got["chat"]) != 1 || len(got["mail"]) != 1 || len(got["hook"]) != 0 {
		t.Errorf("first run received %v", got)
	}
	// Next run: the hook works again and gets the page once; the others
	// get nothing new.
	res = w.notify(t0.Add(5 * time.Minute))
	if res.Sent != 1 || res.Failed != 0 {
		t.Errorf("second run: %+v", res)
	}
	got = w.received()
	if fmt.Sprint(got) != fmt.Sprint(map[string][]string{"hook": {KindFired}}) {
		t.Errorf("second run received %v", got)
	}
}

// 429 with Retry-After is honoured; a webhook that hangs times out and
// does not hold up the others.
func TestNotifyRetryAfterAndHang(t *testing.T) {
	w := newWorld(t, "")
	w.client = &http.Client{Timeout: 300 * time.Millisecond}
	t0 := testsite.Time(t, "2026-11-23T12:00:00Z")
	w.runs(t0.Add(-10*time.Minute), strings.Repeat("o", 21)+"xxx")
	w.slack.fail, w.slack.retry = []int{429}, "7"
	w.chat.hang = true
	res := w.notify(t0)
	if res.Sent != 3 || res.Failed != 1 {
		t.Fatalf("%+v", res)
	}
	if w.sleeps[0] != 7*time.Second {
		t.Errorf("sleeps %v; want Retry-After's 7s first", w.sleeps)
	}
	if msg := errText(res); !strings.Contains(msg, "channel chat (googlechat): no answer in time (the webhook hangs); gave up after 5 attempts") || strings.Contains(msg, "s3cret") {
		t.Errorf("error %q", msg)
	}
	got := w.received()
	if len(got["slack"]) != 1 || w.slack.requests != 2 || len(got["hook"]) != 1 || len(got["mail"]) != 1 {
		t.Errorf("received %v (slack asked %d times)", got, w.slack.requests)
	}
}

// A missing secret names the site.toml line; the other channels still go.
func TestNotifyMissingSecret(t *testing.T) {
	w := newWorld(t, "")
	delete(w.env, "T_SLACK_URL")
	t0 := testsite.Time(t, "2026-11-23T12:00:00Z")
	w.runs(t0.Add(-10*time.Minute), strings.Repeat("o", 21)+"xxx")
	res := w.notify(t0)
	want := "site.toml:26: [channel] url_env: environment variable T_SLACK_URL is not set; set it to the webhook URL of channel slack (nothing was sent to it)"
	if res.Sent != 3 || res.Failed != 1 || !strings.Contains(errText(res), want) {
		t.Errorf("%+v\nwant %s", res, want)
	}
}

// Still firing after the repeat interval (4 h by default) is sent again;
// during maintenance of the service nothing fires, and the start of the
// maintenance is announced.
func TestNotifyRepeatAndMaintenance(t *testing.T) {
	w := newWorld(t, "[[route]]\nchannels = [\"hook\"]\nseverities = [\"info\"]\n")
	t0 := testsite.Time(t, "2026-11-23T12:00:00Z")
	runs := strings.Repeat("o", 21) + "xxx"
	w.runs(t0.Add(-10*time.Minute), runs)
	w.notify(t0)
	w.received()
	for h := 1; h <= 4; h++ {
		runs += "x"
		w.runs(t0.Add(time.Duration(h)*time.Hour-10*time.Minute), runs)
		w.notify(t0.Add(time.Duration(h) * time.Hour))
		want := ""
		if h == 4 { // 4 h since the page was sent
			want = KindRepeat
		}
		w.expect(fmt.Sprintf("hour %d", h), want)
	}
	// A maintenance from 16:30 to 20:00; the job recovers, then fails
	// three times inside the window: nothing is sent while it lasts, the
	// hook hears of its start, and the page goes out once it is over.
	w.write("incidents/2026-11-23-upgrade.md", "+++\ntitle = \"Warehouse upgrade\"\nservices = [\"dbt-hourly\"]\nseverity = \"maintenance\"\nstarted = 2026-11-23T16:30:00Z\nresolved = 2026-11-23T20:00:00Z\n+++\n")
	runs += "o"
	w.runs(t0.Add(5*time.Hour-10*time.Minute), runs) // 16:50 good: resolved
	w.notify(t0.Add(5 * time.Hour))
	got := w.received()
	if fmt.Sprint(got["hook"]) != fmt.Sprint([]string{KindResolved, KindMaintenanceStarted}) || len(got["slack"]) != 1 {
		t.Errorf("at 17:00 received %v", got)
	}
	runs += "xxx"
	w.runs(t0.Add(8*time.Hour-10*time.Minute), runs) // 17:50, 18:50, 19:50 failed
	w.notify(t0.Add(7*time.Hour + 55*time.Minute))   // 19:55: 3 in a row, in maintenance
	w.expect("in maintenance", "")
	w.notify(t0.Add(8*time.Hour + 5*time.Minute)) // 20:05: maintenance over, still firing
	w.expect("after maintenance", KindFired)
}

// A webhook that redirects is not followed (the message would go where
// nobody configured), and a 404 is not retried; both name the variable,
// never the URL. The data going stale is an alert of its own.
func TestNotifyRedirectNotFoundAndStale(t *testing.T) {
	w := newWorld(t, "[[route]]\nchannels = [\"slack\", \"chat\"]\nseverities = [\"ticket\"]\n")
	t0 := testsite.Time(t, "2026-11-23T12:00:00Z")
	// Good runs until 08:50; at 12:00 the newest is 3 h 10 min old, more
	// than two intervals (2 h): the ticket stale alert fires, nothing else.
	w.runs(t0.Add(-190*time.Minute), strings.Repeat("o", 24))
	w.slack.fail = []int{http.StatusTemporaryRedirect} // 307 keeps the POST and its body
	w.chat.fail = []int{http.StatusNotFound}
	res := w.notify(t0)
	msg := errText(res)
	if res.Sent != 0 || res.Failed != 2 || w.slack.requests != 1 || w.chat.requests != 1 ||
		!strings.Contains(msg, "channel slack (slack): answered 307 Temporary Redirect, a redirect, which is not followed; put the address it redirects to in T_SLACK_URL") ||
		!strings.Contains(msg, "channel chat (googlechat): answered 404 Not Found: no_service; check the webhook URL in T_CHAT_URL") || strings.Contains(msg, "s3cret") {
		t.Fatalf("%+v\n%s", res, msg)
	}
	res = w.notify(t0.Add(time.Minute))
	if res.Sent != 2 {
		t.Fatalf("second run: %+v", res)
	}
	for _, r := range []*receiver{w.slack, w.chat} {
		got := r.take()
		if len(got) != 1 || !strings.Contains(fmt.Sprint(got[0]["text"]), "[TICKET] dbt hourly data is stale: no data for more than 2h") {
			t.Errorf("%s received %v", r.kind, got)
		}
	}
}

// E-mail goes only over STARTTLS: a server that does not offer it gets
// nothing; a wrong password is refused, named by its variable, never
// shown.
func TestNotifyMailRefusals(t *testing.T) {
	w := newWorld(t, "")
	t0 := testsite.Time(t, "2026-11-23T12:00:00Z")
	w.runs(t0.Add(-10*time.Minute), strings.Repeat("o", 21)+"xxx")
	w.env["T_SMTP_PASS"] = "wrong-pa55"
	res := w.notify(t0)
	msg := errText(res)
	if res.Sent != 3 || res.Failed != 1 || !strings.Contains(msg, "channel mail (email): smtp "+w.smtp.Addr+": login as the user in T_SMTP_USER: 535") ||
		strings.Contains(msg, "wrong-pa55") || len(w.smtp.Messages(t)) != 0 {
		t.Errorf("%+v\n%s", res, msg)
	}

	// A server that offers no STARTTLS (a fake on 127.0.0.1 that answers
	// EHLO and then waits for QUIT): nothing is sent in clear text.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var sawMail atomic.Bool
	go func() {
		for i := 0; i < 10; i++ { // bounded: at most 10 connections
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(10 * time.Second))
			rd := bufio.NewReader(c)
			fmt.Fprint(c, "220 plain.example ESMTP\r\n")
			for {
				line, err := rd.ReadString('\n')
				if err != nil {
					break
				}
				cmd := strings.ToUpper(strings.TrimSpace(line))
				switch {
				case strings.HasPrefix(cmd, "EHLO"):
					fmt.Fprint(c, "250-plain.example\r\n250 AUTH PLAIN\r\n")
				case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "AUTH"):
					sawMail.Store(true)
					fmt.Fprint(c, "250 OK\r\n")
				case cmd == "QUIT":
					fmt.Fprint(c, "221 bye\r\n")
				default:
					fmt.Fprint(c, "250 OK\r\n")
				}
			}
			c.Close()
		}
	}()
	cfg, err := os.ReadFile(w.cfg)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(w.cfg, []byte(strings.Replace(string(cfg), w.smtp.Addr, l.Addr().String(), 1)), 0o644)
	w.env["T_SMTP_PASS"] = smtpPass
	res = w.notify(t0.Add(time.Minute))
	if msg := errText(res); res.Sent != 0 || res.Failed != 1 || sawMail.Load() ||
		!strings.Contains(msg, "the server does not offer STARTTLS; statusgen sends mail only encrypted") {
		t.Errorf("%+v\n%s", res, msg)
	}
}
