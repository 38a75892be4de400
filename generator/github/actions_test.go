package github

import (
	"context"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/github/githubtest"
	"github.com/statusgen/statusgen/generator/incident"
)

// actionIncidents are two incidents whose action items name #1 (closed on
// GitHub) twice, #2 (open) and a reference that is no issue.
func actionIncidents() []*incident.Incident {
	return []*incident.Incident{
		{Actions: []incident.Action{{Text: "Alert on 5xx", Issue: "acme/orders#1"}, {Text: "Canary deploys", Issue: "acme/orders#2", Done: true}}},
		{Actions: []incident.Action{{Text: "Again", Issue: "acme/orders#1"}, {Text: "Runbook"}, {Text: "Typo", Issue: "orders#3"}}},
	}
}

func TestLiveActionStates(t *testing.T) {
	srv := githubtest.New(func() time.Time { return testNow })
	srv.Token = testToken
	t.Cleanup(srv.Close)
	srv.AddIssue("acme/orders", &githubtest.Issue{Title: "Alert on 5xx", State: "closed", CreatedAt: testNow.Add(-time.Hour), ClosedAt: testNow})
	srv.AddIssue("acme/orders", &githubtest.Issue{Title: "Canary deploys", CreatedAt: testNow.Add(-time.Hour)})
	opts := Options{Token: testToken, APIURL: srv.URL, Now: func() time.Time { return testNow }, MaxWait: 10 * time.Second}
	ctx := context.Background()

	// With a token: the live states, and a note for the reference that is no issue.
	ins := actionIncidents()
	notes := LiveActionStates(ctx, opts, ins)
	if want := []string{`action item issue "orders#3" is not OWNER/NAME#NUMBER; it shows the front matter's done`}; !reflect.DeepEqual(notes, want) {
		t.Errorf("notes %q, want %q", notes, want)
	}
	type state struct {
		done          bool
		state, source string
	}
	var got []state
	for _, in := range ins {
		for _, a := range in.Actions {
			got = append(got, state{a.Done, a.State, a.StateSource})
		}
	}
	want := []state{{true, "closed", "github"}, {false, "open", "github"}, {true, "closed", "github"}, {false, "", ""}, {false, "", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}

	// No item names an issue: nothing to ask, nothing to say.
	if notes := LiveActionStates(ctx, Options{}, []*incident.Incident{{Actions: []incident.Action{{Text: "Runbook"}}}}); notes != nil {
		t.Errorf("no issues: notes %q", notes)
	}

	// Without a token, with a bad API URL or GitHub out of reach, the
	// items keep the front matter's done, and a note says why. The 3
	// references counted are the distinct ones, the malformed included.
	dead := httptest.NewServer(nil)
	dead.Close()
	for _, tc := range []struct {
		name  string
		opts  Options
		notes []string
	}{
		{"no token", Options{APIURL: srv.URL}, []string{"action items naming 3 issues show the front matter's done: GITHUB_TOKEN is not set"}},
		{"bad API URL", Options{Token: testToken, APIURL: "not a url"}, []string{`action items show the front matter's done: GITHUB_API_URL: API URL "not a url" is not an absolute http(s) URL`}},
		{"unreachable", Options{Token: testToken, APIURL: dead.URL + "/", MaxWait: time.Second}, []string{
			`action item issue "orders#3" is not OWNER/NAME#NUMBER; it shows the front matter's done`,
			"live state of 0 of 2 issues from GitHub; the others show the front matter's done: ",
		}},
	} {
		ins := actionIncidents()
		notes := LiveActionStates(ctx, tc.opts, ins)
		if len(notes) != len(tc.notes) {
			t.Errorf("%s: notes %q, want %q", tc.name, notes, tc.notes)
			continue
		}
		for i := range notes {
			if !strings.HasPrefix(notes[i], tc.notes[i]) || strings.Contains(notes[i], testToken) {
				t.Errorf("%s: note %q, want %q…", tc.name, notes[i], tc.notes[i])
			}
		}
		if a := ins[0].Actions[1]; !a.Done || a.State != "" || a.StateSource != "" {
			t.Errorf("%s: #2 is %+v, want the front matter's done", tc.name, a)
		}
	}
}
