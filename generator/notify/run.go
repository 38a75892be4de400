package notify

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/site"
)

// Options are what one notify run needs besides the site.
type Options struct {
	// Getenv reads the channels' secrets; os.Getenv when nil.
	Getenv func(string) string
	// DryRun plans and reports, but sends nothing and writes no state.
	DryRun bool
	// Client sends HTTP requests; a client with a 10 s timeout when nil.
	// Redirects are never followed.
	Client *http.Client
	// TLS is the TLS configuration for SMTP's STARTTLS (tests trust their
	// own certificate through it); the system's roots when nil.
	TLS *tls.Config
	// Sleep waits between retries; a context-aware time.Sleep when nil.
	Sleep func(context.Context, time.Duration) error
	// MaxWait bounds the waiting for retries, per channel; 2 minutes
	// when zero.
	MaxWait time.Duration
	// Log receives one line per message sent, failed or (dry run) planned.
	Log func(string)
}

// Result says what a run did.
type Result struct {
	Sent   int
	Failed int // messages not sent (retried next run)
	// Errors name the channel (and site.toml's line where the channel is
	// misconfigured); they never hold a secret.
	Errors []error
}

// sender sends one event to one channel.
type sender interface {
	send(ctx context.Context, ev Event) error
}

// Run plans the messages of the site at its now against the state file,
// sends them channel by channel and advances the state for each message
// sent, saving it after each (so a crash never sends a message twice).
// A channel that fails is left for the next run; the others still send.
func Run(ctx context.Context, s *site.Site, opts Options) (Result, error) {
	cfg := s.Config
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second}
	}
	// A webhook that redirects is refused, not followed: the message (and
	// a signature) would go to an address nobody configured.
	client := *opts.Client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	opts.Client = &client
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.MaxWait == 0 {
		opts.MaxWait = 2 * time.Minute
	}
	if opts.Log == nil {
		opts.Log = func(string) {}
	}
	st, err := LoadState(cfg.Dir, cfg.Notify.State)
	if err != nil {
		return Result{}, err
	}
	plan := Plan(s, st)
	var res Result
	if opts.DryRun {
		for _, d := range plan {
			opts.Log(fmt.Sprintf("would send %s to %s: %s", d.Event.Kind, d.Channel, d.Event.Title))
		}
		return res, nil
	}
	// Recorded without a message (history, forgotten incidents).
	if err := st.Save(cfg.Dir, cfg.Notify.State); err != nil {
		return res, err
	}
	byChannel := map[string][]Delivery{}
	for _, d := range plan {
		byChannel[d.Channel] = append(byChannel[d.Channel], d)
	}
	for i, ch := range cfg.Channels {
		ds := byChannel[ch.ID]
		if len(ds) == 0 {
			continue
		}
		snd, err := newSender(cfg, i, ch, opts)
		if err != nil {
			res.Failed += len(ds)
			res.Errors = append(res.Errors, err)
			opts.Log(fmt.Sprintf("not sent to %s: %d messages (%v)", ch.ID, len(ds), err))
			continue
		}
		for k, d := range ds {
			if err := snd.send(ctx, d.Event); err != nil {
				// The rest of this channel waits for the next run too.
				res.Failed += len(ds) - k
				res.Errors = append(res.Errors, fmt.Errorf("channel %s (%s): %w", ch.ID, ch.Type, err))
				opts.Log(fmt.Sprintf("failed %s to %s: %s: %v", d.Event.Kind, ch.ID, d.Event.Title, err))
				break
			}
			d.apply(st.Channels[ch.ID])
			res.Sent++
			opts.Log(fmt.Sprintf("sent %s to %s: %s", d.Event.Kind, ch.ID, d.Event.Title))
			if err := st.Save(cfg.Dir, cfg.Notify.State); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// secret reads the variable a channel names, or says which line of
// site.toml names it and that it is not set.
func secret(cfg *config.Config, i int, ch *config.Channel, key, name string, getenv func(string) string) (string, error) {
	v := getenv(name)
	if strings.TrimSpace(v) == "" {
		return "", fmt.Errorf("%s:%d: [channel] %s: environment variable %s is not set; set it to the %s of channel %s (nothing was sent to it)",
			cfg.RelFile(), cfg.Line(fmt.Sprintf("channel[%d]", i), key), key, name, secretWhat[key], ch.ID)
	}
	return v, nil
}

var secretWhat = map[string]string{"url_env": "webhook URL", "secret_env": "signing secret",
	"username_env": "SMTP user name", "password_env": "SMTP password"}

func newSender(cfg *config.Config, i int, ch *config.Channel, opts Options) (sender, error) {
	switch ch.Type {
	case config.ChannelSlack, config.ChannelGoogleChat, config.ChannelWebhook:
		u, err := secret(cfg, i, ch, "url_env", ch.URLEnv, opts.Getenv)
		if err != nil {
			return nil, err
		}
		h := &hook{kind: ch.Type, url: u, env: ch.URLEnv, client: opts.Client, sleep: opts.Sleep, maxWait: opts.MaxWait}
		if ch.Type == config.ChannelWebhook {
			key, err := secret(cfg, i, ch, "secret_env", ch.SecretEnv, opts.Getenv)
			if err != nil {
				return nil, err
			}
			h.key = []byte(key)
		}
		return h, nil
	case config.ChannelEmail:
		m := &mailer{ch: ch, site: cfg.Title, tls: opts.TLS, sleep: opts.Sleep, maxWait: opts.MaxWait}
		if ch.UsernameEnv != "" {
			var err error
			if m.user, err = secret(cfg, i, ch, "username_env", ch.UsernameEnv, opts.Getenv); err != nil {
				return nil, err
			}
			if m.pass, err = secret(cfg, i, ch, "password_env", ch.PasswordEnv, opts.Getenv); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	return nil, fmt.Errorf("channel %s: unknown type %q", ch.ID, ch.Type)
}
