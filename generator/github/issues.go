package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	gh "github.com/google/go-github/v60/github"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// ImportOptions says which issues to import into which site.
type ImportOptions struct {
	Repo   Repo
	Label  string         // issues with this label are incidents; default "incident"
	Config *config.Config // the site: its folder, services and time zone
	// DefaultSeverity is used for a new file when no label names a
	// severity; default "minor".
	DefaultSeverity string
	DryRun          bool // compute the changes, write nothing
}

// FileChange is what an import did (or would do) to one incident file.
type FileChange struct {
	Path   string // relative to the site folder
	Issue  int
	Action string   // "create", "update" or "unchanged"
	Fields []string // for updates: what changed ("title", "updates", ...)
	Old    []byte   // nil for a new file
	New    []byte
}

// Diff lists the lines of the file an update removes ("- ") and adds
// ("+ "), in order, from their longest common subsequence: what a dry
// run shows. Past 4,000,000 for the lines before times the lines after
// (2,000 each) it only says the file is too long to compare.
func (ch FileChange) Diff() string {
	return lineDiff(string(ch.Old), string(ch.New))
}

// lineDiff lists the lines removed ("- ") and added ("+ ") between a and
// b, in order, from their longest common subsequence.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(x)*len(y) > 4_000_000 {
		return "(too long to compare)\n"
	}
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			out.WriteString("- " + x[i] + "\n")
			i++
		default:
			out.WriteString("+ " + y[j] + "\n")
			j++
		}
	}
	return out.String()
}

// Import rules. Labels are matched case-insensitively.
//
//   - severity: a label "severity:X" or "severity/X", or a bare "critical",
//     "major", "minor" or "maintenance"; the most severe wins. Without one a
//     new file gets DefaultSeverity and a later import leaves severity alone.
//   - services: labels "service:ID" or "service/ID" (a service id or name of
//     site.toml). Without one a later import leaves services alone.
//   - started: the issue's creation time, written when the file is created
//     only (engineers correct it to when impact began).
//   - resolved: the issue's closing time; reopening removes it.
//   - updates: each comment, in order; a comment that starts with
//     Investigating, Identified, Monitoring or Resolved (optionally bold,
//     followed by ":" or "-") sets the status, else the previous status
//     stands (first: investigating). Closing adds a resolved update unless
//     the last comment already said Resolved.
//   - the body: the issue's body, written when the file is created only.
var (
	severityRank = map[string]int{incident.SeverityMaintenance: 1, incident.SeverityMinor: 2, incident.SeverityMajor: 3, incident.SeverityCritical: 4}
	statusWord   = regexp.MustCompile(`(?i)^\s*(?:\*\*|__)?\s*(investigating|identified|monitoring|resolved)\s*(?:\*\*|__)?\s*[:\-–—]?\s*(?:\*\*|__)?\s*`)
	slugDrop     = regexp.MustCompile(`[^a-z0-9]+`)
)

// Source returns the front-matter source key of an issue,
// "github:owner/name#12".
func Source(r IssueRef) string { return "github:" + r.String() }

// issueData is what one issue brings into its file.
type issueData struct {
	ref      IssueRef
	title    string
	severity string // "" when no label names one
	services []string
	created  time.Time
	closed   time.Time // zero while open
	body     string
	updates  []importedUpdate
}

// ImportIssues brings every issue labelled opts.Label into incidents/:
// one file per issue, found again by its source key on later runs.
// Diagnostics name problems with one issue or file (an unknown service
// label, a file the result would not parse); such files are not written.
func (c *Client) ImportIssues(ctx context.Context, opts ImportOptions) ([]FileChange, diag.Diagnostics, error) {
	var ds diag.Diagnostics
	if opts.Label == "" {
		opts.Label = "incident"
	}
	if opts.DefaultSeverity == "" {
		opts.DefaultSeverity = incident.SeverityMinor
	}
	cfg := opts.Config
	existing, err := indexSources(cfg.Dir)
	if err != nil {
		return nil, ds, err
	}
	issues, err := c.listIssues(ctx, opts.Repo, opts.Label)
	if err != nil {
		return nil, ds, err
	}
	var changes []FileChange
	for _, is := range issues {
		ref := IssueRef{opts.Repo, is.GetNumber()}
		comments, err := c.listComments(ctx, ref)
		if err != nil {
			return changes, ds, err
		}
		data := toIssueData(ref, is, comments, cfg, &ds)
		rel, old := existing[Source(ref)], []byte(nil)
		if rel != "" {
			if old, err = sitefs.ReadSiteFile(cfg.Dir, filepath.Join(cfg.Dir, rel)); err != nil {
				return changes, ds, fmt.Errorf("%s: %w", filepath.ToSlash(rel), err)
			}
		} else {
			rel = newIncidentPath(cfg, data, existing)
			existing[Source(ref)] = rel
		}
		content, fields, err := incidentFile(old, data, opts.DefaultSeverity)
		if err != nil {
			ds.Errorf(rel, 0, 0, "cannot update from %s: %v; fix the front matter by hand", ref, err)
			continue
		}
		ch := FileChange{Path: rel, Issue: ref.Number, Old: old, New: content, Fields: fields}
		switch {
		case old == nil:
			ch.Action = "create"
		case bytes.Equal(old, content):
			ch.Action, ch.Fields = "unchanged", nil
		default:
			ch.Action = "update"
		}
		if ch.Action != "unchanged" {
			var check diag.Diagnostics
			if incident.Parse(cfg, filepath.ToSlash(rel), content, &check) == nil {
				for _, d := range check {
					if !d.Warning {
						ds = append(ds, d)
					}
				}
				ds.Errorf(rel, 0, 0, "not written: the file made from %s would not parse (see above)", ref)
				continue
			}
			if err := writeIncident(cfg.Dir, rel, content, opts.DryRun); err != nil {
				return changes, ds, err
			}
		}
		changes = append(changes, ch)
	}
	return changes, ds, nil
}

// listIssues lists every issue (not pull request) with the label, open
// and closed, oldest first, following the pages.
func (c *Client) listIssues(ctx context.Context, repo Repo, label string) ([]*gh.Issue, error) {
	opt := &gh.IssueListByRepoOptions{Labels: []string{label}, State: "all", Sort: "created", Direction: "asc", ListOptions: gh.ListOptions{PerPage: 100}}
	var out []*gh.Issue
	for page := 0; page < c.maxGet; page++ {
		var got []*gh.Issue
		var resp *gh.Response
		err := c.call(ctx, "list issues of "+repo.String(), func() (*gh.Response, error) {
			var err error
			got, resp, err = c.gh.Issues.ListByRepo(ctx, repo.Owner, repo.Name, opt)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		for _, is := range got {
			if !is.IsPullRequest() {
				out = append(out, is)
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
	return nil, fmt.Errorf("list issues of %s: more than %d pages; narrow the label", repo, c.maxGet)
}

// listComments lists every comment of an issue, oldest first.
func (c *Client) listComments(ctx context.Context, ref IssueRef) ([]*gh.IssueComment, error) {
	opt := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	var out []*gh.IssueComment
	for page := 0; page < c.maxGet; page++ {
		var got []*gh.IssueComment
		var resp *gh.Response
		err := c.call(ctx, "list comments of "+ref.String(), func() (*gh.Response, error) {
			var err error
			got, resp, err = c.gh.Issues.ListComments(ctx, ref.Owner, ref.Name, ref.Number, opt)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
	return nil, fmt.Errorf("list comments of %s: more than %d pages", ref, c.maxGet)
}

func toIssueData(ref IssueRef, is *gh.Issue, comments []*gh.IssueComment, cfg *config.Config, ds *diag.Diagnostics) issueData {
	d := issueData{ref: ref, title: strings.TrimSpace(is.GetTitle()), created: is.GetCreatedAt().Time, body: is.GetBody()}
	if is.GetState() == "closed" && !is.GetClosedAt().Time.IsZero() {
		d.closed = is.GetClosedAt().Time
	}
	seen := map[string]bool{}
	for _, l := range is.Labels {
		name := strings.ToLower(strings.TrimSpace(l.GetName()))
		if sev := labelValue(name, "severity"); severityRank[sev] > 0 || severityRank[name] > 0 {
			if sev == "" {
				sev = name
			}
			if severityRank[sev] > severityRank[d.severity] {
				d.severity = sev
			}
			continue
		}
		if svc := labelValue(name, "service"); svc != "" {
			if s := findService(cfg, svc); s != nil {
				seen[s.ID] = true
			} else {
				ds.Warnf(cfg.RelFile(), 0, 0, "%s: label %q names no service of site.toml; left out (use service:<id>)", ref, l.GetName())
			}
		}
	}
	for _, s := range cfg.Services {
		if seen[s.ID] {
			d.services = append(d.services, s.ID)
		}
	}
	status := "investigating"
	for _, cm := range comments {
		text := strings.TrimSpace(strings.ReplaceAll(cm.GetBody(), "\r\n", "\n"))
		if m := statusWord.FindStringSubmatch(text); m != nil {
			status = strings.ToLower(m[1])
			if rest := strings.TrimSpace(text[len(m[0]):]); rest != "" {
				text = rest
			}
		}
		if text == "" {
			continue
		}
		d.updates = append(d.updates, importedUpdate{
			Source: fmt.Sprintf("%s/comment/%d", Source(ref), cm.GetID()),
			Time:   cm.GetCreatedAt().Time, Status: status, Text: text,
		})
	}
	if !d.closed.IsZero() && status != "resolved" {
		d.updates = append(d.updates, importedUpdate{Source: Source(ref) + "/closed", Time: d.closed, Status: "resolved", Text: "Resolved."})
	}
	return d
}

// labelValue returns X of "prefix:X" or "prefix/X", else "".
func labelValue(label, prefix string) string {
	for _, sep := range []string{":", "/"} {
		if v, ok := strings.CutPrefix(label, prefix+sep); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func findService(cfg *config.Config, name string) *config.Service {
	for _, s := range cfg.Services {
		if s.ID == name {
			return s
		}
	}
	for _, s := range cfg.Services {
		if strings.EqualFold(s.Name, name) {
			return s
		}
	}
	return nil
}

// incidentFile makes the file for an issue: a new one when old is nil,
// else old with the keys that come from GitHub rewritten and the rest —
// the body above all — kept byte for byte. fields names what changed.
func incidentFile(old []byte, d issueData, defaultSeverity string) ([]byte, []string, error) {
	var doc *frontMatterDoc
	body := ""
	if old == nil {
		doc = parseFrontMatterDoc(fmt.Sprintf("# Imported from GitHub issue %s by statusgen github import-issues.\n"+
			"# Each import rewrites title, severity and services when labels set them, resolved,\n"+
			"# and the [[updates]] whose source is the issue; the rest is yours to edit.\n", d.ref))
		body = strings.TrimSpace(strings.ReplaceAll(d.body, "\r\n", "\n"))
		if body == "" {
			body = "## Summary\n\nTo be written."
		}
		body += "\n"
	} else {
		fm, rest, ok := cutFrontMatter(old)
		if !ok {
			return nil, nil, fmt.Errorf("no +++ front matter")
		}
		doc, body = parseFrontMatterDoc(fm), rest
	}
	before := doc.String()
	var fields []string
	set := func(key, value string, after ...string) {
		b := doc.String()
		doc.setRoot(key, value, after...)
		if doc.String() != b {
			fields = append(fields, key)
		}
	}
	set("source", config.TOMLString(Source(d.ref)))
	set("title", config.TOMLString(d.title), "source")
	switch {
	case d.severity != "":
		set("severity", config.TOMLString(d.severity), "title")
	case !doc.hasRoot("severity"):
		set("severity", config.TOMLString(defaultSeverity), "title")
	}
	if len(d.services) > 0 {
		set("services", config.TOMLStrings(d.services), "severity")
	}
	if !doc.hasRoot("started") && !doc.hasRoot("date") { // date: cState's started
		set("started", tomlTime(d.created), "services", "severity")
	}
	if d.closed.IsZero() {
		if doc.hasRoot("resolved") {
			doc.deleteRoot("resolved")
			fields = append(fields, "resolved")
		}
	} else {
		set("resolved", tomlTime(d.closed), "contained", "detected", "started", "date")
	}
	if doc.hasRoot("resolvedWhen") { // cState's resolved time: resolved is GitHub's now
		doc.deleteRoot("resolvedWhen")
		fields = append(fields, "resolvedWhen")
	}
	if doc.hasRoot("updates") && len(d.updates) > 0 {
		return nil, nil, fmt.Errorf("updates is an inline array; write each update as an [[updates]] table, so the import can add its own")
	}
	b := doc.String()
	doc.syncUpdates(Source(d.ref)+"/", d.updates)
	if doc.String() != b {
		fields = append(fields, "updates")
	}
	if doc.String() == before && old != nil {
		return old, nil, nil
	}
	var out bytes.Buffer
	out.WriteString("+++\n")
	out.WriteString(doc.String())
	out.WriteString("+++\n")
	out.WriteString(body)
	return out.Bytes(), fields, nil
}

// cutFrontMatter splits "+++\n<fm>+++\n<body>" as incident.Parse
// does: the fences are lines of +++ (trailing blanks and \r\n line ends
// allowed); front matter and body are returned as written.
func cutFrontMatter(src []byte) (fm, body string, ok bool) {
	text := string(bytes.TrimPrefix(src, []byte("\ufeff")))
	first, rest, found := strings.Cut(text, "\n")
	if !found || strings.TrimRight(first, " \t\r") != "+++" {
		return "", "", false
	}
	for off := 0; ; {
		line, after, more := strings.Cut(rest[off:], "\n")
		if strings.TrimRight(line, " \t\r") == "+++" {
			return rest[:off], after, true
		}
		if !more {
			return "", "", false
		}
		off += len(line) + 1
	}
}

// indexSources maps the source key of each incidents/*.md to its path.
// Like a build, it reads nothing through a link that leaves the site
// folder dir, and stops at such a link rather than import an issue twice.
func indexSources(dir string) (map[string]string, error) {
	out := map[string]string{}
	entries, err := sitefs.ReadSiteDir(dir, filepath.Join(dir, "incidents"))
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("incidents: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".md") {
			continue
		}
		rel := filepath.Join("incidents", e.Name())
		out["file:"+strings.ToLower(e.Name())] = rel
		src, err := sitefs.ReadSiteFile(dir, filepath.Join(dir, rel))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.ToSlash(rel), err)
		}
		fm, _, ok := cutFrontMatter(src)
		if !ok {
			continue
		}
		var v struct {
			Source string `toml:"source"`
		}
		if _, err := toml.Decode(fm, &v); err == nil && strings.HasPrefix(v.Source, "github:") {
			out[v.Source] = rel
		}
	}
	return out, nil
}

// newIncidentPath names a new file incidents/<date>-<slug>.md after the
// issue's creation day (site time zone) and title; a name taken by another
// file gets the issue number appended.
func newIncidentPath(cfg *config.Config, d issueData, taken map[string]string) string {
	slug := strings.Trim(slugDrop.ReplaceAllString(strings.ToLower(d.title), "-"), "-")
	if len(slug) > 60 {
		slug = strings.TrimRight(slug[:60], "-")
	}
	if slug == "" {
		slug = "issue"
	}
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	name := d.created.In(loc).Format("2006-01-02") + "-" + slug
	if _, ok := taken["file:"+name+".md"]; ok {
		name = fmt.Sprintf("%s-%d", name, d.ref.Number)
	}
	taken["file:"+name+".md"] = filepath.Join("incidents", name+".md")
	return filepath.Join("incidents", name+".md")
}

// writeIncident writes the incident file rel (relative to the site folder
// dir) through a temporary file in the same folder and a rename, so a
// reader never sees half a file. Nothing is written through a link: its
// folder must be a folder inside the site (created if missing), and a
// file that is a symbolic link, wherever it leads, is refused, in a dry
// run too.
func writeIncident(dir, rel string, data []byte, dryRun bool) error {
	real, err := sitefs.WritableSiteDir(dir, filepath.Join(dir, filepath.Dir(rel)), !dryRun)
	if err != nil || real == "" {
		return err
	}
	path := filepath.Join(real, filepath.Base(rel))
	if err := sitefs.CheckWritableFile(filepath.ToSlash(rel), path); err != nil || dryRun {
		return err
	}
	f, err := os.CreateTemp(real, "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
		return werr
	}
	return nil
}

// SortChanges orders changes by path.
func SortChanges(cs []FileChange) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
}
