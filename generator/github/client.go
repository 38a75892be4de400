// Package github connects a status site to GitHub through go-github: it
// imports labelled issues as incident files, opens and closes issues for
// firing burn-rate alerts, and looks up the live state of the issues that
// action items name.
//
// The package is the only place that talks to GitHub. It takes its token
// and API address from the caller (the command reads GITHUB_TOKEN and
// GITHUB_API_URL), sends the token to the API's own scheme, host and port
// only (never on after a redirect that leaves them), never prints it, and
// removes it from every error it returns. Rate limits are waited out within a bound (Options.MaxWait)
// through an injectable clock, so tests run without sleeping.
package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// DefaultAPIURL is GitHub.com's REST API root.
const DefaultAPIURL = "https://api.github.com/"

// Options configures a Client.
type Options struct {
	// Token authenticates the requests; empty means anonymous.
	Token string
	// APIURL is the REST API root: DefaultAPIURL, or on GitHub Enterprise
	// Server "https://HOST/api/v3/" (what Actions puts in GITHUB_API_URL).
	APIURL string
	// HTTPClient carries the requests; default: a client with a 30 s
	// timeout per request.
	HTTPClient *http.Client
	// Now and Sleep are the clock the rate-limit waits use; default: the
	// wall clock. Sleep returns early with the context's error.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// MaxWait bounds the time spent waiting out rate limits over the
	// client's life; past it a request fails with ErrRateLimited.
	MaxWait time.Duration
	// Log, when set, is told about each wait.
	Log func(msg string)
}

// Client is a GitHub REST client with rate-limit handling.
type Client struct {
	gh     *gh.Client
	api    string
	token  string
	rt     *retryTransport
	logf   func(string)
	maxGet int // bound on pages per listing
}

// Repo is a repository named "owner/name".
type Repo struct{ Owner, Name string }

func (r Repo) String() string { return r.Owner + "/" + r.Name }

// ParseRepo reads "owner/name".
func ParseRepo(s string) (Repo, error) {
	owner, name, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok || owner == "" || name == "" || strings.ContainsAny(name, "/# ") || strings.ContainsAny(owner, "# ") {
		return Repo{}, fmt.Errorf("repository %q is not OWNER/NAME such as acme/status", s)
	}
	return Repo{owner, name}, nil
}

// IssueRef is one issue, "owner/name#12".
type IssueRef struct {
	Repo
	Number int
}

func (r IssueRef) String() string { return fmt.Sprintf("%s#%d", r.Repo, r.Number) }

// ParseIssueRef reads "owner/name#12".
func ParseIssueRef(s string) (IssueRef, error) {
	repo, num, ok := strings.Cut(strings.TrimSpace(s), "#")
	if !ok {
		return IssueRef{}, fmt.Errorf("issue %q is not OWNER/NAME#NUMBER such as acme/orders#412", s)
	}
	r, err := ParseRepo(repo)
	if err != nil {
		return IssueRef{}, fmt.Errorf("issue %q is not OWNER/NAME#NUMBER such as acme/orders#412", s)
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 {
		return IssueRef{}, fmt.Errorf("issue %q is not OWNER/NAME#NUMBER such as acme/orders#412", s)
	}
	return IssueRef{r, n}, nil
}

// ErrRateLimited is returned (wrapped) when GitHub's rate limit outlasts
// the wait the client may spend.
var ErrRateLimited = errors.New("GitHub rate limit")

// New returns a client for opts.
func New(opts Options) (*Client, error) {
	api := opts.APIURL
	if api == "" {
		api = DefaultAPIURL
	}
	u, err := url.Parse(api)
	if err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("API URL %q is not an absolute http(s) URL such as %s or https://github.example.com/api/v3/", api, DefaultAPIURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	rt := &retryTransport{base: base, now: opts.Now, sleep: opts.Sleep, budget: opts.MaxWait, log: opts.Log}
	if rt.now == nil {
		rt.now = time.Now
	}
	if rt.sleep == nil {
		rt.sleep = sleepCtx
	}
	// The token goes on requests to the API's own scheme, host and port
	// only, never on a redirect that leaves them: go-github's
	// WithAuthToken would set it on every request, redirects included,
	// and net/http's rule for redirects ignores ports and schemes.
	wrapped := *hc
	wrapped.Transport = &authTransport{base: rt, token: opts.Token, origin: origin(u)}
	c := gh.NewClient(&wrapped)
	c.BaseURL = u
	c.UserAgent = "statusgen"
	return &Client{gh: c, api: u.String(), token: opts.Token, rt: rt, logf: opts.Log, maxGet: 1000}, nil
}

// authTransport authenticates the requests that go to the API's origin
// and removes any Authorization from the others.
type authTransport struct {
	base   http.RoundTripper
	token  string
	origin string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	switch {
	case origin(req.URL) == t.origin && t.token != "":
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+t.token)
	case origin(req.URL) != t.origin && req.Header.Get("Authorization") != "":
		req = req.Clone(req.Context())
		req.Header.Del("Authorization")
	}
	return t.base.RoundTrip(req)
}

// origin is a URL's scheme, host and port, the port made explicit.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Waited returns the time spent waiting out rate limits so far.
func (c *Client) Waited() time.Duration {
	c.rt.mu.Lock()
	defer c.rt.mu.Unlock()
	return c.rt.waited
}

// call runs one API call. A primary rate limit that go-github reports
// without asking (it remembers "remaining 0 until reset") is waited out
// here; limits GitHub answers are waited out by the transport. The error
// returned says what to do and never holds the token.
func (c *Client) call(ctx context.Context, what string, fn func() (*gh.Response, error)) error {
	for attempt := 0; ; attempt++ {
		_, err := fn()
		if err == nil {
			return nil
		}
		var rl *gh.RateLimitError
		if errors.As(err, &rl) && attempt < 3 && strings.Contains(rl.Message, "not making remote request") {
			d := rl.Rate.Reset.Time.Sub(c.rt.now()) + time.Second
			if c.rt.spend(ctx, d, "primary rate limit") == nil {
				continue
			}
		}
		return c.explain(what, err)
	}
}

// explain turns a go-github error into one that says what to change.
func (c *Client) explain(what string, err error) error {
	var (
		rl    *gh.RateLimitError
		abuse *gh.AbuseRateLimitError
		er    *gh.ErrorResponse
		ne    net.Error
		ue    *url.Error
	)
	var msg string
	limited := false
	switch {
	case errors.As(err, &rl):
		limited = true
		msg = fmt.Sprintf("%v: the rate limit of %d requests is used up until %s (waited %s, the bound); run again after that, raise --max-wait, or use a token (GITHUB_TOKEN) with a higher limit: %v",
			ErrRateLimited, rl.Rate.Limit, rl.Rate.Reset.UTC().Format(time.RFC3339), c.Waited().Round(time.Second), rl.Message)
	case errors.As(err, &abuse):
		limited = true
		msg = fmt.Sprintf("%v: GitHub's secondary rate limit stopped the requests (waited %s, the bound); wait a few minutes and run again, or raise --max-wait: %v",
			ErrRateLimited, c.Waited().Round(time.Second), abuse.Message)
	case errors.As(err, &er) && er.Response != nil:
		code := er.Response.StatusCode
		switch {
		case code == http.StatusTooManyRequests:
			limited = true
			msg = fmt.Sprintf("%v: GitHub answered 429 Too Many Requests (waited %s, the bound); wait a few minutes and run again, or raise --max-wait", ErrRateLimited, c.Waited().Round(time.Second))
		case code == http.StatusUnauthorized:
			msg = "GitHub rejected the token (401 " + er.Message + "); set GITHUB_TOKEN to a valid token"
		case code == http.StatusForbidden:
			msg = "GitHub refused (403 " + er.Message + "); the token needs the issues permission (read to import, write to alert) on the repository"
		case code == http.StatusNotFound:
			msg = "not found (404); check the repository name, and that the token (GITHUB_TOKEN) can see it"
		case code == http.StatusUnprocessableEntity:
			msg = fmt.Sprintf("GitHub rejected the request (422 %s %v)", er.Message, er.Errors)
		default:
			msg = fmt.Sprintf("GitHub answered %d %s; run again later", code, er.Message)
		}
		msg += fmt.Sprintf(" [%s %s]", er.Response.Request.Method, sanitize(er.Response.Request.URL))
	case errors.As(err, &ue) || errors.As(err, &ne):
		msg = fmt.Sprintf("cannot reach GitHub at %s (%v); check the network, and --api-url or GITHUB_API_URL", c.api, err)
	default:
		msg = err.Error()
	}
	return &apiError{msg: c.redact(what + ": " + msg), limited: limited}
}

// apiError is an error of a GitHub call, token removed.
type apiError struct {
	msg     string
	limited bool
}

func (e *apiError) Error() string { return e.msg }

// Unwrap makes errors.Is(err, ErrRateLimited) work.
func (e *apiError) Unwrap() error {
	if e.limited {
		return ErrRateLimited
	}
	return nil
}

// redact removes the token from a message.
func (c *Client) redact(s string) string {
	if c.token != "" {
		s = strings.ReplaceAll(s, c.token, "[token]")
	}
	return s
}

func sanitize(u *url.URL) string {
	v := *u
	v.User = nil
	q := v.Query()
	for k := range q {
		if strings.Contains(strings.ToLower(k), "token") || strings.Contains(strings.ToLower(k), "secret") {
			q.Set(k, "REDACTED")
		}
	}
	v.RawQuery = q.Encode()
	return v.String()
}

// retryTransport waits out rate-limited answers and asks again, within a
// budget shared by every request of the client:
//   - 403 with X-RateLimit-Remaining: 0 waits until X-RateLimit-Reset;
//   - 403 or 429 with Retry-After waits that many seconds;
//   - a secondary rate limit without headers waits a minute, as GitHub's
//     documentation asks.
//
// When the wait would exceed the budget the rate-limited answer is passed
// up and go-github turns it into its rate-limit error.
type retryTransport struct {
	base   http.RoundTripper
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	budget time.Duration
	log    func(string)

	mu     sync.Mutex
	waited time.Duration
}

const maxAttempts = 5

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 && req.Body != nil {
			if req.GetBody == nil {
				return nil, errors.New("cannot repeat a request without GetBody")
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r = req.Clone(req.Context())
			r.Body = body
		}
		resp, err := t.base.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		d, why := t.retryAfter(resp)
		if why == "" || attempt >= maxAttempts {
			return resp, nil
		}
		if err := t.spend(req.Context(), d, why); err != nil {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
	}
}

// retryAfter says how long to wait before asking again, and why; why is
// empty when the answer is not rate limited.
func (t *retryTransport) retryAfter(resp *http.Response) (time.Duration, string) {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return 0, ""
	}
	if v := resp.Header.Get("Retry-After"); v != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
			return time.Duration(s) * time.Second, "secondary rate limit (Retry-After)"
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if s, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			d := time.Unix(s, 0).Sub(t.now()) + time.Second
			if d < time.Second {
				d = time.Second
			}
			return d, "primary rate limit (X-RateLimit-Reset)"
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return time.Minute, "429 Too Many Requests"
	}
	// A 403 is a secondary limit only when its message says so; peek at
	// the body and put it back for go-github.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if bytes.Contains(bytes.ToLower(body), []byte("secondary rate limit")) || bytes.Contains(bytes.ToLower(body), []byte("abuse")) {
		return time.Minute, "secondary rate limit"
	}
	return 0, ""
}

// spend waits d if the budget allows it.
func (t *retryTransport) spend(ctx context.Context, d time.Duration, why string) error {
	t.mu.Lock()
	if t.waited+d > t.budget {
		t.mu.Unlock()
		return ErrRateLimited
	}
	t.waited += d
	t.mu.Unlock()
	if t.log != nil {
		t.log(fmt.Sprintf("GitHub %s: waiting %s before asking again", why, d.Round(time.Second)))
	}
	return t.sleep(ctx, d)
}
