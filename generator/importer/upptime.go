package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/metrics"
)

// UpptimeSite is one entry of an Upptime repository's .upptimerc.yml.
type UpptimeSite struct {
	Name                string `yaml:"name"`
	URL                 string `yaml:"url"`
	Slug                string `yaml:"slug"`
	Method              string `yaml:"method"`
	ExpectedStatusCodes []int  `yaml:"expectedStatusCodes"`
	MaxResponseTime     int    `yaml:"maxResponseTime"`
	Check               string `yaml:"check"`

	// ServiceID is the statusgen service the history goes to: a service of
	// site.toml with this slug as id or this URL as probe, else the slug.
	ServiceID string `yaml:"-"`
	// InSite says site.toml already has the service.
	InSite bool `yaml:"-"`
}

// UpptimeOptions tunes ImportUpptime.
type UpptimeOptions struct {
	// HistoryCSV, when set, is read instead of the clone's git history: a
	// CSV with timestamp,site,status,code,response_time_ms columns, one
	// row per commit of history/<site>.yml.
	HistoryCSV string
	DryRun     bool
	// Preview receives the rows a dry run would write.
	Preview io.Writer
}

// upptimeState is history/<slug>.yml at one commit.
type upptimeState struct {
	Status       string `yaml:"status"`
	Code         int    `yaml:"code"`
	ResponseTime int    `yaml:"responseTime"`
	LastUpdated  string `yaml:"lastUpdated"`
	URL          string `yaml:"url"`
}

// UpptimeSites reads the sites of an Upptime clone: from .upptimerc.yml,
// or, when it is missing, from history/*.yml (names from
// history/summary.json).
func (s *Site) UpptimeSites(clone string, sum *Summary) ([]*UpptimeSite, error) {
	var sites []*UpptimeSite
	b, err := os.ReadFile(filepath.Join(clone, ".upptimerc.yml"))
	switch {
	case err == nil:
		if sites, err = parseUpptimeRC(filepath.Join(clone, ".upptimerc.yml"), b); err != nil {
			return nil, err
		}
	case os.IsNotExist(err):
		files, _ := filepath.Glob(filepath.Join(clone, "history", "*.yml"))
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: neither .upptimerc.yml nor history/*.yml; give the folder of an Upptime repository clone", clone)
		}
		names := map[string]string{}
		if b, err := os.ReadFile(filepath.Join(clone, "history", "summary.json")); err == nil {
			var list []struct{ Name, Slug string }
			if json.Unmarshal(b, &list) == nil {
				for _, e := range list {
					names[e.Slug] = e.Name
				}
			}
		}
		sort.Strings(files)
		for _, f := range files {
			slug := strings.TrimSuffix(filepath.Base(f), ".yml")
			st, _ := readUpptimeState(f)
			site := &UpptimeSite{Name: names[slug], Slug: slug, URL: st.URL}
			if site.Name == "" {
				site.Name = slug
			}
			sites = append(sites, site)
		}
		sum.note("%s has no .upptimerc.yml; the sites were read from history/*.yml", clone)
	default:
		return nil, err
	}
	return s.usableUpptimeSites(clone, sites, sum), nil
}

// UpptimeCSVSites reads the sites of a history export (see
// UpptimeOptions.HistoryCSV) from its site column, for an import without
// a clone: each site's slug is its name, and no probe URL is known.
func (s *Site) UpptimeCSVSites(path string, sum *Summary) ([]*UpptimeSite, error) {
	u := newUpptimeRows()
	if err := upptimeCSV(path, u); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for slug := range u.rows {
		seen[slug] = true
	}
	for slug := range u.skipped {
		seen[slug] = true
	}
	var sites []*UpptimeSite
	for _, slug := range sortedKeys(seen) {
		sites = append(sites, &UpptimeSite{Name: slug, Slug: slug})
	}
	if len(sites) == 0 {
		return nil, fmt.Errorf("%s: no rows; want timestamp,site,status,code,response_time_ms", path)
	}
	sum.note("no Upptime clone: the sites were read from %s; their [[service]] entries have no url, write it", path)
	return s.usableUpptimeSites("", sites, sum), nil
}

// usableUpptimeSites resolves each site's history file and service id,
// leaving out, with the reason, those that have none, and the second of
// two sites whose slugs make one service id: their histories must not
// mix in one service.
func (s *Site) usableUpptimeSites(clone string, sites []*UpptimeSite, sum *Summary) []*UpptimeSite {
	var out []*UpptimeSite
	owner := map[string]*UpptimeSite{}
	for i, site := range sites {
		if site == nil {
			sum.skipped(1, "site %d of %s: empty; give it a name and url", i+1, filepath.Join(clone, ".upptimerc.yml"))
			continue
		}
		if why := s.resolveUpptimeSite(clone, site); why != "" {
			sum.skipped(1, "site %d (%q) of %s: %s", i+1, site.Name, clone, why)
			continue
		}
		if first, ok := owner[site.ServiceID]; ok && first.Slug != site.Slug {
			sum.skipped(1, "site %d (%q, slug %q): service %q already holds site %q (slug %q); give one of them another slug (in .upptimerc.yml or the export's site column)",
				i+1, site.Name, site.Slug, site.ServiceID, first.Name, first.Slug)
			continue
		}
		owner[site.ServiceID] = site
		out = append(out, site)
	}
	return out
}

// parseUpptimeRC reads the sites of .upptimerc.yml (path names it in
// errors).
func parseUpptimeRC(path string, b []byte) ([]*UpptimeSite, error) {
	var rc struct {
		Sites []*UpptimeSite `yaml:"sites"`
	}
	if err := yaml.Unmarshal(b, &rc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return rc.Sites, nil
}

// serviceID is the form site.toml wants of a service id.
var serviceID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// resolveUpptimeSite finds a site's history file and service id; it says
// why when the site has none that can be used.
func (s *Site) resolveUpptimeSite(clone string, site *UpptimeSite) string {
	if site.Slug == "" {
		site.Slug = UpptimeSlug(site.Name)
		// A clone made by an older Upptime may name the file otherwise;
		// when ours names no history file, find the file by its url.
		if _, err := os.Stat(filepath.Join(clone, "history", site.Slug+".yml")); err != nil && clone != "" {
			files, _ := filepath.Glob(filepath.Join(clone, "history", "*.yml"))
			for _, f := range files {
				if st, err := readUpptimeState(f); err == nil && st.URL != "" && st.URL == site.URL {
					site.Slug = strings.TrimSuffix(filepath.Base(f), ".yml")
				}
			}
		}
	}
	switch {
	case site.Slug == "":
		return "no slug, and no name to make one of; add slug: <name of its history/*.yml>"
	case site.Slug != filepath.Base(site.Slug) || strings.ContainsAny(site.Slug, `/\`) || strings.HasPrefix(site.Slug, ".") ||
		strings.IndexFunc(site.Slug, unicode.IsControl) >= 0:
		return fmt.Sprintf("slug %q is not the name of a file of history/", site.Slug)
	}
	for _, svc := range s.Config.Services {
		if svc.ID == site.Slug || (svc.Probe != nil && site.URL != "" && svc.Probe.URL == site.URL) {
			site.ServiceID, site.InSite = svc.ID, true
			return ""
		}
	}
	// The service id names a folder of content/metrics and a URL.
	site.ServiceID = site.Slug
	if !serviceID.MatchString(site.ServiceID) {
		site.ServiceID = Slugify(site.Slug)
	}
	if site.ServiceID == "" {
		return fmt.Sprintf("slug %q makes no service id; give the site a slug of letters and digits", site.Slug)
	}
	return ""
}

// ServiceTOML is the [[service]] entry for site.toml that continues the
// site with `statusgen probe`.
func (u *UpptimeSite) ServiceTOML() string {
	var b strings.Builder
	if u.InSite {
		fmt.Fprintf(&b, "# %s: already in site.toml as %q\n", diag.OneLine(u.Name), u.ServiceID)
		return b.String()
	}
	fmt.Fprintf(&b, "[[service]]\nid       = %s\nname     = %s\n", config.TOMLString(u.ServiceID), config.TOMLString(u.Name))
	b.WriteString("# Upptime committed history/" + diag.OneLine(u.Slug) + ".yml on changes, so imported rows are hours apart;\n")
	b.WriteString("# a long interval lets each stand until the next. Set it to the probe's cadence once probes run.\n")
	b.WriteString("interval = \"1d\"\n")
	check := u.Check
	if check == "" || check == "http" {
		b.WriteString("\n")
		switch {
		case strings.HasPrefix(u.URL, "http://") || strings.HasPrefix(u.URL, "https://"):
			b.WriteString("  [service.probe]\n  ")
		case u.URL == "":
			b.WriteString("  # no url is known (the history export has none): write the site's address\n  # [service.probe]\n  # ")
		default:
			fmt.Fprintf(&b, "  # url %q is not an http(s) URL (an Upptime secret?): write the real one\n  # [service.probe]\n  # ", u.URL)
		}
		fmt.Fprintf(&b, "url = %s\n", config.TOMLString(u.URL))
		if u.Method != "" && !strings.EqualFold(u.Method, "GET") {
			fmt.Fprintf(&b, "  method = %s\n", config.TOMLString(strings.ToUpper(u.Method)))
		}
		if len(u.ExpectedStatusCodes) > 0 {
			codes := make([]string, len(u.ExpectedStatusCodes))
			for i, c := range u.ExpectedStatusCodes {
				codes[i] = strconv.Itoa(c)
			}
			fmt.Fprintf(&b, "  expect_status = [%s]\n", strings.Join(codes, ", "))
		}
		if u.MaxResponseTime > 0 {
			fmt.Fprintf(&b, "  degraded_ms = %d\n", u.MaxResponseTime)
		}
	} else {
		fmt.Fprintf(&b, "# Upptime check %q has no statusgen probe; keep it elsewhere and import its history\n", check)
	}
	b.WriteString("\n  [[service.slo]]\n  id        = \"availability\"\n  name      = \"Up\"\n  indicator = \"status\"\n  objective = 99.9\n")
	return b.String()
}

func readUpptimeState(path string) (upptimeState, error) {
	var st upptimeState
	b, err := os.ReadFile(path)
	if err != nil {
		return st, err
	}
	return parseUpptimeState(b)
}

// parseUpptimeState reads the text of a history/<slug>.yml.
func parseUpptimeState(b []byte) (upptimeState, error) {
	var st upptimeState
	err := yaml.Unmarshal(b, &st)
	return st, err
}

// Why a state gives no row.
const (
	skipStatus = "status not up, down or degraded"
	skipTime   = "time not in 1970..2199"
	skipYAML   = "not YAML"
)

// row is the state as a snapshot row at t, or why it gives none.
func (st upptimeState) row(t time.Time) (metrics.MetricRow, string) {
	status := strings.ToLower(strings.TrimSpace(st.Status))
	switch status {
	case "up", "down", "degraded":
	default:
		return metrics.MetricRow{}, skipStatus
	}
	if !timeInRange(t) {
		return metrics.MetricRow{}, skipTime
	}
	v := map[string]string{"status": status}
	// Code 0 is Upptime's "no response"; a code that is not an HTTP status,
	// or a negative time, is left empty, as the snapshot reader would refuse it.
	if st.Code >= 100 && st.Code <= 999 {
		v["code"] = strconv.Itoa(st.Code)
		if st.ResponseTime >= 0 {
			v["latency_ms"] = strconv.Itoa(st.ResponseTime)
		}
	}
	return metrics.MetricRow{Time: t.UTC().Truncate(time.Second), Values: v}, ""
}

// upptimeSkips counts the states that gave no row, by site slug and why.
type upptimeSkips map[string]map[string]int

func (k upptimeSkips) add(slug, why string) {
	if k[slug] == nil {
		k[slug] = map[string]int{}
	}
	k[slug][why]++
}

// upptimeRows collects the rows of each site slug, and the states skipped.
type upptimeRows struct {
	rows    map[string][]metrics.MetricRow
	skipped upptimeSkips
}

func newUpptimeRows() *upptimeRows {
	return &upptimeRows{rows: map[string][]metrics.MetricRow{}, skipped: upptimeSkips{}}
}

// add takes the state of slug at t as a row or a skipped state.
func (u *upptimeRows) add(slug string, st upptimeState, t time.Time) {
	if r, why := st.row(t); why != "" {
		u.skipped.add(slug, why)
	} else {
		u.rows[slug] = append(u.rows[slug], r)
	}
}

// ImportUpptime rebuilds the probe history of every site of an Upptime
// clone into content/metrics/<service>/ snapshots: one row per commit of
// history/<slug>.yml, at the commit's time, with the status, code and
// response time the file held then. Without a .git folder only the current
// state is imported (the last check, at its lastUpdated time).
func (s *Site) ImportUpptime(clone string, sites []*UpptimeSite, opts UpptimeOptions, sum *Summary) error {
	sum.Unit = "row"
	u := newUpptimeRows()
	switch {
	case opts.HistoryCSV != "":
		if err := upptimeCSV(opts.HistoryCSV, u); err != nil {
			return err
		}
	case isGitRepo(clone):
		for _, site := range sites {
			if err := upptimeGitHistory(clone, site.Slug, u); err != nil {
				return err
			}
		}
	default:
		sum.note("%s has no git history (no .git folder): only each site's current state was imported; clone the repository with git to import its whole history", clone)
		for _, site := range sites {
			f := filepath.Join(clone, "history", site.Slug+".yml")
			st, err := readUpptimeState(f)
			if err != nil {
				sum.unreadable("%s: %v", f, err)
				continue
			}
			if why := u.addCurrent(site.Slug, st); why != "" {
				sum.skipped(1, "%s: %s", f, why)
			}
		}
	}
	for _, site := range sites {
		for _, why := range sortedKeys(u.skipped[site.Slug]) {
			n := u.skipped[site.Slug][why]
			sum.skipped(n, "%s of %s: %s", plural(n, "state"), site.Slug, why)
		}
		delete(u.skipped, site.Slug)
		rs := u.rows[site.Slug]
		delete(u.rows, site.Slug)
		if len(rs) == 0 {
			sum.skipped(1, "%s: no history found", site.Slug)
			continue
		}
		if err := s.appendRows(sum, site.ServiceID, metrics.ProbeColumns, rs, opts.DryRun, opts.Preview); err != nil {
			return err
		}
	}
	other := map[string]int{}
	for slug, rs := range u.rows {
		other[slug] += len(rs)
	}
	for slug, whys := range u.skipped {
		for _, n := range whys {
			other[slug] += n
		}
	}
	for _, o := range sortedKeys(other) {
		sum.skipped(other[o], "%s of %q: not a site of the configuration", plural(other[o], "state"), o)
	}
	return nil
}

// addCurrent takes a history file's state at its lastUpdated time, as an
// import without git history does; it says why when the file gives no
// state at all.
func (u *upptimeRows) addCurrent(slug string, st upptimeState) string {
	t, err := time.Parse(time.RFC3339Nano, st.LastUpdated)
	if err != nil {
		return fmt.Sprintf("lastUpdated %q is not a time", st.LastUpdated)
	}
	u.add(slug, st, t)
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isGitRepo(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return err == nil
}

// upptimeGitHistory reads every committed version of history/<slug>.yml
// with one `git log` and one `git cat-file --batch`.
func upptimeGitHistory(clone, slug string, u *upptimeRows) error {
	path := "history/" + slug + ".yml"
	log := exec.Command("git", "-C", clone, "log", "--format=%H %cI", "--", path)
	out, err := log.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("git log in %s: %v: %s", clone, err, bytes.TrimSpace(ee.Stderr))
		}
		return fmt.Errorf("running git (is it installed?): %v", err)
	}
	var commits []upptimeCommit
	var req bytes.Buffer
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		hash, ts, ok := strings.Cut(l, " ")
		if !ok {
			continue
		}
		t, err := time.Parse(time.RFC3339, ts)
		if err != nil {
			return fmt.Errorf("git log: bad time %q", ts)
		}
		commits = append(commits, upptimeCommit{hash, t})
		fmt.Fprintf(&req, "%s:%s\n", hash, path)
	}
	if len(commits) == 0 {
		return nil
	}
	cat := exec.Command("git", "-C", clone, "cat-file", "--batch")
	cat.Stdin = &req
	blobs, err := cat.Output()
	if err != nil {
		return fmt.Errorf("git cat-file in %s: %v", clone, err)
	}
	return readCatFileBatch(blobs, slug, commits, u)
}

// upptimeCommit is a commit that changed a history file, at its commit time.
type upptimeCommit struct {
	hash string
	t    time.Time
}

// readCatFileBatch reads the output of `git cat-file --batch` asked for
// history/<slug>.yml at each of commits, in order: one row per version.
func readCatFileBatch(blobs []byte, slug string, commits []upptimeCommit, u *upptimeRows) error {
	r := bufio.NewReader(bytes.NewReader(blobs))
	for _, c := range commits {
		head, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("git cat-file: %v", err)
		}
		f := strings.Fields(head)
		if len(f) != 3 || f[1] != "blob" {
			continue // "missing": the file was deleted in that commit
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || n < 0 || n > len(blobs) {
			return fmt.Errorf("git cat-file: bad size in %q", strings.TrimSpace(head))
		}
		body := make([]byte, n+1) // content and its newline
		if _, err := io.ReadFull(r, body); err != nil {
			return fmt.Errorf("git cat-file: %v", err)
		}
		st, err := parseUpptimeState(body[:n])
		if err != nil {
			u.skipped.add(slug, skipYAML)
			continue
		}
		u.add(slug, st, c.t)
	}
	return nil
}

// upptimeCSV reads a timestamp,site,status,code,response_time_ms export.
func upptimeCSV(path string, u *upptimeRows) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return readUpptimeCSV(f, path, u)
}

// readUpptimeCSV reads the export upptimeCSV opened; path names it in
// errors.
func readUpptimeCSV(f io.Reader, path string, u *upptimeRows) error {
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return csvError(path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"timestamp", "site", "status"} {
		if _, ok := col[need]; !ok {
			return fmt.Errorf("%s: no %q column; want timestamp,site,status,code,response_time_ms", path, need)
		}
	}
	cell := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(path, err)
		}
		site := cell(rec, "site")
		t, err := time.Parse(time.RFC3339Nano, cell(rec, "timestamp"))
		if err != nil {
			u.skipped.add(site, "timestamp not an RFC 3339 time")
			continue
		}
		code, _ := strconv.Atoi(cell(rec, "code"))
		rt, _ := strconv.Atoi(cell(rec, "response_time_ms"))
		u.add(site, upptimeState{Status: cell(rec, "status"), Code: code, ResponseTime: rt}, t)
	}
}

// csvError names the file and line of a CSV reading error.
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", path, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %v", path, err)
}
