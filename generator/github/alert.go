package github

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/slo"
)

// DefaultAlertLabel marks the issues `statusgen github alert` manages.
const DefaultAlertLabel = "slo-alert"

// AlertOptions says which site's alerts go to which repository.
type AlertOptions struct {
	Repo   Repo
	Label  string     // default DefaultAlertLabel
	Site   *site.Site // computed at the run's now
	DryRun bool       // say what would change, change nothing
}

// AlertChange is what the run did (or would do) for one SLO's issue.
type AlertChange struct {
	Key    string // "service/slo"
	Issue  int    // 0 for an issue a dry run would open
	Action string // "open", "comment", "close" or "unchanged"
	Firing string // the firing rules, "page:1h/5m,ticket:3d/6h"; "" when none
}

// One issue per SLO: the body carries a marker with the SLO's key, and
// the body and each comment the run posts carry the set of firing rules,
// so a later run knows what it last said.
var (
	alertMarker  = regexp.MustCompile(`<!-- statusgen:alert ([^ ]+) -->`)
	firingMarker = regexp.MustCompile(`<!-- statusgen:firing ?([^ ]*) -->`)
)

// firingAlert is one SLO with firing burn-rate alerts.
type firingAlert struct {
	svc    *site.ServiceReport
	slo    *site.SLOReport
	firing string
}

// SyncAlerts makes the repository's open alert issues match the site's
// firing burn-rate alerts: an SLO whose alerts fire gets an issue (opened
// once; commented on only when the set of firing rules changes); an open
// issue whose SLO no longer fires gets a last comment and is closed.
// Running it again with the same figures changes nothing.
func (c *Client) SyncAlerts(ctx context.Context, opts AlertOptions) ([]AlertChange, error) {
	if opts.Label == "" {
		opts.Label = DefaultAlertLabel
	}
	firing := map[string]firingAlert{}
	var keys []string
	for _, svc := range opts.Site.Services {
		for _, o := range svc.SLOs {
			var rules []string
			for _, a := range o.Alerts {
				if a.Firing {
					rules = append(rules, ruleName(a))
				}
			}
			if len(rules) == 0 {
				continue
			}
			k := svc.ID + "/" + o.ID
			keys = append(keys, k)
			firing[k] = firingAlert{svc, o, strings.Join(rules, ",")}
		}
	}
	open, err := c.openAlertIssues(ctx, opts.Repo, opts.Label)
	if err != nil {
		return nil, err
	}
	var out []AlertChange
	for _, k := range keys {
		f := firing[k]
		is := open[k]
		if is == nil {
			ch := AlertChange{Key: k, Action: "open", Firing: f.firing}
			if !opts.DryRun {
				title := fmt.Sprintf("SLO alert: %s / %s is burning its error budget", f.svc.Name, sloName(f.slo))
				body := alertBody(opts.Site, f) + markers(k, f.firing)
				labels := []string{opts.Label}
				var created *gh.Issue
				err := c.call(ctx, "open an alert issue in "+opts.Repo.String(), func() (*gh.Response, error) {
					var resp *gh.Response
					var err error
					created, resp, err = c.gh.Issues.Create(ctx, opts.Repo.Owner, opts.Repo.Name, &gh.IssueRequest{Title: &title, Body: &body, Labels: &labels})
					return resp, err
				})
				if err != nil {
					return out, err
				}
				ch.Issue = created.GetNumber()
			}
			out = append(out, ch)
			continue
		}
		ref := IssueRef{opts.Repo, is.GetNumber()}
		last, err := c.lastFiring(ctx, ref, is)
		if err != nil {
			return out, err
		}
		ch := AlertChange{Key: k, Issue: ref.Number, Action: "unchanged", Firing: f.firing}
		if last != f.firing {
			ch.Action = "comment"
			if !opts.DryRun {
				text := fmt.Sprintf("Now firing: %s (was: %s).\n\n", ruleList(f.firing), ruleList(last)) + alertBody(opts.Site, f) + firingComment(f.firing)
				if err := c.comment(ctx, ref, text); err != nil {
					return out, err
				}
			}
		}
		out = append(out, ch)
	}
	// Close what stopped firing, in issue order.
	var stale []string
	for k := range open {
		if _, ok := firing[k]; !ok {
			stale = append(stale, k)
		}
	}
	sort.Slice(stale, func(i, j int) bool { return open[stale[i]].GetNumber() < open[stale[j]].GetNumber() })
	for _, k := range stale {
		is := open[k]
		ref := IssueRef{opts.Repo, is.GetNumber()}
		out = append(out, AlertChange{Key: k, Issue: ref.Number, Action: "close"})
		if opts.DryRun {
			continue
		}
		last, err := c.lastFiring(ctx, ref, is)
		if err != nil {
			return out, err
		}
		if last != "" { // a run that commented but could not close leaves "" behind
			text := fmt.Sprintf("Stopped firing at %s (was: %s).\n\n", tsUTC(opts.Site), ruleList(last)) + stoppedBody(opts.Site, k) + firingComment("")
			if err := c.comment(ctx, ref, text); err != nil {
				return out, err
			}
		}
		closed, reason := "closed", "completed"
		err = c.call(ctx, "close "+ref.String(), func() (*gh.Response, error) {
			_, resp, err := c.gh.Issues.Edit(ctx, ref.Owner, ref.Name, ref.Number, &gh.IssueRequest{State: &closed, StateReason: &reason})
			return resp, err
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// openAlertIssues lists the open issues with the label and a marker, by
// SLO key; of two for one key the older wins.
func (c *Client) openAlertIssues(ctx context.Context, repo Repo, label string) (map[string]*gh.Issue, error) {
	opt := &gh.IssueListByRepoOptions{Labels: []string{label}, State: "open", Sort: "created", Direction: "asc", ListOptions: gh.ListOptions{PerPage: 100}}
	out := map[string]*gh.Issue{}
	for page := 0; page < c.maxGet; page++ {
		var got []*gh.Issue
		var resp *gh.Response
		err := c.call(ctx, "list alert issues of "+repo.String(), func() (*gh.Response, error) {
			var err error
			got, resp, err = c.gh.Issues.ListByRepo(ctx, repo.Owner, repo.Name, opt)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		for _, is := range got {
			m := alertMarker.FindStringSubmatch(is.GetBody())
			if m == nil || is.IsPullRequest() {
				continue
			}
			if old, ok := out[m[1]]; !ok || is.GetNumber() < old.GetNumber() {
				out[m[1]] = is
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
	return nil, fmt.Errorf("list alert issues of %s: more than %d pages", repo, c.maxGet)
}

// lastFiring returns the set of firing rules the run last wrote on the
// issue: the newest firing marker of its comments, else the body's.
func (c *Client) lastFiring(ctx context.Context, ref IssueRef, is *gh.Issue) (string, error) {
	last := ""
	if m := firingMarker.FindStringSubmatch(is.GetBody()); m != nil {
		last = m[1]
	}
	if is.GetComments() == 0 {
		return last, nil
	}
	comments, err := c.listComments(ctx, ref)
	if err != nil {
		return "", err
	}
	for _, cm := range comments {
		if m := firingMarker.FindStringSubmatch(cm.GetBody()); m != nil {
			last = m[1]
		}
	}
	return last, nil
}

func (c *Client) comment(ctx context.Context, ref IssueRef, text string) error {
	return c.call(ctx, "comment on "+ref.String(), func() (*gh.Response, error) {
		_, resp, err := c.gh.Issues.CreateComment(ctx, ref.Owner, ref.Name, ref.Number, &gh.IssueComment{Body: &text})
		return resp, err
	})
}

func ruleName(a slo.Alert) string { return a.Name() }

// ruleList writes "page:1h/5m,ticket:3d/6h" for people.
func ruleList(s string) string {
	if s == "" {
		return "nothing"
	}
	parts := strings.Split(s, ",")
	for i, p := range parts {
		sev, win, _ := strings.Cut(p, ":")
		parts[i] = sev + " " + win
	}
	return strings.Join(parts, ", ")
}

func markers(key, firing string) string {
	return fmt.Sprintf("\n<!-- statusgen:alert %s -->\n<!-- statusgen:firing %s -->\n", key, firing)
}

func firingComment(firing string) string {
	return fmt.Sprintf("\n<!-- statusgen:firing %s -->\n", firing)
}

func sloName(o *site.SLOReport) string {
	if o.Name != "" {
		return o.Name
	}
	return o.ID
}

func tsUTC(s *site.Site) string { return s.Now.UTC().Format("2006-01-02T15:04:05Z") }

// servicePage is the service page's address: base_url when set, else the
// site-relative path.
func servicePage(s *site.Site, id string) string {
	return s.Config.BaseURL + "services/" + id + "/"
}

// alertBody writes the figures of a firing SLO as Markdown.
func alertBody(s *site.Site, f firingAlert) string {
	var b strings.Builder
	o := f.slo
	fmt.Fprintf(&b, "The error budget of **%s** (`%s`) of **%s** burns faster than the SLO allows.\n\n", mdEscape(sloName(o)), o.ID, mdEscape(f.svc.Name))
	b.WriteString("| Alert | Long window | Short window | Threshold | Firing |\n|---|---|---|---|---|\n")
	for _, a := range o.Alerts {
		yes := "no"
		if a.Firing {
			yes = "**yes**"
		}
		if a.Kind == slo.KindRuns {
			fmt.Fprintf(&b, "| %s | %s: %d of the last %d failed | | | %s |\n", a.Severity, a.Rule, a.Failed, a.OfLast, yes)
			continue
		}
		fmt.Fprintf(&b, "| %s | %s: %s | %s: %s | %s | %s |\n", a.Severity, a.Long, rate(a.LongRate, o, a.Long), a.Short, rate(a.ShortRate, o, a.Short), num(a.Threshold), yes)
	}
	b.WriteString("\n")
	writeFigures(&b, o)
	fmt.Fprintf(&b, "\nService page: %s\n", servicePage(s, f.svc.ID))
	if f.svc.Owner != "" {
		fmt.Fprintf(&b, "Owner: %s\n", mdEscape(f.svc.Owner))
	}
	if f.svc.Runbook != "" {
		fmt.Fprintf(&b, "Runbook: %s\n", f.svc.Runbook)
	}
	fmt.Fprintf(&b, "\nComputed at %s by `statusgen github alert`. The issue is closed when no alert of this SLO fires.\n", tsUTC(s))
	return b.String()
}

// stoppedBody writes the figures of an SLO that stopped firing, when it
// still exists.
func stoppedBody(s *site.Site, key string) string {
	var b strings.Builder
	for _, svc := range s.Services {
		for _, o := range svc.SLOs {
			if svc.ID+"/"+o.ID == key {
				writeFigures(&b, o)
				fmt.Fprintf(&b, "\nService page: %s\n", servicePage(s, svc.ID))
				return b.String()
			}
		}
	}
	return "The SLO is no longer in site.toml.\n"
}

func writeFigures(b *strings.Builder, o *site.SLOReport) {
	fmt.Fprintf(b, "| SLI (%s) | Objective | Error budget remaining | State |\n|---|---|---|---|\n", o.WindowSpec.Text)
	fmt.Fprintf(b, "| %s | %s | %s | %s |\n", pct(o.SLI, 3), num(o.Objective*100)+"%", pct(o.Remaining, 1), o.State)
}

// rate writes an alert's burn rate, or the reported one of its span.
func rate(r *float64, o *site.SLOReport, window string) string {
	if r != nil {
		return num(slo.Round(*r, 2))
	}
	return burn(o, window)
}

func burn(o *site.SLOReport, window string) string {
	for _, r := range o.BurnRates {
		if r.Window == window {
			if r.Rate == nil {
				return "no data"
			}
			return num(slo.Round(*r.Rate, 2))
		}
	}
	return "no data"
}

func pct(v *float64, decimals int) string {
	if v == nil {
		return "no data"
	}
	return strconv.FormatFloat(*v*100, 'f', decimals, 64) + "%"
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var mdSpecial = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "|", `\|`, "<", "&lt;", "[", `\[`)

func mdEscape(s string) string { return mdSpecial.Replace(s) }
