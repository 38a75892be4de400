package probe

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
)

// probeSite writes a site.toml with one probed service per entry of
// probes (id → the [service.probe] body) and loads it.
func probeSite(t *testing.T, probes [][2]string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("title = \"T\"\nbase_url = \"https://status.example.com/\"\n")
	for _, p := range probes {
		fmt.Fprintf(&b, "\n[[service]]\nid = %q\nname = %q\n[service.probe]\n%s\n", p[0], p[0], p[1])
	}
	path := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.LoadConfig(path)
	if ds.HasErrors() {
		t.Fatalf("site.toml: %v\n%s", ds, b.String())
	}
	return cfg
}

func TestRunProbes(t *testing.T) {
	var fails, flaky atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "all good") })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond)
		fmt.Fprint(w, "all good")
	})
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) {
		fails.Add(1)
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1) == 1 {
			http.Error(w, "once", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "all good")
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		select { // until the client gives up; bounded so the server always stops
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusFound) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	srv := httptest.NewServer(mux) // listens on 127.0.0.1
	defer srv.Close()

	// A port nothing listens on: take one, then close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String() + "/"
	l.Close()

	u := srv.URL
	cfg := probeSite(t, [][2]string{
		{"up", fmt.Sprintf("url = %q\nexpect_body = \"good\"\ndegraded_ms = 2000", u+"/ok")},
		{"slow", fmt.Sprintf("url = %q\ndegraded_ms = 100", u+"/slow")},
		{"error", fmt.Sprintf("url = %q", u+"/fail")},
		{"flaky", fmt.Sprintf("url = %q", u+"/flaky")},
		{"timeout", fmt.Sprintf("url = %q\ntimeout = \"200ms\"", u+"/hang")},
		{"refused", fmt.Sprintf("url = %q", refused)},
		{"redirect", fmt.Sprintf("url = %q", u+"/old")},
		{"redirect-expected", fmt.Sprintf("url = %q\nexpect_status = [301, 302]", u+"/old")},
		{"redirect-loop", fmt.Sprintf("url = %q", u+"/loop")},
		{"wrong-body", fmt.Sprintf("url = %q\nexpect_body = \"healthy\"", u+"/ok")},
		{"head", fmt.Sprintf("url = %q\nmethod = \"head\"", u+"/ok")},
	})
	res := Run(context.Background(), cfg, nil, Options{Concurrency: 3, Clock: time.Now})
	want := []struct {
		id, status string
		code       int
		attempts   int
		reason     string
	}{
		{"up", "up", 200, 1, ""},
		{"slow", "degraded", 200, 1, "slower than degraded_ms 100"},
		{"error", "down", 500, 2, "status 500, expected 200"},
		{"flaky", "up", 200, 2, ""},
		{"timeout", "down", 0, 2, "no response within the timeout of 200ms"},
		{"refused", "down", 0, 2, "connection refused"},
		{"redirect", "up", 200, 1, ""},
		{"redirect-expected", "up", 302, 1, ""},
		{"redirect-loop", "down", 0, 2, "more than 10 redirects"},
		{"wrong-body", "down", 200, 2, `body lacks "healthy"`},
		{"head", "up", 200, 1, ""},
	}
	if len(res) != len(want) {
		t.Fatalf("%d results, want %d", len(res), len(want))
	}
	for i, w := range want {
		r := res[i]
		if r.Service.ID != w.id || r.Status != w.status || r.Code != w.code || r.Attempts != w.attempts || !strings.Contains(r.Reason, w.reason) {
			t.Errorf("%s: got %s code %d after %d attempt(s), reason %q; want %s code %d after %d, reason containing %q",
				w.id, r.Status, r.Code, r.Attempts, r.Reason, w.status, w.code, w.attempts, w.reason)
		}
	}
	if n := fails.Load(); n != 2 {
		t.Errorf("the failing endpoint was hit %d times, want 2 (one retry)", n)
	}
	if res[1].Latency < 150 {
		t.Errorf("slow latency %.1f ms, the server waits 150 ms", res[1].Latency)
	}
	// Rows: a response gives latency and code, none leaves them empty.
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	if v := res[4].Row(at).Values; v["status"] != "down" || v["code"] != "" || v["latency_ms"] != "" {
		t.Errorf("timeout row %v", v)
	}
	if v := res[2].Row(at).Values; v["code"] != "500" || v["latency_ms"] == "" {
		t.Errorf("500 row %v", v)
	}
}

func TestRunProbesOnlyNamedServicesAndBounded(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		inFlight.Add(-1)
	}))
	defer srv.Close()
	var probes [][2]string
	for i := range 6 {
		probes = append(probes, [2]string{fmt.Sprintf("s%d", i), fmt.Sprintf("url = %q", srv.URL)})
	}
	cfg := probeSite(t, probes)
	res := Run(context.Background(), cfg, nil, Options{Concurrency: 2, Clock: time.Now})
	if len(res) != 6 || peak.Load() > 2 {
		t.Errorf("%d results, peak %d checks in flight; want 6 and at most 2", len(res), peak.Load())
	}
	res = Run(context.Background(), cfg, []string{"s4"}, Options{Clock: time.Now})
	if len(res) != 1 || res[0].Service.ID != "s4" {
		t.Errorf("only s4: got %d results", len(res))
	}
}
