package github

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/github/githubtest"
)

func TestParseRefs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = an error
	}{
		{"acme/orders#412", "acme/orders#412"},
		{" acme/orders#1 ", "acme/orders#1"},
		{"acme/orders", ""},
		{"acme#4", ""},
		{"acme/orders#0", ""},
		{"acme/orders#x", ""},
		{"/orders#4", ""},
	} {
		r, err := ParseIssueRef(tc.in)
		if (err == nil) != (tc.want != "") || (err == nil && r.String() != tc.want) {
			t.Errorf("ParseIssueRef(%q) = %v, %v; want %q", tc.in, r, err, tc.want)
		}
	}
	if _, err := ParseRepo("acme/status"); err != nil {
		t.Error(err)
	}
	if _, err := ParseRepo("acme/status/x"); err == nil {
		t.Error("ParseRepo accepted three parts")
	}
}

// Each kind of rate limit is waited out on the injected clock, and the
// import then succeeds: primary waits until X-RateLimit-Reset (30 s after
// now) plus a second = 31 s; secondary waits Retry-After 7 s; 429 waits
// Retry-After 3 s.
func TestRateLimitsAreWaitedOut(t *testing.T) {
	for _, tc := range []struct {
		kinds []string
		waits []time.Duration
	}{
		{[]string{"primary"}, []time.Duration{31 * time.Second}},
		{[]string{"secondary"}, []time.Duration{7 * time.Second}},
		{[]string{"429"}, []time.Duration{3 * time.Second}},
		{[]string{"secondary", "429"}, []time.Duration{7 * time.Second, 3 * time.Second}},
	} {
		t.Run(strings.Join(tc.kinds, "+"), func(t *testing.T) {
			c, srv, clk := newTestClient(t)
			seedIncidents(srv)
			srv.RateLimitNext(tc.kinds...)
			changes, _, err := c.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: writeSite(t), DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) != 2 {
				t.Errorf("%d changes, want 2", len(changes))
			}
			if !reflect.DeepEqual(clk.waits, tc.waits) {
				t.Errorf("waits = %v, want %v", clk.waits, tc.waits)
			}
			if c.Waited() != sum(tc.waits) {
				t.Errorf("Waited() = %v", c.Waited())
			}
		})
	}
}

func sum(ds []time.Duration) (s time.Duration) {
	for _, d := range ds {
		s += d
	}
	return s
}

func TestRateLimitPastTheBoundSaysWhatToDo(t *testing.T) {
	clk := &fakeClock{now: testNow}
	srv := githubtest.New(clk.Now)
	defer srv.Close()
	seedIncidents(srv)
	// 10 s allowed; the primary limit resets in 31 s.
	c, err := New(Options{Token: testToken, APIURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep, MaxWait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv.RateLimitNext("primary")
	_, _, err = c.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: writeSite(t)})
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want a rate-limit error", err)
	}
	for _, want := range []string{"list issues of acme/status", "until 2026-11-23T12:00:30Z", "run again after that", "--max-wait", "GITHUB_TOKEN"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if len(clk.waits) != 0 {
		t.Errorf("waited %v past the bound", clk.waits)
	}
}

func TestErrorsSayWhatToDoAndHideTheToken(t *testing.T) {
	clk := &fakeClock{now: testNow}
	srv := githubtest.New(clk.Now)
	defer srv.Close()
	srv.Token = "the-right-token"
	ctx := context.Background()

	c, _ := New(Options{Token: testToken, APIURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep})
	_, err := c.IssueState(ctx, IssueRef{Repo{"acme", "status"}, 1})
	if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "set GITHUB_TOKEN to a valid token") {
		t.Errorf("bad token: %v", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("the error shows the token: %v", err)
	}

	srv.Token = testToken
	_, err = c.IssueState(ctx, IssueRef{Repo{"acme", "nothing"}, 1})
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "check the repository name") {
		t.Errorf("missing repo: %v", err)
	}

	dead := httptest.NewServer(nil)
	url := dead.URL + "/"
	dead.Close()
	c, _ = New(Options{Token: testToken, APIURL: url, Now: clk.Now, Sleep: clk.Sleep})
	_, err = c.IssueState(ctx, IssueRef{Repo{"acme", "status"}, 1})
	if err == nil || !strings.Contains(err.Error(), "cannot reach GitHub at "+url) || !strings.Contains(err.Error(), "GITHUB_API_URL") {
		t.Errorf("unreachable: %v", err)
	}

	if _, err := New(Options{APIURL: "ghe.example.com/api/v3"}); err == nil || !strings.Contains(err.Error(), "absolute") {
		t.Errorf("relative API URL: %v", err)
	}
}

// heard records the Authorization headers a test server was sent.
type heard struct {
	mu   sync.Mutex
	auth []string
}

func (h *heard) add(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.auth = append(h.auth, strings.Join(r.Header.Values("Authorization"), ","))
}

func (h *heard) all() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.auth...)
}

// A redirect to another host (here the same address on another port,
// which net/http's own rule counts as the same host) is followed without
// the token; a redirect within the API keeps it.
func TestTokenStaysWithTheAPIHost(t *testing.T) {
	var apiHeard, otherHeard heard
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHeard.add(r)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiHeard.add(r)
		switch r.URL.Path {
		case "/repos/acme/moved/issues":
			http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
		case "/repos/acme/renamed/issues":
			http.Redirect(w, r, "/repos/acme/status/issues?"+r.URL.RawQuery, http.StatusMovedPermanently)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte("[]"))
		}
	}))
	defer api.Close()
	c, err := New(Options{Token: testToken, APIURL: api.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.listIssues(ctx, Repo{"acme", "moved"}, "incident"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.listIssues(ctx, Repo{"acme", "renamed"}, "incident"); err != nil {
		t.Fatal(err)
	}
	want := "Bearer " + testToken
	if got := apiHeard.all(); len(got) != 3 || got[0] != want || got[1] != want || got[2] != want {
		t.Errorf("the API heard %q; want the token on all 3 requests, the redirect within it included", got)
	}
	got := otherHeard.all()
	if len(got) != 1 {
		t.Fatalf("the other host heard %d requests, want the 1 redirected", len(got))
	}
	if got[0] != "" {
		t.Errorf("the other host was sent Authorization %q", got[0])
	}
}
