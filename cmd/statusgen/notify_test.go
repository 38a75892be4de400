package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// notify's exit status says whether every message went out; a failed
// channel's message is sent by the next run; the secret URL shows nowhere.
func TestNotifyCommand(t *testing.T) {
	var fail atomic.Bool
	var got atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if fail.Load() {
			http.Error(w, "down", 503)
			return
		}
		got.Add(1)
	}))
	defer srv.Close()
	saved := notifyOptions
	notifyOptions.Sleep = func(context.Context, time.Duration) error { return nil }
	defer func() { notifyOptions = saved }()

	var rows strings.Builder
	rows.WriteString("time,good,total\n")
	for h := 0; h < 6; h++ {
		g := 1
		if h >= 3 {
			g = 0
		}
		fmt.Fprintf(&rows, "2026-11-23T%02d:50:00Z,%d,1\n", 6+h, g)
	}
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml": "title = \"T\"\n[[service]]\nid = \"etl\"\ninterval = \"1h\"\n  [[service.slo]]\n  id = \"runs\"\n  indicator = \"ratio\"\n  objective = 99\n  window = \"6h\"\n" +
			"[[channel]]\nid = \"hook\"\ntype = \"webhook\"\nurl_env = \"HOOK_URL\"\nsecret_env = \"HOOK_SECRET\"\n" +
			"[[route]]\nchannels = [\"hook\"]\nseverities = [\"page\"]\n",
		"content/metrics/etl/2026-11.csv": rows.String(),
	})
	env := map[string]string{"HOOK_URL": srv.URL + "/hook/s3cret", "HOOK_SECRET": "k"}
	fail.Store(true)
	code, out, errs := runCLI(t, env, "notify", "-c", cfg)
	if code != 1 || !strings.Contains(errs, "channel hook (webhook): answered 503 Service Unavailable: down; gave up after 5 attempts") ||
		!strings.Contains(out, "0 messages sent, 1 message not sent (sent again next run)") {
		t.Errorf("failing: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if strings.Contains(out+errs, "s3cret") {
		t.Errorf("the secret URL was printed:\n%s%s", out, errs)
	}
	fail.Store(false)
	code, out, errs = runCLI(t, env, "notify", "-c", cfg)
	if code != 0 || got.Load() != 1 || !strings.Contains(out, "sent alert_fired to hook: [PAGE] etl / runs: 3 failed runs in a row") {
		t.Errorf("retry: exit %d, %d received\nstdout %s\nstderr %s", code, got.Load(), out, errs)
	}
	code, out, _ = runCLI(t, env, "notify", "-c", cfg)
	if code != 0 || got.Load() != 1 || !strings.Contains(out, "0 messages sent, 0 messages not sent") {
		t.Errorf("third run: exit %d, %d received\n%s", code, got.Load(), out)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(cfg), ".statusgen", "notify-state.json")); err != nil {
		t.Error(err)
	}
	code, _, errs = runCLI(t, map[string]string{}, "notify", "-c", cfg, "--dry-run")
	if code != 0 {
		t.Errorf("dry run: exit %d %s", code, errs)
	}
}
