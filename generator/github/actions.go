package github

import (
	"context"
	"sort"

	gh "github.com/google/go-github/v60/github"

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
