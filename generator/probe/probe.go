// Package probe runs the HTTP probes of site.toml and appends their
// results to the snapshots through metrics.
package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/metrics"
)

// Options tunes a probe run. The zero value is usable except for
// Clock, which the command line sets to the wall clock.
type Options struct {
	// Concurrency bounds the checks in flight; default 8.
	Concurrency int
	// RetryDelay is the pause before the one retry of a failed check;
	// zero retries at once.
	RetryDelay time.Duration
	// Clock measures latency; only differences of its readings are used.
	Clock func() time.Time
	// Transport sends the requests; default a fresh transport per check
	// (no kept-alive connections, proxies from the environment).
	Transport http.RoundTripper
	// UserAgent is sent with every request.
	UserAgent string
	// Now is the time a certificate's days left count from and the time
	// it is verified at; zero leaves both to the TLS library's clock.
	Now time.Time
	// LookupEnv reads the environment variables of header_env; default
	// os.LookupEnv.
	LookupEnv func(string) (string, bool)
}

// Result is the outcome of one service's check.
type Result struct {
	Service  *config.Service
	Status   string  // up, degraded or down; maintenance when the command marks a check made during planned maintenance
	Latency  float64 // milliseconds of the attempt that counted; 0 without a response
	Code     int     // HTTP status code; 0 without a response
	Reason   string  // why it is not up, for the summary
	Attempts int
	// Connected says a tcp or tls probe reached the server: its latency
	// is the time to connect (and shake hands).
	Connected bool
	// CertDays is the days the server's certificate has left (whole days,
	// negative once expired), for tls probes and http ones with
	// check_cert; nil when no certificate was seen.
	CertDays *int
	// Err is a problem of the probe's setup (an environment variable of
	// header_env that is not set, an unreadable ca_file): the service was
	// not checked and no row is written.
	Err error
}

// CertDaysColumn is the column of a certificate's days left.
const CertDaysColumn = "cert_days"

// Columns is the header of the snapshot files a service's probe writes:
// metrics.ProbeColumns, and cert_days when it reads certificates.
func Columns(p *config.Probe) []string {
	if p.Kind == config.ProbeTLS || p.CheckCert {
		return append(slices.Clone(metrics.ProbeColumns), CertDaysColumn)
	}
	return metrics.ProbeColumns
}

// Row is the snapshot row of the result at time t.
func (r Result) Row(t time.Time) metrics.MetricRow {
	v := map[string]string{"status": r.Status}
	if r.Code != 0 || r.Connected {
		v["latency_ms"] = strconv.FormatFloat(r.Latency, 'f', 0, 64)
	}
	if r.Code != 0 {
		v["code"] = strconv.Itoa(r.Code)
	}
	if r.CertDays != nil {
		v[CertDaysColumn] = strconv.Itoa(*r.CertDays)
	}
	return metrics.MetricRow{Time: t, Values: v}
}

// Run checks every service of cfg that has a [service.probe]
// (restricted to ids when it is not empty), at most opts.Concurrency at a
// time, and returns the results in site.toml order. A check that fails
// (no response, an unexpected status or a missing body text) is tried once
// more after RetryDelay; the second attempt is what counts. Slower than
// degraded_ms is degraded, not a failure, and is not retried. A probe of
// an example host (ExampleHost) is not run: see Skipped.
func Run(ctx context.Context, cfg *config.Config, ids []string, opts Options) []Result {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.RetryDelay < 0 {
		opts.RetryDelay = 0
	}
	if opts.Clock == nil {
		panic("generator.RunProbes: ProbeOptions.Clock is required")
	}
	var svcs []*config.Service
	for _, s := range cfg.Services {
		if s.Probe != nil && (len(ids) == 0 || slices.Contains(ids, s.ID)) && !ExampleHost(s.Probe.URL) {
			svcs = append(svcs, s)
		}
	}
	out := make([]Result, len(svcs))
	sem := make(chan struct{}, opts.Concurrency)
	var wg sync.WaitGroup
	for i, s := range svcs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = probeService(ctx, s, opts)
		}()
	}
	wg.Wait()
	return out
}

func probeService(ctx context.Context, s *config.Service, opts Options) Result {
	p := s.Probe
	tc, err := tlsConfig(p, opts)
	if err != nil {
		return Result{Service: s, Err: err}
	}
	header, err := headers(p, opts)
	if err != nil {
		return Result{Service: s, Err: err}
	}
	if p.Kind == config.ProbeTCP || p.Kind == config.ProbeTLS {
		var r Result
		for attempt := 1; attempt <= 2; attempt++ {
			if attempt == 2 && !pause(ctx, opts.RetryDelay) {
				return r
			}
			r = dialOnce(ctx, s, tc, opts)
			r.Attempts = attempt
			if r.Status != "down" {
				break
			}
		}
		return r
	}
	tr := opts.Transport
	if tr == nil {
		tr = &http.Transport{Proxy: http.ProxyFromEnvironment, DisableKeepAlives: true,
			DialContext: (&net.Dialer{Timeout: p.TimeoutDur}).DialContext, TLSClientConfig: tc}
	}
	follow := true
	for _, c := range p.ExpectStatus {
		if c >= 300 && c < 400 {
			follow = false // the redirect itself is what is expected
		}
	}
	client := &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if !follow {
			return http.ErrUseLastResponse
		}
		if len(via) >= 10 {
			return errors.New("more than 10 redirects")
		}
		return nil
	}}
	var r Result
	for attempt := 1; attempt <= 2; attempt++ {
		if attempt == 2 && !pause(ctx, opts.RetryDelay) {
			return r
		}
		r = probeOnce(ctx, client, s, header, opts)
		r.Attempts = attempt
		if r.Status != "down" {
			break
		}
	}
	return r
}

// pause waits d before a retry; false when ctx ended first.
func pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func probeOnce(ctx context.Context, client *http.Client, s *config.Service, header http.Header, opts Options) Result {
	p := s.Probe
	r := Result{Service: s, Status: "down"}
	ctx, cancel := context.WithTimeout(ctx, p.TimeoutDur)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, p.Method, p.URL, nil)
	if err != nil {
		r.Reason = err.Error()
		return r
	}
	if opts.UserAgent != "" {
		req.Header.Set("User-Agent", opts.UserAgent)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	start := opts.Clock()
	resp, err := client.Do(req)
	if err != nil {
		r.Reason = probeError(err, p.TimeoutDur)
		return r
	}
	defer resp.Body.Close()
	// The body is read (up to 1 MiB) so latency covers the whole response.
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	r.Latency = float64(opts.Clock().Sub(start).Microseconds()) / 1000
	r.Code = resp.StatusCode
	if p.CheckCert && resp.TLS != nil && len(resp.TLS.PeerCertificates) > 0 {
		r.CertDays = certDays(resp.TLS.PeerCertificates[0], opts)
	}
	switch {
	case err != nil:
		r.Reason = "reading the body: " + probeError(err, p.TimeoutDur)
	case !slices.Contains(p.ExpectStatus, resp.StatusCode):
		r.Reason = fmt.Sprintf("status %d, expected %s", resp.StatusCode, intList(p.ExpectStatus))
	case p.ExpectBody != "" && !strings.Contains(string(body), p.ExpectBody):
		r.Reason = fmt.Sprintf("body lacks %q", p.ExpectBody)
	case p.ExpectRegexpRE != nil && !p.ExpectRegexpRE.Match(body):
		r.Reason = fmt.Sprintf("body does not match expect_regexp %q", p.ExpectRegexp)
	case len(p.ExpectJSON) > 0 && jsonProblem(body, p.ExpectJSON) != "":
		r.Reason = jsonProblem(body, p.ExpectJSON)
	case p.DegradedMS > 0 && r.Latency > p.DegradedMS:
		r.Status = "degraded"
		r.Reason = fmt.Sprintf("%.0f ms, slower than degraded_ms %v", r.Latency, p.DegradedMS)
	default:
		r.Status = "up"
	}
	return r
}

func probeError(err error, timeout time.Duration) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no response within the timeout of %s", timeout)
	}
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		// net/url.Error repeats the method and URL; the cause is enough.
		if inner := ue.Unwrap(); inner != nil {
			return inner.Error()
		}
	}
	return err.Error()
}

func intList(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, " or ")
}

// Dir is the folder that holds a service's snapshots.
func Dir(cfg *config.Config, s *config.Service) string {
	return filepath.Join(cfg.Dir, "content", "metrics", s.ID)
}
