// Package githubtest is an in-memory stand-in for the part of GitHub's
// REST API statusgen uses: listing issues (label, state, sort and paging
// through Link headers), getting, creating and editing an issue, listing
// and creating comments, and accepting repository_dispatch events
// (dispatch.go). Answers have the shape of GitHub's JSON, carry
// the rate-limit headers, and can be told to rate-limit the next requests.
// It listens on 127.0.0.1 only; tests use it instead of the real GitHub.
package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Issue is one issue (or pull request) as the server holds it.
type Issue struct {
	Number      int
	Title       string
	Body        string
	State       string // open | closed
	StateReason string
	Labels      []string
	User        string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ClosedAt    time.Time
	PullRequest bool
	Comments    []*Comment
}

// Comment is one issue comment.
type Comment struct {
	ID        int64
	User      string
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Server is the stand-in GitHub. Lock-free reads of its fields are only
// safe while no request is in flight.
type Server struct {
	// URL is the API root, with a trailing slash.
	URL string
	// Token, when set, is required as "Authorization: Bearer <Token>".
	Token string
	// Now stamps new issues, comments and rate-limit resets.
	Now func() time.Time

	srv       *httptest.Server
	mu        sync.Mutex
	repos     map[string][]*Issue
	nextID    int64
	limits    []limit
	remaining int
	// Log lists every request answered, "METHOD /path?query".
	Log []string
	// Writes counts the requests that changed something.
	Writes int
	// dispatches are the repository_dispatch events received (dispatch.go).
	dispatches []Dispatch
}

// New starts a server on 127.0.0.1; Close stops it.
func New(now func() time.Time) *Server {
	s := &Server{Now: now, repos: map[string][]*Issue{}, nextID: 1_000_000, remaining: 5000}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues", s.listIssues)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues", s.createIssue)
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}", s.getIssue)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/{number}", s.editIssue)
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/comments", s.listComments)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/comments", s.createComment)
	mux.HandleFunc("POST /repos/{owner}/{repo}/dispatches", s.createDispatch)
	s.srv = httptest.NewServer(s.guard(mux))
	s.URL = s.srv.URL + "/"
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// AddIssue stores an issue in repo ("owner/name") and returns it; Number
// is assigned when zero.
func (s *Server) AddIssue(repo string, in *Issue) *Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.Number == 0 {
		in.Number = len(s.repos[repo]) + 1
	}
	if in.State == "" {
		in.State = "open"
	}
	if in.User == "" {
		in.User = "octocat"
	}
	if in.UpdatedAt.IsZero() {
		in.UpdatedAt = in.CreatedAt
	}
	for _, c := range in.Comments {
		if c.ID == 0 {
			s.nextID++
			c.ID = s.nextID
		}
		if c.User == "" {
			c.User = "octocat"
		}
		if c.UpdatedAt.IsZero() {
			c.UpdatedAt = c.CreatedAt
		}
	}
	s.repos[repo] = append(s.repos[repo], in)
	return in
}

// Issue returns the issue numbered n in repo, or nil.
func (s *Server) Issue(repo string, n int) *Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.find(repo, n)
}

// Issues returns every issue of repo, by number.
func (s *Server) Issues(repo string) []*Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Issue(nil), s.repos[repo]...)
}

// WriteCount returns how many requests changed something.
func (s *Server) WriteCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Writes
}

// RequestLog returns the requests answered so far.
func (s *Server) RequestLog() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.Log...)
}

// RateLimitNext makes the next requests fail with rate limits, one per
// kind: "primary" (403, X-RateLimit-Remaining 0, reset 30 s after Now),
// "secondary" (403 with Retry-After: 7 and GitHub's message), or "429"
// (429 with Retry-After: 3).
func (s *Server) RateLimitNext(kinds ...string) { s.RateLimitNextOn("", kinds...) }

// RateLimitNextOn is RateLimitNext for requests of one method only
// ("POST"); others pass.
func (s *Server) RateLimitNextOn(method string, kinds ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range kinds {
		s.limits = append(s.limits, limit{method, k})
	}
}

type limit struct{ method, kind string }

func (s *Server) find(repo string, n int) *Issue {
	for _, in := range s.repos[repo] {
		if in.Number == n {
			return in
		}
	}
	return nil
}

// guard checks the token, answers queued rate limits, logs the request
// and sets the rate-limit headers.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.Log = append(s.Log, r.Method+" "+r.URL.RequestURI())
		reset := s.Now().Add(30 * time.Second).Unix()
		h := w.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("X-GitHub-Media-Type", "github.v3; format=json")
		h.Set("X-RateLimit-Limit", "5000")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
		h.Set("X-RateLimit-Resource", "core")
		if s.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.Token {
			s.mu.Unlock()
			h.Set("X-RateLimit-Remaining", "59")
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
			return
		}
		if len(s.limits) > 0 && (s.limits[0].method == "" || s.limits[0].method == r.Method) {
			kind := s.limits[0].kind
			s.limits = s.limits[1:]
			s.mu.Unlock()
			switch kind {
			case "primary":
				h.Set("X-RateLimit-Remaining", "0")
				h.Set("X-RateLimit-Used", "5000")
				writeJSON(w, http.StatusForbidden, map[string]string{
					"message":           "API rate limit exceeded for user ID 1.",
					"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
				})
			case "secondary":
				h.Set("X-RateLimit-Remaining", "4000")
				h.Set("Retry-After", "7")
				writeJSON(w, http.StatusForbidden, map[string]string{
					"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
					"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
				})
			default:
				h.Set("X-RateLimit-Remaining", "4000")
				h.Set("Retry-After", "3")
				writeJSON(w, http.StatusTooManyRequests, map[string]string{"message": "Too Many Requests"})
			}
			return
		}
		s.remaining--
		h.Set("X-RateLimit-Remaining", strconv.Itoa(s.remaining))
		h.Set("X-RateLimit-Used", strconv.Itoa(5000-s.remaining))
		s.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func notFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
}

func repoName(r *http.Request) string { return r.PathValue("owner") + "/" + r.PathValue("repo") }

func (s *Server) issue(w http.ResponseWriter, r *http.Request) *Issue {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil {
		notFound(w)
		return nil
	}
	in := s.find(repoName(r), n)
	if in == nil {
		notFound(w)
	}
	return in
}

// paginate answers one page of items with GitHub's Link header.
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T) []T {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	if per > 100 {
		per = 100
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page <= 0 {
		page = 1
	}
	last := (len(items) + per - 1) / per
	if last == 0 {
		last = 1
	}
	link := func(p int, rel string) string {
		q.Set("page", strconv.Itoa(p))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(page-1, "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo := (page - 1) * per
	if lo > len(items) {
		lo = len(items)
	}
	hi := min(lo+per, len(items))
	return items[lo:hi]
}

func (s *Server) listIssues(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := repoName(r)
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	var want []string
	if l := q.Get("labels"); l != "" {
		want = strings.Split(l, ",")
	}
	var out []*Issue
	for _, in := range s.repos[repo] {
		if state != "all" && in.State != state {
			continue
		}
		ok := true
		for _, l := range want {
			found := false
			for _, have := range in.Labels {
				if strings.EqualFold(have, strings.TrimSpace(l)) {
					found = true
				}
			}
			ok = ok && found
		}
		if ok {
			out = append(out, in)
		}
	}
	key := func(in *Issue) time.Time { return in.CreatedAt }
	if q.Get("sort") == "updated" {
		key = func(in *Issue) time.Time { return in.UpdatedAt }
	}
	asc := q.Get("direction") == "asc"
	sort.SliceStable(out, func(i, j int) bool {
		a, b := key(out[i]), key(out[j])
		if a.Equal(b) {
			return (out[i].Number < out[j].Number) == asc
		}
		return a.Before(b) == asc
	})
	page := paginate(w, r, out)
	js := make([]any, len(page))
	for i, in := range page {
		js[i] = s.issueJSON(r, repo, in)
	}
	writeJSON(w, http.StatusOK, js)
}

func (s *Server) getIssue(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if in := s.issue(w, r); in != nil {
		writeJSON(w, http.StatusOK, s.issueJSON(r, repoName(r), in))
	}
}

type issueRequest struct {
	Title       *string   `json:"title"`
	Body        *string   `json:"body"`
	State       *string   `json:"state"`
	StateReason *string   `json:"state_reason"`
	Labels      *[]string `json:"labels"`
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request) {
	var req issueRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Title == nil || *req.Title == "" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"resource": "Issue", "code": "missing_field", "field": "title"}}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := repoName(r)
	now := s.Now().UTC()
	in := &Issue{Number: len(s.repos[repo]) + 1, Title: *req.Title, State: "open", User: "github-actions[bot]", CreatedAt: now, UpdatedAt: now}
	if req.Body != nil {
		in.Body = *req.Body
	}
	if req.Labels != nil {
		in.Labels = *req.Labels
	}
	s.repos[repo] = append(s.repos[repo], in)
	s.Writes++
	writeJSON(w, http.StatusCreated, s.issueJSON(r, repo, in))
}

func (s *Server) editIssue(w http.ResponseWriter, r *http.Request) {
	var req issueRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.issue(w, r)
	if in == nil {
		return
	}
	now := s.Now().UTC()
	if req.Title != nil {
		in.Title = *req.Title
	}
	if req.Body != nil {
		in.Body = *req.Body
	}
	if req.Labels != nil {
		in.Labels = *req.Labels
	}
	if req.State != nil && *req.State != in.State {
		in.State = *req.State
		if in.State == "closed" {
			in.ClosedAt = now
			in.StateReason = "completed"
		} else {
			in.ClosedAt = time.Time{}
			in.StateReason = "reopened"
		}
	}
	if req.StateReason != nil {
		in.StateReason = *req.StateReason
	}
	in.UpdatedAt = now
	s.Writes++
	writeJSON(w, http.StatusOK, s.issueJSON(r, repoName(r), in))
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.issue(w, r)
	if in == nil {
		return
	}
	page := paginate(w, r, in.Comments)
	js := make([]any, len(page))
	for i, c := range page {
		js[i] = s.commentJSON(r, repoName(r), in, c)
	}
	writeJSON(w, http.StatusOK, js)
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Body string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Body == "" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"resource": "IssueComment", "code": "missing_field", "field": "body"}}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.issue(w, r)
	if in == nil {
		return
	}
	s.nextID++
	now := s.Now().UTC()
	c := &Comment{ID: s.nextID, User: "github-actions[bot]", Body: req.Body, CreatedAt: now, UpdatedAt: now}
	in.Comments = append(in.Comments, c)
	in.UpdatedAt = now
	s.Writes++
	writeJSON(w, http.StatusCreated, s.commentJSON(r, repoName(r), in, c))
}

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) userJSON(r *http.Request, login string) map[string]any {
	api := "http://" + r.Host
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return map[string]any{
		"login": login, "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==",
		"avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4", "gravatar_id": "",
		"url": api + "/users/" + login, "html_url": "https://github.com/" + login,
		"type": typ, "site_admin": false,
	}
}

func (s *Server) issueJSON(r *http.Request, repo string, in *Issue) map[string]any {
	api := "http://" + r.Host + "/repos/" + repo
	labels := make([]any, len(in.Labels))
	for i, l := range in.Labels {
		labels[i] = map[string]any{
			"id": 208045946 + i, "node_id": "MDU6TGFiZWwyMDgwNDU5NDY=",
			"url": api + "/labels/" + url.PathEscape(l), "name": l, "color": "d73a4a",
			"default": false, "description": "",
		}
	}
	n := strconv.Itoa(in.Number)
	m := map[string]any{
		"id": 1347 + in.Number, "node_id": "MDU6SXNzdWUxMzQ3",
		"url": api + "/issues/" + n, "repository_url": api,
		"labels_url":   api + "/issues/" + n + "/labels{/name}",
		"comments_url": api + "/issues/" + n + "/comments",
		"events_url":   api + "/issues/" + n + "/events",
		"html_url":     "https://github.com/" + repo + "/issues/" + n,
		"number":       in.Number, "state": in.State, "title": in.Title, "body": in.Body,
		"user": s.userJSON(r, in.User), "labels": labels,
		"assignee": nil, "assignees": []any{}, "milestone": nil, "locked": false,
		"active_lock_reason": nil, "comments": len(in.Comments),
		"closed_at": ts(in.ClosedAt), "created_at": ts(in.CreatedAt), "updated_at": ts(in.UpdatedAt),
		"closed_by": nil, "author_association": "MEMBER",
	}
	if in.StateReason != "" {
		m["state_reason"] = in.StateReason
	} else {
		m["state_reason"] = nil
	}
	if in.PullRequest {
		m["pull_request"] = map[string]any{
			"url":      api + "/pulls/" + n,
			"html_url": "https://github.com/" + repo + "/pull/" + n,
			"diff_url": "https://github.com/" + repo + "/pull/" + n + ".diff",
		}
		m["html_url"] = "https://github.com/" + repo + "/pull/" + n
	}
	return m
}

func (s *Server) commentJSON(r *http.Request, repo string, in *Issue, c *Comment) map[string]any {
	api := "http://" + r.Host + "/repos/" + repo
	id := strconv.FormatInt(c.ID, 10)
	return map[string]any{
		"id": c.ID, "node_id": "MDEyOklzc3VlQ29tbWVudDE=",
		"url":        api + "/issues/comments/" + id,
		"html_url":   fmt.Sprintf("https://github.com/%s/issues/%d#issuecomment-%s", repo, in.Number, id),
		"body":       c.Body,
		"user":       s.userJSON(r, c.User),
		"created_at": ts(c.CreatedAt), "updated_at": ts(c.UpdatedAt),
		"issue_url":          api + "/issues/" + strconv.Itoa(in.Number),
		"author_association": "MEMBER",
	}
}
