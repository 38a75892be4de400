package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// Paths the server answers besides the site's own files. The prefix
// cannot clash with a page: the generator writes no folder starting with
// an underscore.
const (
	EventsPath = "/_statusgen/events"
	ErrorsPath = "/_statusgen/errors"
)

// reloadScript reloads the page after each build. It is added to HTML
// responses by the server only; built files never contain it. The page
// names the build it came from, so a build that finishes before the
// stream is open, or a restart of serve, still reloads it.
func reloadScript(buildID string) string {
	return `<script>(function(){var es=new EventSource("` + EventsPath + `?since=` + url.QueryEscape(buildID) + `");` +
		`es.addEventListener("reload",function(){es.close();location.reload();});})();</script>`
}

// ServeHTTP answers from the last good build: pages, assets, the event
// stream and the error page. It answers only requests addressed to it
// (see hostAllowed), and redirects a path that is not clean (//incidents,
// /a/../b) to its clean form, always on the same host.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		http.Error(w, fmt.Sprintf("statusgen serve does not answer for host %q; open it by localhost, an IP address or the host of --addr", r.Host), http.StatusMisdirectedRequest)
		return
	}
	if p := cleanPath(r.URL.Path); p != r.URL.Path {
		redirect(w, r, p)
		return
	}
	switch r.URL.Path {
	case EventsPath:
		s.serveEvents(w, r)
		return
	case ErrorsPath:
		st := s.current()
		w.Header().Set("Cache-Control", "no-store")
		s.writeHTML(w, http.StatusOK, errorPage(st, "Build problems"), st, false)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.current()
	w.Header().Set("Cache-Control", "no-store")
	if st.files == nil {
		// No good build yet: the problems are all there is to show.
		s.writeHTML(w, http.StatusInternalServerError, errorPage(st, "The site could not be built"), st, false)
		return
	}
	// The 404 page links from base_url's path: serve that path too.
	urlPath := r.URL.Path
	if st.base != "/" && strings.HasPrefix(urlPath, st.base) {
		urlPath = "/" + strings.TrimPrefix(urlPath, st.base)
	}
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" || strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	body, ok := st.files[name]
	if !ok {
		if _, dir := st.files[path.Join(name, "index.html")]; dir {
			redirect(w, r, r.URL.Path+"/")
			return
		}
		if nf, ok := st.files["404.html"]; ok {
			s.writeHTML(w, http.StatusNotFound, nf, st, true)
		} else {
			http.NotFound(w, r)
		}
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(body)
	}
	if strings.HasPrefix(ctype, "text/html") {
		s.writeHTML(w, http.StatusOK, body, st, true)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// hostAllowed guards against DNS rebinding: a page of another site whose
// name is made to resolve to this machine must not read the preview (it
// shows the build's problems too). Only names that cannot be rebound are
// answered: localhost, IP addresses, and the host named in --addr; and
// only on the port served. An empty Host (HTTP/1.0) comes from no browser.
func (s *Server) hostAllowed(hostport string) bool {
	if hostport == "" {
		return true
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil { // no port: a name, an IPv4 address or a bracketed IPv6 one
		host, port = hostport, ""
		if h, ok := strings.CutPrefix(host, "["); ok && strings.HasSuffix(h, "]") {
			host = strings.TrimSuffix(h, "]")
		} else if strings.Contains(host, ":") {
			return false
		}
	}
	if port != "" && s.port != "" && port != s.port {
		return false
	}
	host = normHost(host)
	if _, err := netip.ParseAddr(host); err == nil || host == "localhost" {
		return true
	}
	return host != "" && host == s.addrHost
}

// normHost is a host name as compared: lower case, without a final dot.
func normHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// cleanPath is p with "//", "." and ".." resolved and one leading slash,
// its trailing slash kept.
func cleanPath(p string) string {
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// redirect sends the client to p, an absolute path on this server: it
// is escaped, so it can never read as another host (//host, /\host).
func redirect(w http.ResponseWriter, r *http.Request, p string) {
	loc := (&url.URL{Path: p}).EscapedPath()
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusMovedPermanently)
}

// writeHTML sends a page of build st with the reload script, and with
// the problems of that build over it when there are any and withOverlay
// is set (pages that list the problems themselves do not need it).
func (s *Server) writeHTML(w http.ResponseWriter, code int, page []byte, st *state, withOverlay bool) {
	var extra bytes.Buffer
	if withOverlay && (st.failed || st.diags.HasErrors()) {
		overlayTmpl.Execute(&extra, overlayData(st))
	}
	extra.WriteString(reloadScript(s.buildID(st.gen)))
	out := injectBeforeBodyEnd(page, extra.Bytes())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(code)
	w.Write(out)
}

// injectBeforeBodyEnd inserts extra before the last </body>, or appends
// it to a page that has none.
func injectBeforeBodyEnd(page, extra []byte) []byte {
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), extra...)
	}
	out := make([]byte, 0, len(page)+len(extra))
	out = append(out, page[:i]...)
	out = append(out, extra...)
	return append(out, page[i:]...)
}

// serveEvents streams one "reload" event per build until the page goes
// away or the server shuts down. A page that names an older build (in
// ?since= or, on reconnecting, Last-Event-ID) is told to reload at once.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := s.subscribe() // before reading the build number: no build slips between
	defer s.unsubscribe(ch)
	since := r.Header.Get("Last-Event-ID")
	if since == "" {
		since = r.URL.Query().Get("since")
	}
	gen := s.current().gen
	// retry: how soon the browser reconnects after a restart of serve.
	fmt.Fprintf(w, "retry: 500\n: build %d\n\n", gen)
	if since != "" && since != s.buildID(gen) {
		s.sendReload(w, gen)
	}
	if err := rc.Flush(); err != nil {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case gen := <-ch:
			s.sendReload(w, gen)
			if err := rc.Flush(); err != nil {
				return
			}
		}
	}
}

func (s *Server) sendReload(w io.Writer, gen int) {
	fmt.Fprintf(w, "id: %s\nevent: reload\ndata: %d\n\n", s.buildID(gen), gen)
}

// overlay is what the overlay and the error page show.
type overlay struct {
	Failed bool
	Gen    int
	Err    string
	Lines  []overlayLine
}

type overlayLine struct {
	Text    string
	Warning bool
}

func overlayData(st *state) overlay {
	o := overlay{Failed: st.failed, Gen: st.gen, Err: st.err}
	for _, d := range st.diags {
		o.Lines = append(o.Lines, overlayLine{d.Error(), d.Warning})
	}
	return o
}

var overlayTmpl = template.Must(template.New("overlay").Parse(`
<div id="statusgen-problems" role="alert" style="position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:60vh;overflow:auto;margin:0;padding:1em 1.5em;background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #c62828;box-shadow:0 4px 16px rgba(0,0,0,.25);font:14px/1.5 system-ui,sans-serif">
<button type="button" onclick="this.parentNode.remove()" style="float:right;font:inherit;cursor:pointer">Hide</button>
<strong style="color:#c62828">{{if .Failed}}Build {{.Gen}} failed: this is the last good site.{{else}}Build {{.Gen}}: files with errors were left out.{{end}}</strong>
Fix these and save; the page reloads by itself.
<pre style="margin:.5em 0 0;white-space:pre-wrap;font:13px/1.5 ui-monospace,monospace">{{if .Err}}{{.Err}}
{{end}}{{range .Lines}}{{if .Warning}}<span style="color:#8a6d00">{{.Text}}</span>{{else}}<span style="color:#c62828">{{.Text}}</span>{{end}}
{{end}}</pre>
</div>`))

var errorTmpl = template.Must(template.New("errors").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.Title}} · statusgen serve</title></head>
<body style="font:15px/1.5 system-ui,sans-serif;margin:2em;color:#1a1a1a">
<h1 style="color:{{if .Bad}}#c62828{{else}}#2e7d32{{end}}">{{.Title}}</h1>
{{if .Bad}}<p>{{if .O.Failed}}Build {{.O.Gen}} failed; {{if .Good}}the last good site is still served.{{else}}there is no site to serve yet.{{end}}{{else}}Build {{.O.Gen}} succeeded, but files with errors were left out.{{end}}
Fix these and save: this page reloads by itself.</p>{{else}}<p>Build {{.O.Gen}} has no errors.</p>{{end}}
<pre style="white-space:pre-wrap;font:13px/1.5 ui-monospace,monospace">{{if .O.Err}}{{.O.Err}}
{{end}}{{range .O.Lines}}{{if .Warning}}<span style="color:#8a6d00">{{.Text}}</span>{{else}}<span style="color:#c62828">{{.Text}}</span>{{end}}
{{end}}</pre>
{{if .Good}}<p><a href="/">Back to the site</a></p>{{end}}
</body></html>
`))

// errorPage lists every problem of the latest build.
func errorPage(st *state, title string) []byte {
	bad := st.failed || st.diags.HasErrors()
	if !bad {
		title = "No problems"
	}
	var b bytes.Buffer
	errorTmpl.Execute(&b, struct {
		Title     string
		Bad, Good bool
		O         overlay
	}{title, bad, st.files != nil, overlayData(st)})
	return b.Bytes()
}
