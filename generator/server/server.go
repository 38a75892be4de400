// Package server is the development server of `statusgen serve`: it builds
// a site into memory, serves it over HTTP, rebuilds it when its sources
// change, and makes open pages reload themselves through server-sent
// events. A failed build leaves the last good site served, with the
// problems shown over every page.
//
// It lives in its own package so that net/http and fsnotify stay out of
// the generator and out of every other command.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/chartscript"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/site"
)

// Options configure a Server.
type Options struct {
	Config string           // path to site.toml
	Now    func() time.Time // the moment each build computes its figures at
	Log    io.Writer        // one line per build and its problems; nil discards
	// Quiet is how long the sources must stay still before a rebuild, so a
	// burst of events (an editor's save, a git checkout) makes one build.
	// Default 50ms.
	Quiet time.Duration
	// Addr is the address given to listen on (--addr); the host it names
	// is answered besides localhost and IP addresses.
	Addr string
}

// Server holds the last good build and serves it.
type Server struct {
	opts Options
	dir  string // the site folder, which holds site.toml

	incidents site.IncidentMemo // parsed incident files, kept between builds

	// addrHost is the host of Options.Addr, lower case; port is the port
	// Serve listens on, "" before Serve.
	addrHost, port string

	buildMu sync.Mutex // one build at a time

	mu    sync.RWMutex
	state *state

	subMu sync.Mutex
	subs  map[chan int]struct{}
	done  chan struct{} // closed when the server shuts down

	// epoch tells this server's builds from those of an earlier run of
	// serve, so a page left open across a restart reloads too.
	epoch string
}

// state is what requests are answered from.
type state struct {
	files map[string][]byte // the last good site; nil before the first one
	gen   int               // build number, counting failed builds too
	// failed is set when the latest build failed: files are from an
	// earlier build.
	failed bool
	diags  diag.Diagnostics // of the latest build
	err    string           // why the latest build failed, when not a diagnostic
	// base is the path the site is published under (from base_url),
	// "/" or "/repo/"; requests under it are served from the root too.
	base string
}

// New returns a server for a site. Nothing is built until Build or Serve.
func New(opts Options) *Server {
	if opts.Quiet <= 0 {
		opts.Quiet = 50 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Now == nil {
		panic("server: Options.Now is required")
	}
	s := &Server{
		opts: opts, dir: filepath.Dir(opts.Config),
		state: &state{}, subs: map[chan int]struct{}{}, done: make(chan struct{}),
		epoch: strconv.FormatInt(time.Now().UnixNano(), 36),
	}
	if host, _, err := net.SplitHostPort(opts.Addr); err == nil {
		s.addrHost = normHost(host)
	}
	return s
}

// BuildResult says how one build went.
type BuildResult struct {
	Gen         int // build number, from 1
	OK          bool
	Diagnostics diag.Diagnostics
	Err         string        // the failure that is not a diagnostic (a template error)
	Took        time.Duration // how long the build took
}

// Build loads and renders the site into memory. On success the new site
// replaces the old; on failure the old one stays and its problems are
// shown over every page. Either way every open page is told to reload.
func (s *Server) Build() BuildResult {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now() // elapsed time for the log only; figures use opts.Now
	// Snapshots through the build cache, incidents through the memo:
	// after an edit only what changed is read and parsed again.
	st, ds := site.LoadWith(s.opts.Config, s.opts.Now(), site.LoadOptions{Cache: true, Incidents: &s.incidents})
	if st != nil { // the interactive charts, when `statusgen assets` has fetched them
		st.ChartScript, _ = chartscript.Load(chartscript.DefaultCacheDir())
	}
	var files map[string][]byte
	var err error
	if st == nil || st.ConfigErrors {
		st, err = nil, errors.New("site.toml has errors")
	} else if files, err = build.Files(st); err != nil {
		err = fmt.Errorf("rendering the pages: %w", err)
	}
	took := time.Since(start)

	s.mu.Lock()
	next := &state{files: s.state.files, gen: s.state.gen + 1, diags: ds, base: s.state.base}
	if err != nil {
		next.failed = true
		if st != nil {
			next.err = err.Error()
		}
	} else {
		next.files, next.base = files, basePath(st.Config.BaseURL)
	}
	s.state = next
	s.mu.Unlock()

	res := BuildResult{Gen: next.gen, OK: err == nil, Diagnostics: ds, Err: next.err, Took: took}
	s.logBuild(st, res)
	s.broadcast(next.gen)
	return res
}

func (s *Server) logBuild(st *site.Site, r BuildResult) {
	w := s.opts.Log
	for _, d := range r.Diagnostics {
		fmt.Fprintln(w, d.Error())
	}
	if r.Err != "" {
		fmt.Fprintln(w, r.Err)
	}
	if !r.OK {
		fmt.Fprintf(w, "build %d failed in %s; still serving the last good site\n", r.Gen, r.Took.Round(time.Millisecond))
		return
	}
	errs, warns := r.Diagnostics.Count()
	fmt.Fprintf(w, "build %d: %d services, %d incidents in %s", r.Gen, len(st.Services), len(st.Incidents), r.Took.Round(time.Millisecond))
	if errs+warns > 0 {
		fmt.Fprintf(w, " (%d errors, %d warnings: files with errors were left out)", errs, warns)
	}
	fmt.Fprintln(w)
}

// Serve builds the site, serves it on ln and rebuilds on every change to
// site.toml, templates/, content/ or incidents/ until ctx is done; then it
// closes open connections and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	w, err := s.newWatcher()
	if err != nil {
		ln.Close()
		return err
	}
	if _, port, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		s.port = port
	}
	s.Build() // after the watch starts, so no change is missed
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		s.watch(ctx, w)
	}()

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(func() { close(s.done) })
	shutDown := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		shutDown <- srv.Shutdown(sctx)
	}()
	err = srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		err = <-shutDown
	}
	<-watchDone
	return err
}

// subscribe registers a page's event stream; each channel holds at most
// one pending reload, which is all a page needs.
func (s *Server) subscribe() chan int {
	ch := make(chan int, 1)
	s.subMu.Lock()
	s.subs[ch] = struct{}{}
	s.subMu.Unlock()
	return ch
}

func (s *Server) unsubscribe(ch chan int) {
	s.subMu.Lock()
	delete(s.subs, ch)
	s.subMu.Unlock()
}

func (s *Server) broadcast(gen int) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- gen:
		default: // a reload is already pending
		}
	}
}

func (s *Server) current() *state {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.state
}

// buildID names a build for the event stream: the server's epoch and the
// build number.
func (s *Server) buildID(gen int) string { return s.epoch + "-" + strconv.Itoa(gen) }

// basePath is the path of base_url, "/" when it has none.
func basePath(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return "/" + strings.Trim(u.Path, "/") + "/"
}
