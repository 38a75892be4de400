package github

import (
	"context"
	"fmt"
	"sort"

	gh "github.com/google/go-github/v60/github"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
)

// IssueState returns an issue's state, "open" or "closed".
func (c *Client) IssueState(ctx context.Context, ref IssueRef) (string, error) {
	var is *gh.Issue
	err := c.call(ctx, "get issue "+ref.String(), func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		is, resp, err = c.gh.Issues.Get(ctx, ref.Owner, ref.Name, ref.Number)
		return resp, err
	})
	if err != nil {
		return "", err
	}
	return is.GetState(), nil
}

// ActionStates is the outcome of ResolveActionStates.
type ActionStates struct {
	Issues   int      // distinct well-formed issue references
	Resolved int      // of them, how many GitHub answered for
	Invalid  []string // references that are not owner/name#N
	Err      error    // why the rest kept the front matter's done
}

// ResolveActionStates asks GitHub for the state of every issue the
// incidents' action items name, and sets each item's State, StateSource
// ("github") and Done (closed = done). It stops at the first error: the
// items it did not reach keep the front matter's done, and Err says why.
// Issues are asked for once each, in sorted order.
func (c *Client) ResolveActionStates(ctx context.Context, incidents []*incident.Incident) ActionStates {
	var res ActionStates
	refs := map[string]IssueRef{}
	invalid := map[string]bool{}
	for _, in := range incidents {
		for _, a := range in.Actions {
			if a.Issue == "" {
				continue
			}
			r, err := ParseIssueRef(a.Issue)
			if err != nil {
				invalid[a.Issue] = true
				continue
			}
			refs[a.Issue] = r
		}
	}
	for s := range invalid {
		res.Invalid = append(res.Invalid, s)
	}
	sort.Strings(res.Invalid)
	keys := make([]string, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	res.Issues = len(keys)
	states := map[string]string{}
	for _, k := range keys {
		st, err := c.IssueState(ctx, refs[k])
		if err != nil {
			res.Err = err
			break
		}
		states[k] = st
		res.Resolved++
	}
	for _, in := range incidents {
		for i := range in.Actions {
			a := &in.Actions[i]
			if st, ok := states[a.Issue]; ok {
				a.State, a.StateSource, a.Done = st, "github", st == "closed"
			}
		}
	}
	return res
}

// LiveActionStates is the build's enrichment step: with opts.Token set
// it asks GitHub for the state of the issues the incidents' action items
// name (ResolveActionStates), so the site shows them live. Without a
// token, or when GitHub cannot be reached, the items keep the front
// matter's done and a note says so; the build goes on either way. The
// notes are for the reader of the build's output, in the words of the
// command, whose GITHUB_TOKEN and GITHUB_API_URL fill opts. Without any
// action item naming an issue there is nothing to ask and no note.
func LiveActionStates(ctx context.Context, opts Options, incidents []*incident.Incident) (notes []string) {
	refs := map[string]bool{}
	for _, in := range incidents {
		for _, a := range in.Actions {
			if a.Issue != "" {
				refs[a.Issue] = true
			}
		}
	}
	if len(refs) == 0 {
		return nil
	}
	what := diag.CountOf(len(refs), "issue", "issues")
	if opts.Token == "" {
		return []string{fmt.Sprintf("action items naming %s show the front matter's done: GITHUB_TOKEN is not set", what)}
	}
	client, err := New(opts)
	if err != nil {
		return []string{fmt.Sprintf("action items show the front matter's done: GITHUB_API_URL: %v", err)}
	}
	res := client.ResolveActionStates(ctx, incidents)
	for _, s := range res.Invalid {
		notes = append(notes, fmt.Sprintf("action item issue %q is not OWNER/NAME#NUMBER; it shows the front matter's done", s))
	}
	if res.Err != nil {
		notes = append(notes, fmt.Sprintf("live state of %d of %s from GitHub; the others show the front matter's done: %v",
			res.Resolved, diag.CountOf(res.Issues, "issue", "issues"), res.Err))
	}
	return notes
}
