package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
)

// hook posts JSON to an incoming webhook: Slack, Google Chat or the
// generic signed webhook.
type hook struct {
	kind    string
	url     string // a secret: never printed
	env     string // the variable it came from, for messages
	key     []byte // the generic webhook's HMAC key
	client  *http.Client
	sleep   func(context.Context, time.Duration) error
	maxWait time.Duration
}

// Signature headers of the generic webhook.
const (
	HeaderSignature = "X-Statusgen-Signature" // "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body)
	HeaderTimestamp = "X-Statusgen-Timestamp" // Unix seconds, part of what is signed
	HeaderEvent     = "X-Statusgen-Event"     // the event's kind
	HeaderDelivery  = "X-Statusgen-Delivery"  // the event's id
)

// Sign is the generic webhook's signature of a body sent at timestamp
// (Unix seconds): "sha256=" and the hex HMAC-SHA256 of "timestamp.body".
// Receivers compute the same and compare in constant time.
func Sign(key []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func (h *hook) send(ctx context.Context, ev Event) error {
	var body []byte
	var err error
	switch h.kind {
	case config.ChannelSlack:
		body, err = json.Marshal(slackMessage(ev))
	case config.ChannelGoogleChat:
		body, err = json.Marshal(googleChatMessage(ev))
	default:
		body, err = json.Marshal(ev)
	}
	if err != nil {
		return err
	}
	return h.post(ctx, ev, body)
}

// Retries: at most maxAttempts, waiting Retry-After (seconds or a date)
// or else 1 s, 2 s, 4 s, … between them, within maxWait in all.
const maxAttempts = 5

func (h *hook) post(ctx context.Context, ev Event, body []byte) error {
	waited := time.Duration(0)
	backoff := time.Second
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("the webhook URL in %s is not a URL; check the variable", h.env)
		}
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("User-Agent", "statusgen-notify")
		if h.kind == config.ChannelWebhook {
			ts := strconv.FormatInt(ev.Time.Unix(), 10)
			req.Header.Set(HeaderTimestamp, ts)
			req.Header.Set(HeaderSignature, Sign(h.key, ts, body))
			req.Header.Set(HeaderEvent, ev.Kind)
			req.Header.Set(HeaderDelivery, ev.ID)
		}
		resp, err := h.client.Do(req)
		var wait time.Duration
		var problem string
		if err != nil {
			problem = h.scrub(transportError(err))
			wait = backoff
		} else {
			snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
			resp.Body.Close()
			switch {
			case resp.StatusCode >= 200 && resp.StatusCode < 300:
				return nil
			case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
				problem = h.scrub(fmt.Sprintf("answered %s%s", resp.Status, bodyNote(snippet)))
				wait = retryAfter(resp.Header.Get("Retry-After"), ev.Time, backoff)
			case resp.StatusCode >= 300 && resp.StatusCode < 400:
				return errors.New(h.scrub(fmt.Sprintf("answered %s, a redirect, which is not followed; put the address it redirects to in %s", resp.Status, h.env)))
			default:
				return errors.New(h.scrub(fmt.Sprintf("answered %s%s; check the webhook URL in %s (a revoked or mistyped URL answers 403 or 404)",
					resp.Status, bodyNote(snippet), h.env)))
			}
		}
		if attempt == maxAttempts || waited+wait > h.maxWait {
			return fmt.Errorf("%s; gave up after %d attempts (waited %s); the message is sent again next run", problem, attempt, waited)
		}
		if err := h.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s; stopped: %v", problem, err)
		}
		waited += wait
		backoff *= 2
	}
}

// transportError describes a failed request without its URL, which holds
// the webhook's secret.
func transportError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "no answer in time (the webhook hangs)"
		}
		return "cannot reach the webhook: " + ue.Err.Error()
	}
	return "cannot reach the webhook: " + err.Error()
}

// scrub removes the webhook URL, and its path and query (the secret
// parts), from a message.
func (h *hook) scrub(s string) string {
	secrets := []string{h.url, url.QueryEscape(h.url)}
	if u, err := url.Parse(h.url); err == nil {
		if len(u.Path) > 1 {
			secrets = append(secrets, u.Path, u.EscapedPath())
		}
		if u.RawQuery != "" {
			secrets = append(secrets, u.RawQuery)
		}
	}
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "<"+h.env+">")
		}
	}
	if len(h.key) > 0 {
		s = strings.ReplaceAll(s, string(h.key), "<secret>")
	}
	return s
}

func bodyNote(b []byte) string {
	t := strings.TrimSpace(strings.ToValidUTF8(string(b), ""))
	if t == "" {
		return ""
	}
	t = strings.Join(strings.Fields(t), " ")
	return ": " + t
}

// retryAfter reads a Retry-After header (seconds, or an HTTP date judged
// against now); without one, the backoff.
func retryAfter(v string, now time.Time, backoff time.Duration) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return backoff
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return 0
	}
	return backoff
}
