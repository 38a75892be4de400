package notify

import (
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// receiver is a webhook endpoint on 127.0.0.1 that checks what arrives as
// Slack, Google Chat or the signed webhook would, and can be told to fail.
type receiver struct {
	t    *testing.T
	kind string // slack | googlechat | webhook
	key  string // the webhook's HMAC secret

	mu       sync.Mutex
	got      []map[string]any // accepted messages
	problems []string         // shape or signature faults
	fail     []int            // statuses to answer the next requests with
	retry    string           // Retry-After sent with a failure
	hang     bool             // never answer (until the test ends)
	requests int

	srv  *httptest.Server
	stop chan struct{}
}

func newReceiver(t *testing.T, kind, key string) *receiver {
	r := &receiver{t: t, kind: kind, key: key, stop: make(chan struct{})}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve)) // listens on 127.0.0.1
	t.Cleanup(func() { close(r.stop); r.srv.Close() })
	return r
}

// URL is the secret webhook URL, with a path and query like the real ones.
func (r *receiver) URL() string {
	return r.srv.URL + "/services/T000/B000/s3cretPATH?token=s3cretTOKEN"
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests++
	hang := r.hang
	var status int
	if len(r.fail) > 0 {
		status, r.fail = r.fail[0], r.fail[1:]
	}
	retry := r.retry
	r.mu.Unlock()
	if hang {
		select {
		case <-req.Context().Done():
		case <-r.stop:
		}
		return
	}
	if status != 0 {
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		if status >= 300 && status < 400 {
			w.Header().Set("Location", r.srv.URL+"/elsewhere")
		}
		http.Error(w, "no_service", status)
		return
	}
	body, _ := io.ReadAll(req.Body)
	var m map[string]any
	var problem string
	if err := json.Unmarshal(body, &m); err != nil {
		problem = "not JSON: " + err.Error()
	} else if req.Method != http.MethodPost || !strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		problem = "not a JSON POST"
	} else {
		switch r.kind {
		case "slack":
			problem = slackShape(m)
		case "googlechat":
			problem = chatShape(m)
		case "webhook":
			problem = r.signature(req, body, m)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if problem != "" {
		r.problems = append(r.problems, problem)
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	r.got = append(r.got, m)
	w.Write([]byte("ok"))
}

// slackShape checks an incoming-webhook message as Slack reads it: a text
// fallback and Block Kit blocks (a plain_text header of at most 150
// characters; sections with at most 10 mrkdwn fields; an actions block
// whose button has a URL).
func slackShape(m map[string]any) string {
	if s, _ := m["text"].(string); s == "" {
		return "slack: no text fallback"
	}
	blocks, _ := m["blocks"].([]any)
	if len(blocks) == 0 || len(blocks) > 50 {
		return fmt.Sprintf("slack: %d blocks", len(blocks))
	}
	for i, b := range blocks {
		bm, _ := b.(map[string]any)
		switch bm["type"] {
		case "header":
			tx, _ := bm["text"].(map[string]any)
			s, _ := tx["text"].(string)
			if tx["type"] != "plain_text" || s == "" || len([]rune(s)) > 150 {
				return fmt.Sprintf("slack: block %d: bad header %v", i, tx)
			}
		case "section":
			fields, _ := bm["fields"].([]any)
			if len(fields) > 10 {
				return fmt.Sprintf("slack: block %d: %d fields", i, len(fields))
			}
			for _, f := range fields {
				fm, _ := f.(map[string]any)
				if fm["type"] != "mrkdwn" || fm["text"] == "" {
					return fmt.Sprintf("slack: block %d: bad field %v", i, fm)
				}
			}
			if len(fields) == 0 && bm["text"] == nil {
				return fmt.Sprintf("slack: block %d: a section without text or fields", i)
			}
		case "actions":
			els, _ := bm["elements"].([]any)
			for _, e := range els {
				em, _ := e.(map[string]any)
				if em["type"] != "button" || !strings.HasPrefix(fmt.Sprint(em["url"]), "http") {
					return fmt.Sprintf("slack: block %d: bad button %v", i, em)
				}
			}
		case "context":
		default:
			return fmt.Sprintf("slack: block %d: unknown type %v", i, bm["type"])
		}
	}
	if _, ok := blocks[0].(map[string]any)["text"]; !ok {
		return "slack: the first block is not the header"
	}
	return ""
}

// chatShape checks a Google Chat message: text, and cardsV2 entries with a
// cardId and a card with a header title and sections of widgets.
func chatShape(m map[string]any) string {
	if s, _ := m["text"].(string); s == "" {
		return "chat: no text"
	}
	cards, _ := m["cardsV2"].([]any)
	if len(cards) != 1 {
		return "chat: want one card in cardsV2"
	}
	c, _ := cards[0].(map[string]any)
	card, _ := c["card"].(map[string]any)
	header, _ := card["header"].(map[string]any)
	sections, _ := card["sections"].([]any)
	if c["cardId"] == "" || header["title"] == "" || len(sections) == 0 {
		return fmt.Sprintf("chat: bad card %v", c)
	}
	for _, s := range sections {
		widgets, _ := s.(map[string]any)["widgets"].([]any)
		if len(widgets) == 0 {
			return "chat: a section without widgets"
		}
	}
	return ""
}

// signature checks the generic webhook's HMAC-SHA256 over "timestamp.body"
// and its headers.
func (r *receiver) signature(req *http.Request, body []byte, m map[string]any) string {
	ts := req.Header.Get(HeaderTimestamp)
	if _, err := strconv.ParseInt(ts, 10, 64); err != nil {
		return "webhook: bad timestamp " + ts
	}
	want := Sign([]byte(r.key), ts, body)
	if !hmac.Equal([]byte(req.Header.Get(HeaderSignature)), []byte(want)) {
		return "webhook: bad signature"
	}
	if req.Header.Get(HeaderDelivery) != m["id"] || req.Header.Get(HeaderEvent) != m["kind"] {
		return "webhook: delivery or event header does not match the body"
	}
	return ""
}

// take returns the messages received since the last take, and fails the
// test on any malformed one.
func (r *receiver) take() []map[string]any {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.problems {
		r.t.Errorf("%s receiver: %s", r.kind, p)
	}
	r.problems = nil
	got := r.got
	r.got = nil
	return got
}
