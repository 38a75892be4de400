package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// now is the probe's time in these tests; certificates are made around it.
var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func runOne(t *testing.T, probe string, opts Options) Result {
	t.Helper()
	cfg := probeSite(t, [][2]string{{"svc", probe}})
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	opts.Now = now
	rs := Run(context.Background(), cfg, nil, opts)
	if len(rs) != 1 {
		t.Fatalf("%d results", len(rs))
	}
	return rs[0]
}

// header_env: the value comes from the environment, is sent, and never
// shows in what the probe reports.
func TestProbeHeadersFromEnvironment(t *testing.T) {
	const secret = "Bearer s3cret-token"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != secret || r.Header.Get("X-Api-Key") != "k" {
			http.Error(w, "who are you", http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	probe := fmt.Sprintf("url = %q\n  [service.probe.header_env]\n  Authorization = \"ORDERS_TOKEN\"\n  X-Api-Key = \"ORDERS_KEY\"\n", srv.URL)
	env := map[string]string{"ORDERS_TOKEN": secret, "ORDERS_KEY": "k"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	if r := runOne(t, probe, Options{LookupEnv: lookup}); r.Status != "up" || r.Err != nil {
		t.Errorf("with the secrets: %+v", r)
	}
	env["ORDERS_TOKEN"] = "Bearer wrong"
	if r := runOne(t, probe, Options{LookupEnv: lookup}); r.Status != "down" || r.Code != 401 || strings.Contains(fmt.Sprint(r), "wrong") {
		t.Errorf("wrong secret: %+v", r)
	}
	delete(env, "ORDERS_TOKEN")
	r := runOne(t, probe, Options{LookupEnv: lookup})
	if r.Err == nil || !strings.Contains(r.Err.Error(), "ORDERS_TOKEN is not set") || r.Status != "" {
		t.Errorf("unset variable: %+v", r)
	}
	env["ORDERS_TOKEN"] = "a\r\nX-Evil: 1"
	if r := runOne(t, probe, Options{LookupEnv: lookup}); r.Err == nil || strings.Contains(r.Err.Error(), "Evil") {
		t.Errorf("a line break in the value: %+v", r)
	}
}

func TestProbeBodyConditions(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"status": "ok", "version": "1.4.2", "checks": {"db": {"state": "up", "lag": 3}}, "regions": ["eu", "us"], "ready": true}`)
	}))
	defer srv.Close()
	for _, c := range []struct {
		cond, status, reason string
	}{
		{`[[service.probe.expect_json]]
  path = "status"
  equals = "ok"
  [[service.probe.expect_json]]
  path = "$.checks.db.lag"
  equals = "3"
  [[service.probe.expect_json]]
  path = "regions"
  contains = "us"
  [[service.probe.expect_json]]
  path = "ready"
  equals = "true"`, "up", ""},
		{"[[service.probe.expect_json]]\n  path = \"checks.db.state\"\n  equals = \"down\"", "down", `expect_json: checks.db.state is "up", expected "down"`},
		{"[[service.probe.expect_json]]\n  path = \"regions.2\"\n  equals = \"ap\"", "down", `expect_json: the body has no "regions.2"`},
		{"[[service.probe.expect_json]]\n  path = \"version\"\n  contains = \"1.4.\"", "up", ""},
		{`expect_regexp = '"version": "1\.\d+\.\d+"'`, "up", ""},
		{`expect_regexp = '"version": "2\.'`, "down", "body does not match expect_regexp"},
	} {
		r := runOne(t, fmt.Sprintf("url = %q\n  %s\n", srv.URL, c.cond), Options{})
		if r.Status != c.status || !strings.Contains(r.Reason, c.reason) {
			t.Errorf("%s:\n got %s (%s), want %s (%s)", c.cond, r.Status, r.Reason, c.status, c.reason)
		}
	}
}

func TestProbeTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	addr := ln.Addr().String()
	r := runOne(t, fmt.Sprintf("kind = \"tcp\"\n  address = %q\n", addr), Options{})
	if r.Status != "up" || !r.Connected || r.Row(now).Values["code"] != "" || r.Row(now).Values["latency_ms"] == "" {
		t.Errorf("listening: %+v %v", r, r.Row(now).Values)
	}
	ln.Close()
	if r := runOne(t, fmt.Sprintf("kind = \"tcp\"\n  address = %q\n", addr), Options{}); r.Status != "down" || r.Attempts != 2 {
		t.Errorf("closed: %+v", r)
	}
}

// A certificate that expires in 5 days (and 1 hour) has 5 days left; one
// that expired 2 days ago -2, and the probe is down.
func TestProbeTLSCertificateDays(t *testing.T) {
	caFile := func(s testsite.TLSServer) string {
		p := filepath.Join(t.TempDir(), "ca.pem")
		os.WriteFile(p, s.CAPEM, 0o644)
		return p
	}
	soon := testsite.MakeTLS(t, now.Add(-80*24*time.Hour), now.Add(5*24*time.Hour+time.Hour))
	addr := soon.Listen(t)
	r := runOne(t, fmt.Sprintf("kind = \"tls\"\n  address = %q\n  ca_file = %q\n", addr, caFile(soon)), Options{})
	if r.Status != "up" || r.CertDays == nil || *r.CertDays != 5 || r.Row(now).Values["cert_days"] != "5" {
		t.Errorf("5 days left: %+v", r)
	}
	// Without the authority the certificate is not trusted: down, and its
	// days are still written.
	r = runOne(t, fmt.Sprintf("kind = \"tls\"\n  address = %q\n", addr), Options{})
	if r.Status != "down" || !strings.Contains(r.Reason, "certificate") || r.CertDays == nil || *r.CertDays != 5 {
		t.Errorf("unknown authority: %+v", r)
	}
	old := testsite.MakeTLS(t, now.Add(-90*24*time.Hour), now.Add(-2*24*time.Hour+time.Hour))
	oldAddr := old.Listen(t)
	r = runOne(t, fmt.Sprintf("kind = \"tls\"\n  address = %q\n  ca_file = %q\n", oldAddr, caFile(old)), Options{})
	if r.Status != "down" || !strings.Contains(r.Reason, "expired") || r.CertDays == nil || *r.CertDays != -2 {
		t.Errorf("expired: %+v", r)
	}

	// An https probe with check_cert writes the days too.
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{soon.Cert}}
	srv.StartTLS()
	defer srv.Close()
	r = runOne(t, fmt.Sprintf("url = %q\n  check_cert = true\n  ca_file = %q\n", srv.URL, caFile(soon)), Options{})
	if r.Status != "up" || r.CertDays == nil || *r.CertDays != 5 {
		t.Errorf("https with check_cert: %+v", r)
	}
	if got := strings.Join(Columns(r.Service.Probe), ","); got != "time,status,latency_ms,code,cert_days" {
		t.Errorf("columns %s", got)
	}
}
