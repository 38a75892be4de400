package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/github"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/site"
)

// githubGroup holds the subcommands of `statusgen github`.
var githubGroup = registerGroup(&group{
	name: "github", noun: "command",
	intro: "statusgen github connects the site to GitHub issues.",
	footer: "The token comes from GITHUB_TOKEN only; the API root from --api-url or GITHUB_API_URL.\n" +
		"`statusgen build` with GITHUB_TOKEN set also shows the live state of the issues\n" +
		"action items name. See docs/github.md. Run 'statusgen github <command> --help' for flags.\n",
}, "GitHub issues as incidents, alerts as issues (GITHUB_TOKEN)")

func init() {
	for _, c := range []*command{{
		name: "import-issues", args: "--repo OWNER/NAME [--label incident] [--dry-run] [-c site.toml]",
		summary: "turn issues with the label into incident files; re-running updates them",
		flags: func(fs *flag.FlagSet) {
			githubFlags(fs, "incident")
			fs.String("severity", "minor", "`severity` of a new file when no label names one")
		},
		run: runImportIssues,
	}, {
		name: "alert", args: "--repo OWNER/NAME [--label " + github.DefaultAlertLabel + "] [--dry-run] [--now RFC3339] [-c site.toml]",
		summary: "open an issue per SLO with firing burn-rate alerts; close it when they stop",
		flags: func(fs *flag.FlagSet) {
			githubFlags(fs, github.DefaultAlertLabel)
			nowFlag(fs)
		},
		run: runAlert,
	}} {
		githubGroup.add(c)
	}
}

func githubFlags(fs *flag.FlagSet, label string) {
	configFlag(fs)
	fs.String("repo", "", "the repository, `OWNER/NAME` (default: GITHUB_REPOSITORY, as Actions sets it)")
	fs.String("label", label, "the issues' `label`")
	fs.String("api-url", "", "GitHub's REST API `root` (default: GITHUB_API_URL, else "+github.DefaultAPIURL+"; on GitHub Enterprise Server https://HOST/api/v3/)")
	fs.Duration("max-wait", 2*time.Minute, "the longest `time` to wait out GitHub's rate limits before giving up")
	dryRunFlag(fs)
}

// githubClient makes the client from the flags and the environment.
// needToken refuses to go on without GITHUB_TOKEN.
func (c *cmdContext) githubClient(needToken bool) (*github.Client, github.Repo, int) {
	if len(c.args) > 0 {
		return nil, github.Repo{}, c.usageErr("unexpected argument %q", c.args[0])
	}
	name := c.str("repo")
	if name == "" {
		name = c.getenv("GITHUB_REPOSITORY")
	}
	if name == "" {
		return nil, github.Repo{}, c.usageErr("say which repository: --repo OWNER/NAME (or set GITHUB_REPOSITORY)")
	}
	repo, err := github.ParseRepo(name)
	if err != nil {
		return nil, github.Repo{}, c.usageErr("--repo: %v", err)
	}
	token := c.getenv("GITHUB_TOKEN")
	if token == "" && needToken {
		return nil, repo, c.usageErr("set GITHUB_TOKEN to a token that may write issues on %s (in Actions: permissions: issues: write, and env GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})", repo)
	}
	if token == "" {
		fmt.Fprintln(c.stderr, "statusgen "+c.cmd.name+": GITHUB_TOKEN is not set; asking anonymously (public repositories only, 60 requests an hour)")
	}
	api := c.str("api-url")
	if api == "" {
		api = c.getenv("GITHUB_API_URL")
	}
	maxWait, _ := time.ParseDuration(c.str("max-wait"))
	client, err := github.New(github.Options{
		Token: token, APIURL: api, MaxWait: maxWait, Now: c.clock,
		Log: func(msg string) { fmt.Fprintln(c.stderr, "statusgen "+c.cmd.name+": "+msg) },
	})
	if err != nil {
		return nil, repo, c.usageErr("--api-url: %v", err)
	}
	return client, repo, exitOK
}

func runImportIssues(c *cmdContext) int {
	client, repo, code := c.githubClient(false)
	if client == nil {
		return code
	}
	sev := strings.ToLower(c.str("severity"))
	switch sev {
	case incident.SeverityMinor, incident.SeverityMajor, incident.SeverityCritical, incident.SeverityMaintenance:
	default:
		return c.usageErr("--severity %q: use minor, major, critical or maintenance", sev)
	}
	cfgPath, _ := c.configPath()
	cfg, ds := config.LoadConfig(cfgPath)
	if cfg == nil || ds.HasErrors() {
		c.printDiagnostics(ds)
		fmt.Fprintf(c.stderr, "statusgen %s: fix %s first\n", c.cmd.name, cfgPath)
		return exitInputs
	}
	dry := c.dryRun()
	changes, ds, err := client.ImportIssues(context.Background(), github.ImportOptions{
		Repo: repo, Label: c.str("label"), Config: cfg, DefaultSeverity: sev, DryRun: dry,
	})
	c.printDiagnostics(ds)
	counts := map[string]int{}
	for _, ch := range changes {
		counts[ch.Action]++
		if ch.Action == "unchanged" {
			continue
		}
		verb := ch.Action
		if dry {
			verb = "would " + verb
		}
		detail := ""
		if len(ch.Fields) > 0 && ch.Action == "update" {
			detail = ": " + strings.Join(ch.Fields, ", ")
		}
		fmt.Fprintf(c.stdout, "%s %s (from %s#%d)%s\n", verb, filepath.ToSlash(ch.Path), repo, ch.Issue, detail)
		if dry && ch.Action == "update" {
			fmt.Fprint(c.stdout, indent(ch.Diff(), "    "))
		}
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, err)
		return exitInputs
	}
	verb := "imported"
	if dry {
		verb = "dry run, nothing written:"
	}
	fmt.Fprintf(c.stdout, "%s %s from %s labelled %q: %d created, %d updated, %d unchanged\n", verb,
		diag.CountOf(len(changes), "issue", "issues"), repo, c.str("label"), counts["create"], counts["update"], counts["unchanged"])
	if ds.HasErrors() {
		return exitInputs
	}
	return exitOK
}

func runAlert(c *cmdContext) int {
	client, repo, code := c.githubClient(!c.dryRun())
	if client == nil {
		return code
	}
	now, err := c.now()
	if err != nil {
		return c.usageErr("%v", err)
	}
	cfgPath, _ := c.configPath()
	st, ds := site.LoadWith(cfgPath, now, site.LoadOptions{Cache: true})
	if st == nil || st.ConfigErrors {
		c.printDiagnostics(ds)
		fmt.Fprintf(c.stderr, "statusgen %s: fix %s first\n", c.cmd.name, cfgPath)
		return exitInputs
	}
	dry := c.dryRun()
	changes, err := client.SyncAlerts(context.Background(), github.AlertOptions{Repo: repo, Label: c.str("label"), Site: st, DryRun: dry})
	n := 0
	for _, ch := range changes {
		if ch.Action == "unchanged" {
			continue
		}
		n++
		verb := map[string]string{"open": "opened", "comment": "commented on", "close": "closed"}[ch.Action]
		if dry {
			verb = "would " + map[string]string{"open": "open", "comment": "comment on", "close": "close"}[ch.Action]
		}
		target := fmt.Sprintf("%s#%d", repo, ch.Issue)
		if ch.Issue == 0 {
			target = "an issue"
		}
		what := "firing " + ch.Firing
		if ch.Action == "close" {
			what = "stopped firing"
		}
		fmt.Fprintf(c.stdout, "%s %s for %s (%s)\n", verb, target, ch.Key, what)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "statusgen %s: %v\n", c.cmd.name, err)
		return exitInputs
	}
	firing := 0
	for _, ch := range changes {
		if ch.Action != "close" {
			firing++
		}
	}
	fmt.Fprintf(c.stdout, "%s firing at %s; %s on %s\n", diag.CountOf(firing, "SLO", "SLOs"), now.Format(time.RFC3339),
		diag.CountOf(n, "change", "changes"), repo)
	return exitOK
}

// actionStates is the build's enrichment step, github.LiveActionStates
// with GITHUB_TOKEN and GITHUB_API_URL, 30 s in all and at most 10 s of
// rate-limit waits; each of its notes is a notice. The build goes on
// either way.
func (c *cmdContext) actionStates(st *site.Site) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opts := github.Options{Token: c.getenv("GITHUB_TOKEN"), APIURL: c.getenv("GITHUB_API_URL"), Now: c.clock, MaxWait: 10 * time.Second}
	for _, note := range github.LiveActionStates(ctx, opts, st.Incidents) {
		c.notice(note)
	}
}

// notice prints a line that is neither an error nor a warning of the
// inputs; inside GitHub Actions it is also a ::notice annotation.
func (c *cmdContext) notice(msg string) {
	fmt.Fprintf(c.stderr, "statusgen %s: note: %s\n", c.cmd.name, msg)
	if c.githubFormat() {
		fmt.Fprintf(c.stdout, "::notice title=statusgen::%s\n", strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(msg))
	}
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	if s == "" {
		return ""
	}
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(prefix + l)
		}
	}
	return b.String()
}
