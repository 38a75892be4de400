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
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator"
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
	for _, site := range sites {
		s.resolveUpptimeSite(clone, site)
	}
	return sites, nil
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

func (s *Site) resolveUpptimeSite(clone string, site *UpptimeSite) {
	if site.Slug == "" {
		site.Slug = Slugify(site.Name)
		// Upptime's slugs split camel case ("GitHub" → "git-hub"); when
		// ours names no history file, find the file by its url.
		if _, err := os.Stat(filepath.Join(clone, "history", site.Slug+".yml")); err != nil {
			files, _ := filepath.Glob(filepath.Join(clone, "history", "*.yml"))
			for _, f := range files {
				if st, err := readUpptimeState(f); err == nil && st.URL != "" && st.URL == site.URL {
					site.Slug = strings.TrimSuffix(filepath.Base(f), ".yml")
				}
			}
		}
	}
	site.ServiceID = site.Slug
	for _, svc := range s.Config.Services {
		if svc.ID == site.Slug || (svc.Probe != nil && site.URL != "" && svc.Probe.URL == site.URL) {
			site.ServiceID, site.InSite = svc.ID, true
			break
		}
	}
}

// ServiceTOML is the [[service]] entry for site.toml that continues the
// site with `statusgen probe`.
func (u *UpptimeSite) ServiceTOML() string {
	var b strings.Builder
	if u.InSite {
		fmt.Fprintf(&b, "# %s: already in site.toml as %q\n", u.Name, u.ServiceID)
		return b.String()
	}
	fmt.Fprintf(&b, "[[service]]\nid       = %s\nname     = %s\n", generator.TOMLString(u.ServiceID), generator.TOMLString(u.Name))
	b.WriteString("# Upptime committed history/" + u.Slug + ".yml on changes, so imported rows are hours apart;\n")
	b.WriteString("# a long interval lets each stand until the next. Set it to the probe's cadence once probes run.\n")
	b.WriteString("interval = \"1d\"\n")
	check := u.Check
	if check == "" || check == "http" {
		b.WriteString("\n")
		if strings.HasPrefix(u.URL, "http://") || strings.HasPrefix(u.URL, "https://") {
			b.WriteString("  [service.probe]\n  ")
		} else {
			fmt.Fprintf(&b, "  # url %q is not an http(s) URL (an Upptime secret?): write the real one\n  # [service.probe]\n  # ", u.URL)
		}
		fmt.Fprintf(&b, "url = %s\n", generator.TOMLString(u.URL))
		if u.Method != "" && !strings.EqualFold(u.Method, "GET") {
			fmt.Fprintf(&b, "  method = %s\n", generator.TOMLString(strings.ToUpper(u.Method)))
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

func (st upptimeState) row(t time.Time) (generator.MetricRow, bool) {
	status := strings.ToLower(strings.TrimSpace(st.Status))
	switch status {
	case "up", "down", "degraded":
	default:
		return generator.MetricRow{}, false
	}
	v := map[string]string{"status": status}
	if st.Code != 0 {
		v["code"] = strconv.Itoa(st.Code)
		v["latency_ms"] = strconv.Itoa(st.ResponseTime)
	}
	return generator.MetricRow{Time: t.UTC().Truncate(time.Second), Values: v}, true
}

// ImportUpptime rebuilds the probe history of every site of an Upptime
// clone into content/metrics/<service>/ snapshots: one row per commit of
// history/<slug>.yml, at the commit's time, with the status, code and
// response time the file held then. Without a .git folder only the current
// state is imported (the last check, at its lastUpdated time).
func (s *Site) ImportUpptime(clone string, sites []*UpptimeSite, opts UpptimeOptions, sum *Summary) error {
	sum.Unit = "row"
	rows := map[string][]generator.MetricRow{}
	skipped := map[string]int{}
	switch {
	case opts.HistoryCSV != "":
		if err := upptimeCSV(opts.HistoryCSV, rows, skipped); err != nil {
			return err
		}
	case isGitRepo(clone):
		for _, site := range sites {
			if err := upptimeGitHistory(clone, site.Slug, rows, skipped); err != nil {
				return err
			}
		}
	default:
		sum.note("%s has no git history (no .git folder): only each site's current state was imported; clone the repository with git to import its whole history", clone)
		for _, site := range sites {
			f := filepath.Join(clone, "history", site.Slug+".yml")
			st, err := readUpptimeState(f)
			if err != nil {
				sum.skipped(1, "%s: %v", site.Slug, err)
				continue
			}
			t, err := time.Parse(time.RFC3339Nano, st.LastUpdated)
			if err != nil {
				sum.skipped(1, "%s: lastUpdated %q is not a time", f, st.LastUpdated)
				continue
			}
			if r, ok := st.row(t); ok {
				rows[site.Slug] = append(rows[site.Slug], r)
			} else {
				skipped[site.Slug]++
			}
		}
	}
	for _, site := range sites {
		if n := skipped[site.Slug]; n > 0 {
			sum.skipped(n, "%s of %s: status not up, down or degraded", plural(n, "state"), site.Slug)
		}
		rs := rows[site.Slug]
		delete(rows, site.Slug)
		if len(rs) == 0 {
			sum.skipped(1, "%s: no history found", site.Slug)
			continue
		}
		if err := s.appendRows(sum, site.ServiceID, generator.ProbeColumns, rs, opts.DryRun, opts.Preview); err != nil {
			return err
		}
	}
	var other []string
	for slug := range rows {
		other = append(other, slug)
	}
	sort.Strings(other)
	for _, o := range other {
		sum.skipped(len(rows[o]), "%s of %q: not a site of the configuration", plural(len(rows[o]), "row"), o)
	}
	return nil
}

func isGitRepo(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return err == nil
}

// upptimeGitHistory reads every committed version of history/<slug>.yml
// with one `git log` and one `git cat-file --batch`.
func upptimeGitHistory(clone, slug string, rows map[string][]generator.MetricRow, skipped map[string]int) error {
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
	return readCatFileBatch(blobs, slug, commits, rows, skipped)
}

// upptimeCommit is a commit that changed a history file, at its commit time.
type upptimeCommit struct {
	hash string
	t    time.Time
}

// readCatFileBatch reads the output of `git cat-file --batch` asked for
// history/<slug>.yml at each of commits, in order: one row per version.
func readCatFileBatch(blobs []byte, slug string, commits []upptimeCommit, rows map[string][]generator.MetricRow, skipped map[string]int) error {
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
		n, _ := strconv.Atoi(f[2])
		body := make([]byte, n+1) // content and its newline
		if _, err := io.ReadFull(r, body); err != nil {
			return fmt.Errorf("git cat-file: %v", err)
		}
		st, err := parseUpptimeState(body[:n])
		if err != nil {
			skipped[slug]++
			continue
		}
		if row, ok := st.row(c.t); ok {
			rows[slug] = append(rows[slug], row)
		} else {
			skipped[slug]++
		}
	}
	return nil
}

// upptimeCSV reads a timestamp,site,status,code,response_time_ms export.
func upptimeCSV(path string, rows map[string][]generator.MetricRow, skipped map[string]int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return readUpptimeCSV(f, path, rows, skipped)
}

// readUpptimeCSV reads the export upptimeCSV opened; path names it in
// errors.
func readUpptimeCSV(f io.Reader, path string, rows map[string][]generator.MetricRow, skipped map[string]int) error {
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
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
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %v", path, line, err)
		}
		site := cell(rec, "site")
		t, err := time.Parse(time.RFC3339Nano, cell(rec, "timestamp"))
		if err != nil {
			skipped[site]++
			continue
		}
		code, _ := strconv.Atoi(cell(rec, "code"))
		rt, _ := strconv.Atoi(cell(rec, "response_time_ms"))
		if row, ok := (upptimeState{Status: cell(rec, "status"), Code: code, ResponseTime: rt}).row(t); ok {
			rows[site] = append(rows[site], row)
		} else {
			skipped[site]++
		}
	}
}
