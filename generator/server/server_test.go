package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const siteTOML = `title = "Serve Test"

[[service]]
id = "api"
name = "API"
interval = "1h"
  [[service.slo]]
  id = "availability"
  indicator = "status"
  objective = 99
  window = "1d"
`

const incidentMD = `+++
title = "Slow responses"
services = ["api"]
severity = "minor"
started = 2026-11-22T13:00:00Z
resolved = 2026-11-22T14:00:00Z
+++
## Summary
%s
`

// wait bounds every wait for the server: long enough for a slow CI
// machine, short enough that a broken server fails the test quickly.
const wait = 10 * time.Second

func write(t testing.TB, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func incident(text string) string { return strings.Replace(incidentMD, "%s", text, 1) }

// startServer serves a fresh test site on a free loopback port and stops
// it when the test ends, or earlier when the test calls stop; stop fails
// the test unless Serve returns in time.
func startServer(t *testing.T, quiet time.Duration) (dir, base string, stop func()) {
	t.Helper()
	dir = t.TempDir()
	write(t, dir, "site.toml", siteTOML)
	write(t, dir, "content/metrics/api/2026-11.csv", "time,status\n2026-11-23T10:00:00Z,up\n2026-11-23T11:00:00Z,up\n")
	write(t, dir, "incidents/2026-11-22-slow.md", incident("Original text."))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := New(Options{Config: filepath.Join(dir, "site.toml"), Now: func() time.Time { return testNow }, Quiet: quiet})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-served:
				if err != nil {
					t.Errorf("Serve: %v", err)
				}
			case <-time.After(wait):
				t.Errorf("Serve did not return within %s of being stopped", wait)
			}
		})
	}
	t.Cleanup(stop)
	return dir, "http://" + ln.Addr().String(), stop
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c := http.Client{Timeout: wait}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// events opens the server's event stream and returns the build number of
// each reload event as it comes; the channel closes when the stream ends.
func events(t testing.TB, base string) <-chan int { return eventsSince(t, base, "") }

// eventsSince opens the event stream as a page of build since does.
func eventsSince(t testing.TB, base, since string) <-chan int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+EventsPath+"?since="+since, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream Content-Type = %q", ct)
	}
	out := make(chan int, 16)
	ready := make(chan struct{})
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, ": build "):
				close(ready) // subscribed: later builds are sent
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "reload":
				n, _ := strconv.Atoi(strings.TrimPrefix(line, "data: "))
				out <- n
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(wait):
		t.Fatal("the event stream sent nothing")
	}
	return out
}

func nextReload(t *testing.T, ev <-chan int, what string) int {
	t.Helper()
	select {
	case n, ok := <-ev:
		if !ok {
			t.Fatalf("%s: the event stream closed", what)
		}
		return n
	case <-time.After(wait):
		t.Fatalf("%s: no reload event within %s", what, wait)
	}
	return 0
}

func noReload(t *testing.T, ev <-chan int, what string) {
	t.Helper()
	select {
	case n := <-ev:
		t.Errorf("%s: unexpected reload for build %d", what, n)
	case <-time.After(400 * time.Millisecond):
	}
}

func TestServeRebuildsReloadsAndKeepsTheLastGoodSite(t *testing.T) {
	dir, base, _ := startServer(t, 50*time.Millisecond)
	ev := events(t, base)
	page := base + "/incidents/2026-11-22-slow/"

	code, body := get(t, page)
	if code != 200 || !strings.Contains(body, "Original text.") {
		t.Fatalf("GET incident page: %d\n%s", code, body)
	}
	if !strings.Contains(body, EventsPath) || strings.Contains(body, "statusgen-problems") {
		t.Errorf("the page should carry the reload script and no problems overlay")
	}

	// Change an incident: new content, and a reload.
	write(t, dir, "incidents/2026-11-22-slow.md", incident("Changed text."))
	gen := nextReload(t, ev, "after changing an incident")
	if _, body = get(t, page); !strings.Contains(body, "Changed text.") {
		t.Fatalf("after build %d the page still shows the old text:\n%s", gen, body)
	}

	// Break site.toml: the old site stays, with the error over it.
	write(t, dir, "site.toml", siteTOML+"colour = \"red\"\n")
	broken := nextReload(t, ev, "after breaking site.toml")
	if broken <= gen {
		t.Errorf("build numbers went from %d to %d", gen, broken)
	}
	code, body = get(t, page)
	if code != 200 || !strings.Contains(body, "Changed text.") {
		t.Errorf("with site.toml broken the last good page should stay served; got %d\n%s", code, body)
	}
	// site.toml has 11 lines; the unknown key is on line 12.
	for _, want := range []string{`id="statusgen-problems"`, "failed: this is the last good site", "site.toml:12"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q in its error overlay:\n%s", want, body)
		}
	}
	if code, body = get(t, base+ErrorsPath); code != 200 || !strings.Contains(body, "site.toml:12") || !strings.Contains(body, "colour") {
		t.Errorf("GET %s: %d\n%s", ErrorsPath, code, body)
	}
	if code, body = get(t, base+"/api/slo.json"); code != 200 || !strings.HasPrefix(body, "{") || strings.Contains(body, "<script") {
		t.Errorf("GET api/slo.json while broken: %d, %.80q", code, body)
	}

	// Mend it: the site is back without the overlay.
	write(t, dir, "site.toml", siteTOML)
	nextReload(t, ev, "after mending site.toml")
	code, body = get(t, page)
	if code != 200 || !strings.Contains(body, "Changed text.") || strings.Contains(body, "statusgen-problems") {
		t.Errorf("after mending site.toml: %d\n%s", code, body)
	}

	// public/ is never watched.
	write(t, dir, "public/index.html", "<p>stale</p>")
	noReload(t, ev, "after writing public/")

	// A folder that appears is watched: a file inside it triggers a build.
	if err := os.MkdirAll(filepath.Join(dir, "content", "pages"), 0o755); err != nil {
		t.Fatal(err)
	}
	nextReload(t, ev, "after creating content/pages")
	write(t, dir, "content/pages/about.md", "# About\n")
	nextReload(t, ev, "after writing into the new folder")
}

func TestServeBatchesABurstIntoOneBuild(t *testing.T) {
	// A quiet period of 2 s (and so a hold of up to 8 s) keeps the 20
	// writes one burst even when a loaded machine pauses between them.
	dir, base, _ := startServer(t, 2*time.Second)
	ev := events(t, base)
	for i := 0; i < 20; i++ {
		write(t, dir, "incidents/2026-11-22-slow.md", incident("Burst "+strconv.Itoa(i)+"."))
	}
	first := nextReload(t, ev, "after a burst of 20 writes")
	noReload(t, ev, "a burst should make one build")
	if _, body := get(t, base+"/incidents/2026-11-22-slow/"); !strings.Contains(body, "Burst 19.") {
		t.Errorf("build %d does not show the last write of the burst", first)
	}
}

func TestServeWithoutAGoodBuildShowsTheErrors(t *testing.T) {
	dir, base, _ := startServer(t, 50*time.Millisecond)
	ev := events(t, base)
	write(t, dir, "site.toml", "colour = 3\n")
	nextReload(t, ev, "after breaking site.toml")
	// The server still has the first build; a server that never built
	// shows the error page with status 500.
	srv := New(Options{Config: filepath.Join(dir, "site.toml"), Now: func() time.Time { return testNow }})
	if r := srv.Build(); r.OK || len(r.Diagnostics) == 0 {
		t.Fatalf("build of a broken site: %+v", r)
	}
	rec := &recorder{header: http.Header{}}
	req, _ := http.NewRequest("GET", "/", nil)
	srv.ServeHTTP(rec, req)
	if rec.code != 500 || !strings.Contains(rec.body.String(), "site.toml:1") || !strings.Contains(rec.body.String(), EventsPath) {
		t.Errorf("GET / with no good build: %d\n%s", rec.code, rec.body.String())
	}
}

// recorder is a minimal http.ResponseWriter.
type recorder struct {
	header http.Header
	code   int
	body   strings.Builder
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.code = code }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

func TestBuildOutputHasNoReloadScript(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "site.toml", siteTOML)
	srv := New(Options{Config: filepath.Join(dir, "site.toml"), Now: func() time.Time { return testNow }})
	if r := srv.Build(); !r.OK {
		t.Fatalf("build: %+v", r)
	}
	for name, b := range srv.current().files {
		if strings.Contains(string(b), EventsPath) {
			t.Errorf("%s carries the reload script; only served responses may", name)
		}
	}
}

func TestInjectBeforeBodyEnd(t *testing.T) {
	for _, c := range []struct{ page, want string }{
		{"<body><p>x</p></body></html>", "<body><p>x</p>[S]</body></html>"},
		{"<BODY>a</BODY>", "<BODY>a[S]</BODY>"},
		{"<p>no body end", "<p>no body end[S]"},
	} {
		if got := string(injectBeforeBodyEnd([]byte(c.page), []byte("[S]"))); got != c.want {
			t.Errorf("inject(%q) = %q, want %q", c.page, got, c.want)
		}
	}
}

var sinceRE = regexp.MustCompile(`since=([^"]+)"`)

func TestPagesNameTheirBuildSoNoReloadIsMissed(t *testing.T) {
	_, base, stop := startServer(t, 50*time.Millisecond)
	_, body := get(t, base+"/")
	m := sinceRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the page's reload script names no build:\n%s", body)
	}
	// A page of the current build waits for the next one.
	noReload(t, eventsSince(t, base, m[1]), "a page of the current build")
	// A page of an earlier build, or of an earlier run of serve, reloads
	// as soon as it connects.
	if n := nextReload(t, eventsSince(t, base, "0-1"), "a page of another run of serve"); n != 1 {
		t.Errorf("reload for build %d, want the current build 1", n)
	}

	// Stopping the server ends open event streams.
	ev := events(t, base)
	stop()
	select {
	case _, open := <-ev:
		if open {
			t.Errorf("a reload was sent on shutdown")
		}
	case <-time.After(wait):
		t.Errorf("the event stream stayed open after the server stopped")
	}
}

func TestServeUnderBaseURLPath(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "site.toml", "base_url = \"https://owner.github.io/repo/\"\n"+siteTOML)
	srv := New(Options{Config: filepath.Join(dir, "site.toml"), Now: func() time.Time { return testNow }})
	if r := srv.Build(); !r.OK {
		t.Fatalf("build: %+v", r)
	}
	for _, c := range []struct {
		path string
		code int
	}{{"/", 200}, {"/repo/", 200}, {"/repo/services/api/", 200}, {"/services/api/", 200}, {"/repo/services/api", 301}, {"/repo/nothing/", 404}} {
		rec := &recorder{header: http.Header{}}
		req, _ := http.NewRequest("GET", c.path, nil)
		srv.ServeHTTP(rec, req)
		if rec.code != c.code {
			t.Errorf("GET %s: %d, want %d", c.path, rec.code, c.code)
		}
	}
}

func builtServer(t testing.TB, opts Options) *Server {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "site.toml", siteTOML)
	opts.Config, opts.Now = filepath.Join(dir, "site.toml"), func() time.Time { return testNow }
	srv := New(opts)
	if r := srv.Build(); !r.OK {
		t.Fatalf("build: %+v", r)
	}
	return srv
}

// Only Host values that cannot be rebound to this machine by someone
// else's DNS are answered: localhost, IP addresses and the host of
// --addr, on the port served. A page of evil.example whose name resolves
// to 127.0.0.1 gets 421 and nothing of the site.
func TestServeAnswersOnlyItsOwnHost(t *testing.T) {
	srv := builtServer(t, Options{Addr: "Status.LAN:8080"})
	srv.port = "8080" // as Serve sets it
	for _, c := range []struct {
		host string
		code int
	}{
		{"127.0.0.1:8080", 200}, {"localhost:8080", 200}, {"[::1]:8080", 200}, {"LocalHost.:8080", 200},
		{"status.lan:8080", 200}, {"192.168.1.5:8080", 200}, {"localhost", 200}, {"", 200},
		{"evil.example:8080", 421}, {"evil.example", 421}, {"127.0.0.1.evil.example:8080", 421},
		{"localhost.evil.example:8080", 421}, {"localhost:9999", 421}, {"status.lan:80", 421},
	} {
		for _, p := range []string{"/", ErrorsPath, "/services/api/"} {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", p, nil)
			req.Host = c.host
			srv.ServeHTTP(rec, req)
			if rec.Code != c.code {
				t.Errorf("GET %s with Host %q: %d, want %d", p, c.host, rec.Code, c.code)
			}
			if c.code == 421 && (strings.Contains(rec.Body.String(), "Serve Test") || !strings.Contains(rec.Body.String(), "does not answer for host")) {
				t.Errorf("GET %s with Host %q answered:\n%s", p, c.host, rec.Body.String())
			}
		}
	}
}

// A path with doubled slashes or dot segments is redirected to its clean
// form on the same host: never to a Location a browser reads as another
// host (//incidents/ is the host "incidents").
func TestServeRedirectsStayOnTheHost(t *testing.T) {
	srv := builtServer(t, Options{})
	for _, c := range []struct{ path, final string }{
		{"//incidents", "/incidents/"},
		{"///incidents", "/incidents/"},
		{"//incidents/", "/incidents/"},
		{"//services/api", "/services/api/"},
		{"/a/../incidents", "/incidents/"},
		{"/./services/./api", "/services/api/"},
		{"/incidents", "/incidents/"},
		{"//evil.example/", ""},
		{`/\evil.example`, ""},
		{"//" + EventsPath[1:] + "x", ""},
	} {
		p := c.path
		for hops := 0; ; hops++ {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", "/", nil)
			req.URL.Path, req.Host = p, "127.0.0.1:8080"
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusMovedPermanently {
				if c.final != "" && (p != c.final || rec.Code != 200) {
					t.Errorf("GET %s ends at %s with %d, want %s", c.path, p, rec.Code, c.final)
				}
				if c.final == "" && rec.Code != 404 {
					t.Errorf("GET %s ends at %s with %d, want 404", c.path, p, rec.Code)
				}
				break
			}
			loc := rec.Header().Get("Location")
			u, err := url.Parse(loc)
			if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) {
				t.Errorf("GET %s redirects to %q, which leaves the host", p, loc)
				break
			}
			if hops > 3 {
				t.Errorf("GET %s: redirect loop at %s", c.path, loc)
				break
			}
			p = u.Path
		}
	}
}

// Serve itself answers by its listening port, and turns other hosts away.
func TestServeChecksTheHostOnItsListener(t *testing.T) {
	_, base, _ := startServer(t, 50*time.Millisecond)
	u, _ := url.Parse(base)
	c := http.Client{Timeout: wait, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for host, code := range map[string]int{u.Host: 200, "localhost:" + u.Port(): 200, "evil.example:" + u.Port(): 421, "localhost:1": 421} {
		req, _ := http.NewRequest("GET", base+"/", nil)
		req.Host = host
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != code {
			t.Errorf("Host %q: %d, want %d", host, resp.StatusCode, code)
		}
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	fmt.Fprintf(conn, "GET //incidents HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", u.Host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 301 || loc != "/incidents" {
		t.Errorf("GET //incidents: %d to %q, want 301 to /incidents", resp.StatusCode, loc)
	}
}
