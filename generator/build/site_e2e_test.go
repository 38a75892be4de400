package build_test

// The end-to-end test of the site people look at: Debian's Chromium,
// driven through chromedriver (W3C WebDriver over plain HTTP, so no
// websocket library is needed), loads every page of the built example from
// a server on 127.0.0.1. It fails on any console error and on any request
// to another host, checks that the charts are drawn without moving the
// page, that with JavaScript off every figure is still there, and saves
// screenshots of the index and a service page at desktop and phone widths
// into test-artifacts/.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/chartscript"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/site"
)

var e2eNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// buildExample writes and builds the example site and returns public/.
func buildExample(t *testing.T) (string, *site.Site) {
	t.Helper()
	dir := t.TempDir()
	if err := example.Write(dir, e2eNow); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	st, ds, err := build.Build(build.Options{Config: filepath.Join(dir, "site.toml"), Out: out, Now: e2eNow})
	if err != nil || ds.HasErrors() {
		t.Fatalf("build: %v %v", err, ds)
	}
	return out, st
}

func TestSiteInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: install Debian's chromium and chromium-driver (.ci/run does)")
	}
	driver, err := exec.LookPath("chromedriver")
	if err != nil {
		t.Fatal("chromedriver is not installed: install Debian's chromium-driver (.ci/run does)")
	}
	public, st := buildExample(t)
	if st.ChartScript == nil {
		t.Fatalf("the charting script is not in the cache (%s): run `go run ./cmd/statusgen assets` (.ci/run does)", chartscript.DefaultCacheDir())
	}

	// The site, on 127.0.0.1 only.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var missing []string
	fs := http.FileServer(http.Dir(public))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(r.URL.Path))); err != nil && r.URL.Path != "/" {
			mu.Lock()
			missing = append(missing, r.URL.Path)
			mu.Unlock()
		}
		fs.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/"

	wd := startDriver(t, driver, chromium)
	defer wd.quit()

	// Every page of the site, by type.
	var pages []string
	filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(public, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	sort.Strings(pages)
	types := map[string]int{}
	for _, p := range pages {
		types[pageType(p)]++
	}
	for _, want := range []string{"index", "service", "slo", "incidents", "incident", "reports", "report", "404"} {
		if types[want] == 0 {
			t.Errorf("the example has no %s page", want)
		}
	}

	wd.resize(1280, 900)
	for _, p := range pages {
		wd.get(base + p)
		if pageType(p) == "service" {
			// Every chart is drawn over its static version, which keeps
			// its place: no layout shift. Charts are drawn as they come
			// near the screen, so scroll through the page first.
			wd.scrollThrough()
			wd.waitFor(p, `return document.querySelectorAll('.chart-live').length > 0 &&
				document.querySelectorAll('.chart-box.is-live canvas').length === document.querySelectorAll('.chart-live').length`)
			var cls float64
			wd.exec(`return new Promise(function (done) {
				var sum = 0;
				new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { if (!e.hadRecentInput) sum += e.value; }); })
					.observe({type: 'layout-shift', buffered: true});
				setTimeout(function () { done(sum); }, 100);
			})`, &cls, true)
			if cls > 0.01 {
				t.Errorf("%s: cumulative layout shift %.3f, want < 0.01", p, cls)
			}
		}
		for _, e := range wd.consoleErrors() {
			t.Errorf("%s: console error: %s", p, e)
		}
	}
	for _, u := range wd.requests() {
		// The browser's own pages (chrome://, about:) are not requests to
		// a host; every other scheme must reach our server.
		pu, err := url.Parse(u)
		internal := err == nil && (pu.Scheme == "data" || pu.Scheme == "blob" || pu.Scheme == "about" || strings.HasPrefix(pu.Scheme, "chrome") || pu.Scheme == "devtools")
		if err != nil || (!internal && pu.Host != ln.Addr().String()) {
			t.Errorf("request to another host: %s", u)
		}
	}
	mu.Lock()
	for _, m := range missing {
		if m != "/favicon.ico" {
			t.Errorf("request for a file the site does not have: %s", m)
		}
	}
	mu.Unlock()

	// A 390 px phone: no element reaches past the screen's edge, and every
	// column of the tables people read there (monthly report, service
	// history and SLA, burn rates, budget spent, action items, incident
	// statistics) is on screen without sideways scrolling.
	wd.emulate(390, true)
	for _, p := range pages {
		wd.get(base + p)
		var wide []string
		wd.exec(phoneCheck, &wide, false)
		for _, w := range wide {
			t.Errorf("%s at 390 px: %s", p, w)
		}
	}

	// Colours people tell apart: minor and major incidents differ, and a
	// service's name on the index looks like the link it is.
	wd.get(base + "index.html")
	var look struct{ Minor, Major, Critical, ServiceLink, Link string }
	wd.exec(`var probe = document.createElement('span');
		return {Minor: (probe.className = 'sev sev-minor', document.body.appendChild(probe), getComputedStyle(probe).color),
			Major: (probe.className = 'sev sev-major', getComputedStyle(probe).color),
			Critical: (probe.className = 'sev sev-critical', getComputedStyle(probe).color),
			ServiceLink: getComputedStyle(document.querySelector('.service h4 a')).color,
			Link: getComputedStyle(document.querySelector('main p a, .site-footer a')).color};`, &look, false)
	if look.Minor == look.Major || look.Major == look.Critical {
		t.Errorf("severity colours: minor %s, major %s, critical %s; want three colours", look.Minor, look.Major, look.Critical)
	}
	if look.ServiceLink != look.Link {
		t.Errorf("service names on the index are %s, other links %s: they do not look like links", look.ServiceLink, look.Link)
	}

	// An uptime bar's day details, by keyboard and by touch: the row of
	// bars is one slider; the arrow keys move between days and the box
	// under it lists the day's figure and incidents, with their links.
	wd.emulate(390, true)
	wd.get(base + "index.html")
	// A slider has its value before anyone touches it (axe's aria-required-attr).
	var before string
	wd.exec(`var p = document.querySelector('.bars-pick'); return p.getAttribute('aria-valuenow') + ' ' + p.getAttribute('aria-valuetext')`, &before, false)
	if !strings.HasPrefix(before, "89 Mon 23 Nov 2026") {
		t.Errorf("uptime slider before use: %q; want value 89, today", before)
	}
	wd.exec(`document.querySelector('.bars-pick').focus(); return true`, nil, false)
	// The example's orders-api incident of 6 Nov is 17 days before now (23 Nov).
	for i := 0; i < 17; i++ {
		wd.cdp("Input.dispatchKeyEvent", map[string]any{"type": "rawKeyDown", "key": "ArrowLeft", "code": "ArrowLeft", "windowsVirtualKeyCode": 37}, nil)
		wd.cdp("Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": "ArrowLeft", "code": "ArrowLeft", "windowsVirtualKeyCode": 37}, nil)
	}
	var pop struct {
		Role, ValueText, Text, Link string
		Shown                       bool
		X, Y                        float64
	}
	popScript := `var p = document.querySelector('.bars-pick'), box = document.querySelector('.day-pop'), a = box && box.querySelector('a');
		var r = p.getBoundingClientRect();
		return {Role: p.getAttribute('role'), ValueText: p.getAttribute('aria-valuetext') || '', Text: box ? box.innerText : '',
			Link: a ? a.getAttribute('href') : '', Shown: !!box && !box.hidden && box.getBoundingClientRect().height > 0,
			X: r.left + r.width * 0.1, Y: r.top + r.height / 2};`
	wd.exec(popScript, &pop, false)
	if pop.Role != "slider" || !pop.Shown || !strings.HasPrefix(pop.ValueText, "Fri 6 Nov 2026: ") ||
		!strings.Contains(pop.Text, "Orders API returned 503s") || !strings.HasPrefix(pop.Link, "incidents/2026-11-06-") {
		t.Errorf("uptime bar details by keyboard: %+v; want a slider on Fri 6 Nov with the 503s incident linked", pop)
	}
	// A finger on the bars, a tenth of the way in: day 9 of the 90 from
	// 25 Aug, early September.
	wd.cdp("Input.dispatchTouchEvent", map[string]any{"type": "touchStart", "touchPoints": []map[string]any{{"x": pop.X, "y": pop.Y}}}, nil)
	wd.cdp("Input.dispatchTouchEvent", map[string]any{"type": "touchEnd", "touchPoints": []map[string]any{}}, nil)
	wd.exec(popScript, &pop, false)
	if !pop.Shown || !strings.Contains(pop.Text, " Sep 2026: ") {
		t.Errorf("uptime bar details by touch: %+v; want the box for a day in early September", pop)
	}

	// Screenshots at desktop and phone widths.
	service := "services/" + st.Services[0].ID + "/index.html"
	for _, shot := range []struct {
		name, page string
		width      int
		mobile     bool
	}{
		{"index-desktop", "index.html", 1280, false},
		{"index-phone", "index.html", 390, true},
		{"service-desktop", service, 1280, false},
		{"service-phone", service, 390, true},
	} {
		wd.emulate(shot.width, shot.mobile)
		wd.get(base + shot.page)
		if shot.page == service {
			wd.scrollThrough()
			wd.waitFor(shot.page, `return document.querySelectorAll('.chart-box.is-live canvas').length > 0`)
		}
		// Nothing sticks out sideways at phone width.
		var overflow bool
		wd.exec(`return document.documentElement.scrollWidth > document.documentElement.clientWidth`, &overflow, false)
		if overflow {
			t.Errorf("%s at %d px: the page is wider than the screen", shot.page, shot.width)
		}
		wd.screenshot(shot.name)
	}

	// The reader's local time: a reader in New York switches the times
	// written in the site's zone (Europe/Berlin) to theirs.
	wd.cdp("Emulation.setTimezoneOverride", map[string]any{"timezoneId": "America/New_York"}, nil)
	wd.get(base + "index.html")
	var times struct{ Before, After, Button, Footer string }
	wd.exec(`var t = document.querySelector('main time[datetime]'), b = document.getElementById('tz-toggle');
		var before = t.textContent; b.click();
		return {Before: before, After: t.textContent, Button: b.hidden ? 'hidden' : b.textContent,
			Footer: document.querySelector('.site-footer p').textContent};`, &times, false)
	if !strings.Contains(times.Before, "CET") || !strings.Contains(times.After, "EST") || times.Button == "hidden" {
		t.Errorf("local time: %q became %q (button %q); want CET to become EST", times.Before, times.After, times.Button)
	}
	// The footer names the zone the times are now in.
	if !strings.Contains(times.Footer, "Times are in America/New_York") {
		t.Errorf("after switching to local time the footer says %q; want it to name America/New_York", times.Footer)
	}
	wd.cdp("Emulation.setTimezoneOverride", map[string]any{"timezoneId": ""}, nil)

	// Dark mode follows the system preference.
	wd.cdp("Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "dark"}}}, nil)
	wd.emulate(1280, false)
	wd.get(base + service)
	wd.scrollThrough()
	wd.waitFor(service, `return document.querySelectorAll('.chart-box.is-live canvas').length > 0`)
	var bg string
	wd.exec(`return getComputedStyle(document.body).backgroundColor`, &bg, false)
	if bg != "rgb(13, 17, 23)" {
		t.Errorf("dark mode: body background %s, want rgb(13, 17, 23)", bg)
	}
	wd.screenshot("service-dark")
	wd.cdp("Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "light"}}}, nil)

	// JavaScript off: every figure still shows, as SVG.
	wd.cdp("Emulation.setScriptExecutionDisabled", map[string]any{"value": true}, nil)
	wd.emulate(1280, false)
	for _, p := range []string{"index.html", service} {
		wd.get(base + p)
		var report struct {
			Figures, Shown, Bars int
			Problems             []string
		}
		wd.exec(`var out = {Figures: 0, Shown: 0, Bars: 0, Problems: []};
			document.querySelectorAll('figure').forEach(function (f) {
				out.Figures++;
				var svg = f.querySelector('svg');
				var r = svg && svg.getBoundingClientRect();
				var live = f.querySelector('.chart-box.is-live');
				if (!svg || r.width < 50 || r.height < 10 || live) { out.Problems.push(f.id || f.className); return; }
				if (f.classList.contains('chart') && !svg.querySelector('path[d^="M"], rect.s-bar')) { out.Problems.push((f.id || '') + ': empty'); return; }
				out.Shown++;
				out.Bars += svg.querySelectorAll('rect[class^="day-"]').length;
			});
			return out;`, &report, false)
		if report.Figures == 0 || report.Shown != report.Figures {
			t.Errorf("%s without JavaScript: %d of %d figures shown; not shown: %v", p, report.Shown, report.Figures, report.Problems)
		}
		if p == "index.html" && report.Bars != len(st.Services)*st.Config.HistoryDays {
			t.Errorf("index without JavaScript: %d uptime bars, want %d", report.Bars, len(st.Services)*st.Config.HistoryDays)
		}
		wd.screenshot(strings.TrimSuffix(strings.ReplaceAll(p, "/", "-"), ".html") + "-nojs")
	}
}

// phoneCheck lists what does not fit a phone's width: elements whose box
// reaches past the viewport (inside a scrolling box or not), and table
// columns off screen.
const phoneCheck = `var vw = document.documentElement.clientWidth, out = [];
var lay = document.createElement('style'); lay.textContent = '* { content-visibility: visible !important; }'; document.head.appendChild(lay);
function name(e) { return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''); }
document.querySelectorAll('body *').forEach(function (e) {
	if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') return;
	var r = e.getBoundingClientRect();
	if (r.width === 0 && r.height === 0) return;
	var st = getComputedStyle(e);
	if (st.visibility === 'hidden' || st.position === 'fixed') return;
	if (r.right > vw + 0.5 || r.left < -0.5) out.push(name(e) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' px' + (e.textContent ? ' (' + e.textContent.trim().slice(0, 40) + ')' : ''));
});
document.documentElement.scrollWidth > vw && out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px');
return out.slice(0, 8);`

func pageType(p string) string {
	parts := strings.Split(p, "/")
	switch {
	case p == "index.html" || p == "404.html":
		return strings.TrimSuffix(p, ".html")
	case parts[0] == "services" && len(parts) == 3:
		return "service"
	case parts[0] == "services" && len(parts) == 4 && parts[2] == "slo":
		return "slo"
	case (parts[0] == "incidents" || parts[0] == "reports") && len(parts) == 2:
		return parts[0]
	case parts[0] == "incidents" || parts[0] == "reports":
		return strings.TrimSuffix(parts[0], "s")
	}
	return parts[0]
}

// webDriver is a minimal W3C WebDriver client for chromedriver.
type webDriver struct {
	t       *testing.T
	cmd     *exec.Cmd
	base    string
	session string
	hc      *http.Client
	reqs    []string
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func startDriver(t *testing.T, driver, chromium string) *webDriver {
	port := freePort(t)
	cmd := exec.Command(driver, fmt.Sprintf("--port=%d", port), "--allowed-ips=127.0.0.1")
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromedriver: %v", err)
	}
	wd := &webDriver{t: t, cmd: cmd, base: fmt.Sprintf("http://127.0.0.1:%d", port), hc: &http.Client{Timeout: 60 * time.Second}}
	ready := false
	for i := 0; i < 100 && !ready; i++ {
		if resp, err := wd.hc.Get(wd.base + "/status"); err == nil {
			resp.Body.Close()
			ready = resp.StatusCode == 200
		}
		if !ready {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !ready {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("chromedriver did not start: %s", log.String())
	}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": chromium,
			"args": []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--no-first-run", "--user-data-dir=" + t.TempDir(),
				"--disable-features=Translate,OptimizationHints,MediaRouter", "--hide-scrollbars",
				// Belt and braces: a name other than 127.0.0.1 resolves nowhere.
				"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--window-size=1280,900"},
		},
		"goog:loggingPrefs": map[string]string{"browser": "ALL", "performance": "ALL"},
	}}}
	var sess struct {
		SessionID string `json:"sessionId"`
	}
	if err := wd.do("POST", "/session", caps, &sess); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("new session: %v\n%s", err, log.String())
	}
	wd.session = "/session/" + sess.SessionID
	return wd
}

func (wd *webDriver) quit() {
	if wd.session != "" {
		wd.do("DELETE", wd.session, nil, nil)
	}
	wd.cmd.Process.Kill()
	wd.cmd.Wait()
}

// do sends one WebDriver command and decodes its "value".
func (wd *webDriver) do(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, wd.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	resp, err := wd.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &env); err != nil {
		return fmt.Errorf("%s %s: %s", method, path, b)
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s %s: %s", method, path, env.Value)
	}
	if out != nil {
		return json.Unmarshal(env.Value, out)
	}
	return nil
}

func (wd *webDriver) must(err error) {
	wd.t.Helper()
	if err != nil {
		wd.t.Fatal(err)
	}
}

func (wd *webDriver) get(u string) {
	wd.t.Helper()
	wd.must(wd.do("POST", wd.session+"/url", map[string]string{"url": u}, nil))
}

func (wd *webDriver) exec(script string, out any, async bool) {
	wd.t.Helper()
	if async {
		// execute/sync awaits a returned promise.
		script = "return (function () {" + script + "})()"
	}
	wd.must(wd.do("POST", wd.session+"/execute/sync", map[string]any{"script": script, "args": []any{}}, out))
}

// waitFor polls a script until it returns true, for at most 10 seconds.
func (wd *webDriver) waitFor(what, script string) {
	wd.t.Helper()
	for i := 0; i < 100; i++ {
		var ok bool
		wd.exec(script, &ok, false)
		if ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	wd.t.Fatalf("%s: timed out waiting for: %s", what, script)
}

// scrollThrough scrolls the page down a screen at a time and back to the
// top, so every chart that is drawn when it comes near the screen is.
func (wd *webDriver) scrollThrough() {
	wd.t.Helper()
	var done bool
	wd.exec(`return new Promise(function (finish) {
		var y = 0;
		(function step() {
			window.scrollTo(0, y);
			if (y > document.documentElement.scrollHeight) { window.scrollTo(0, 0); setTimeout(function () { finish(true); }, 50); return; }
			y += window.innerHeight / 2;
			setTimeout(step, 30);
		})();
	})`, &done, true)
}

func (wd *webDriver) cdp(cmd string, params map[string]any, out any) {
	wd.t.Helper()
	wd.must(wd.do("POST", wd.session+"/goog/cdp/execute", map[string]any{"cmd": cmd, "params": params}, out))
}

func (wd *webDriver) resize(w, h int) {
	wd.t.Helper()
	wd.must(wd.do("POST", wd.session+"/window/rect", map[string]int{"width": w, "height": h}, nil))
}

func (wd *webDriver) emulate(width int, mobile bool) {
	wd.t.Helper()
	wd.cdp("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile}, nil)
}

// logs returns the entries of a chromedriver log since the last call.
func (wd *webDriver) logs(kind string) []struct{ Level, Message string } {
	wd.t.Helper()
	var entries []struct{ Level, Message string }
	wd.must(wd.do("POST", wd.session+"/se/log", map[string]string{"type": kind}, &entries))
	return entries
}

func (wd *webDriver) consoleErrors() []string {
	var out []string
	for _, e := range wd.logs("browser") {
		if e.Level == "SEVERE" {
			out = append(out, e.Message)
		}
	}
	wd.collectRequests()
	return out
}

// collectRequests gathers the URL of every request the browser made, from
// the DevTools network events in the performance log.
func (wd *webDriver) collectRequests() {
	for _, e := range wd.logs("performance") {
		var m struct {
			Message struct {
				Method string
				Params struct {
					Request struct{ URL string }
				}
			}
		}
		if json.Unmarshal([]byte(e.Message), &m) == nil && m.Message.Method == "Network.requestWillBeSent" {
			wd.reqs = append(wd.reqs, m.Message.Params.Request.URL)
		}
	}
}

func (wd *webDriver) requests() []string {
	wd.collectRequests()
	if len(wd.reqs) == 0 {
		wd.t.Error("the performance log shows no request at all: the check for other hosts saw nothing")
	}
	return wd.reqs
}

// screenshot saves the whole page as test-artifacts/<name>.png at the
// repository root.
func (wd *webDriver) screenshot(name string) {
	wd.t.Helper()
	var shot struct{ Data string }
	wd.cdp("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true, "fromSurface": true,
		"clip": wd.pageClip()}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	wd.must(err)
	dir := filepath.Join("..", "..", "test-artifacts")
	wd.must(os.MkdirAll(dir, 0o755))
	wd.must(os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

func (wd *webDriver) pageClip() map[string]any {
	var m struct {
		CSSContentSize struct{ Width, Height float64 } `json:"cssContentSize"`
	}
	wd.cdp("Page.getLayoutMetrics", map[string]any{}, &m)
	return map[string]any{"x": 0, "y": 0, "width": m.CSSContentSize.Width, "height": m.CSSContentSize.Height, "scale": 1}
}
