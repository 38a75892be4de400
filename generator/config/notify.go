package config

import (
	"fmt"
	"net"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/slo"
)

// Notifications (docs/notify.md): `[notify]`, `[[channel]]` and `[[route]]`
// tables used by `statusgen notify`. Secrets are never in site.toml: a
// channel names the environment variables that hold them.

// Notify is the [notify] table.
type Notify struct {
	// Repeat is how often a message is sent again for an alert that
	// stays firing; default 4h.
	Repeat string `toml:"repeat"`
	// State is the file notify keeps what it sent in, relative to the
	// site folder; default .statusgen/notify-state.json.
	State string `toml:"state"`

	RepeatDur time.Duration `toml:"-"`
}

// Channel is one [[channel]]: where messages go.
type Channel struct {
	ID   string `toml:"id"`
	Type string `toml:"type"` // slack | googlechat | webhook | email
	// URLEnv names the variable holding the webhook URL (slack,
	// googlechat, webhook).
	URLEnv string `toml:"url_env"`
	// SecretEnv names the variable holding the HMAC key (webhook).
	SecretEnv string `toml:"secret_env"`
	// E-mail: the server (host:port, STARTTLS required), the variables
	// holding the login, and the addresses.
	SMTP        string   `toml:"smtp"`
	UsernameEnv string   `toml:"username_env"`
	PasswordEnv string   `toml:"password_env"`
	From        string   `toml:"from"`
	To          []string `toml:"to"`
}

// Route is one [[route]]: which alerts and incidents go to which channels.
type Route struct {
	Channels   []string          `toml:"channels"`
	Services   []string          `toml:"services"`
	Groups     []string          `toml:"groups"`
	Labels     map[string]string `toml:"labels"`
	Severities []string          `toml:"severities"`
}

// Channel types.
const (
	ChannelSlack      = "slack"
	ChannelGoogleChat = "googlechat"
	ChannelWebhook    = "webhook"
	ChannelEmail      = "email"
)

var channelTypes = []string{ChannelSlack, ChannelGoogleChat, ChannelWebhook, ChannelEmail}

// DefaultNotifyState is where notify keeps its state by default.
const DefaultNotifyState = ".statusgen/notify-state.json"

func (c *Config) validateNotify(errf func(table, key, format string, args ...any)) {
	n := &c.Notify
	n.RepeatDur = 4 * time.Hour
	if n.Repeat != "" {
		d, err := ParseDuration(n.Repeat)
		if err != nil || d < 5*time.Minute || d > 30*24*time.Hour {
			errf("notify", "repeat", "bad repeat %q; write a duration from 5m to 30d, such as \"4h\"", n.Repeat)
		} else {
			n.RepeatDur = d
		}
	}
	if n.State == "" {
		n.State = DefaultNotifyState
	} else if filepath.IsAbs(n.State) || strings.HasPrefix(filepath.Clean(n.State), "..") || !strings.HasSuffix(n.State, ".json") {
		errf("notify", "state", "%q must be a .json file inside the site folder, such as %q", n.State, DefaultNotifyState)
	}
	ids := map[string]bool{}
	var idList []string
	for i, ch := range c.Channels {
		t := fmt.Sprintf("channel[%d]", i)
		switch {
		case ch.ID == "":
			errf(t, "id", "missing; every [[channel]] needs an id, e.g. id = \"oncall-slack\"")
		case !IDPattern.MatchString(ch.ID):
			errf(t, "id", "%q is not a valid id; use lower-case letters, digits and dashes", ch.ID)
		case ids[ch.ID]:
			errf(t, "id", "duplicate channel id %q", ch.ID)
		}
		ids[ch.ID] = true
		idList = append(idList, ch.ID)
		env := func(key, v string, need bool, example string) {
			switch {
			case v == "" && need:
				errf(t, key, "missing; name the environment variable that holds it, e.g. %s = %q (the secret itself never goes into site.toml)", key, example)
			case v != "" && !envName.MatchString(v):
				errf(t, key, "%q is not an environment variable name; write a name such as %q, not the secret itself", v, example)
			}
		}
		switch ch.Type {
		case ChannelSlack:
			env("url_env", ch.URLEnv, true, "SLACK_WEBHOOK_URL")
		case ChannelGoogleChat:
			env("url_env", ch.URLEnv, true, "GOOGLE_CHAT_WEBHOOK_URL")
		case ChannelWebhook:
			env("url_env", ch.URLEnv, true, "STATUS_WEBHOOK_URL")
			env("secret_env", ch.SecretEnv, true, "STATUS_WEBHOOK_SECRET")
		case ChannelEmail:
			if host, port, err := net.SplitHostPort(ch.SMTP); err != nil || host == "" || port == "" {
				errf(t, "smtp", "%q is not host:port; write the mail server's address, e.g. smtp = \"smtp.example.com:587\"", ch.SMTP)
			} else if _, err := strconv.Atoi(port); err != nil {
				errf(t, "smtp", "port %q is not a number; e.g. smtp = \"smtp.example.com:587\"", port)
			}
			env("username_env", ch.UsernameEnv, false, "SMTP_USERNAME")
			env("password_env", ch.PasswordEnv, ch.UsernameEnv != "", "SMTP_PASSWORD")
			if _, err := mail.ParseAddress(ch.From); err != nil {
				errf(t, "from", "%q is not an e-mail address; e.g. from = \"status@example.com\"", ch.From)
			}
			if len(ch.To) == 0 {
				errf(t, "to", "missing; list the addresses, e.g. to = [\"oncall@example.com\"]")
			}
			for _, a := range ch.To {
				if _, err := mail.ParseAddress(a); err != nil {
					errf(t, "to", "%q is not an e-mail address", a)
				}
			}
		default:
			errf(t, "type", "must be slack, googlechat, webhook or email, got %q%s", ch.Type, DidYouMean(ch.Type, channelTypes))
		}
	}
	groups := groupIDs(c.Groups)
	for i, r := range c.Routes {
		t := fmt.Sprintf("route[%d]", i)
		if len(r.Channels) == 0 {
			errf(t, "channels", "missing; name the [[channel]] ids to send to, e.g. channels = [\"oncall-slack\"]")
		}
		for _, ch := range r.Channels {
			if !ids[ch] {
				errf(t, "channels", "names no [[channel]]: %q%s", ch, DidYouMean(ch, idList))
			}
		}
		for _, s := range r.Services {
			if c.Service(s) == nil {
				errf(t, "services", "names no [[service]]: %q%s", s, DidYouMean(s, serviceIDs(c.Services)))
			}
		}
		for _, g := range r.Groups {
			if !contains(groups, g) {
				errf(t, "groups", "names no [[group]]: %q%s", g, DidYouMean(g, groups))
			}
		}
		validateLabels(errf, t, r.Labels)
		for _, s := range r.Severities {
			if !contains(severities, s) {
				errf(t, "severities", "unknown severity %q; use page, ticket or info", s)
			}
		}
	}
}

func serviceIDs(ss []*Service) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// Channel returns the channel with the id, or nil.
func (c *Config) Channel(id string) *Channel {
	for _, ch := range c.Channels {
		if ch.ID == id {
			return ch
		}
	}
	return nil
}

// Matches reports whether a route takes a message about the service at a
// severity: each selector the route gives must match (services, groups:
// any of them; labels: all of them; severities: any of them).
func (r *Route) Matches(svc *Service, severity string) bool {
	if len(r.Services) > 0 && !contains(r.Services, svc.ID) {
		return false
	}
	if len(r.Groups) > 0 && !contains(r.Groups, svc.Group) {
		return false
	}
	for k, v := range r.Labels {
		if svc.Labels[k] != v {
			return false
		}
	}
	return len(r.Severities) == 0 || contains(r.Severities, severity)
}

// ChannelsFor returns the ids of the channels that take a message about
// the service at a severity, in [[channel]] order, each once.
func (c *Config) ChannelsFor(svc *Service, severity string) []string {
	want := map[string]bool{}
	for _, r := range c.Routes {
		if r.Matches(svc, severity) {
			for _, ch := range r.Channels {
				want[ch] = true
			}
		}
	}
	var out []string
	for _, ch := range c.Channels {
		if want[ch.ID] {
			out = append(out, ch.ID)
		}
	}
	return out
}

// IncidentSeverity is the alert severity an incident is routed at:
// critical and major incidents page, minor ones make a ticket, and
// maintenance is information.
func IncidentSeverity(incidentSeverity string) string {
	switch incidentSeverity {
	case "critical", "major":
		return slo.SeverityPage
	case "minor":
		return slo.SeverityTicket
	}
	return slo.SeverityInfo
}
