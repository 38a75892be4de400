package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// FuzzServeHTTP sends any Host and path to a built site. Whatever they
// are: no panic; a redirect goes to a clean absolute path on the same
// host (no scheme, no host, no "//" or "/\" a browser would read as one)
// and is followed to an answer within two hops; and only a Host whose
// name cannot be rebound (localhost, an IP address, the host of --addr)
// on the port served gets anything but 421. Seeds: the paths of every
// file the site has, and a few hostile ones.
func FuzzServeHTTP(f *testing.F) {
	srv := builtServer(f, Options{Addr: "status.lan:8080"})
	srv.port = "8080"
	for name := range srv.current().files {
		f.Add("127.0.0.1:8080", "/"+name)
		f.Add("localhost:8080", "//"+strings.TrimSuffix(name, "index.html"))
	}
	for _, s := range [][2]string{
		{"evil.example:8080", "/"}, {"[::1]:8080", "//incidents"}, {"127.0.0.1:8080", `/\evil.example`},
		{"127.0.0.1:8080", "/a/../../incidents"}, {"status.lan.:8080", "/./"}, {"", "///x/..//"},
		{"127.0.0.1:8080", EventsPath}, {"127.0.0.1:8080", "//" + ErrorsPath}, {"LOCALHOST:8080", "/services/api?x"},
	} {
		f.Add(s[0], s[1])
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the event stream returns at once
	f.Fuzz(func(t *testing.T, host, p string) {
		req := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
		req.Host, req.URL.Path = host, p
		for hops := 0; ; hops++ {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code == http.StatusMisdirectedRequest {
				if hops > 0 {
					t.Fatalf("host %q refused after a redirect", host)
				}
				return
			}
			if hops == 0 && !rebindSafe(host) {
				t.Fatalf("host %q answered %d", host, rec.Code)
			}
			if rec.Code != http.StatusMovedPermanently {
				return
			}
			loc := rec.Header().Get("Location")
			u, err := url.Parse(loc)
			if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(loc, "/") ||
				strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) || strings.ContainsAny(loc, "\\\r\n") {
				t.Fatalf("GET %q redirects to %q, which could leave the host", req.URL.Path, loc)
			}
			if u.Path != cleanPath(u.Path) {
				t.Fatalf("GET %q redirects to the unclean %q", req.URL.Path, u.Path)
			}
			if hops == 2 {
				t.Fatalf("GET %q: more than two redirects", p)
			}
			req.URL.Path = u.Path
		}
	})
}

// rebindSafe is the rule of hostAllowed said another way: a host name
// that is an IP address, localhost or the --addr host, on port 8080 or
// none.
func rebindSafe(host string) bool {
	if host == "" {
		return true
	}
	u, err := url.Parse("http://" + host + "/")
	if err != nil || u.Host != host || (u.Port() != "" && u.Port() != "8080") {
		return false
	}
	name := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	_, ipErr := netip.ParseAddr(name)
	return ipErr == nil || name == "localhost" || name == "status.lan"
}
