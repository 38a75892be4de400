package probe

import (
	"net/url"
	"slices"
	"strings"

	"github.com/statusgen/statusgen/generator/config"
)

// Example hosts: the names RFC 2606 and RFC 6761 reserve so that no one
// can answer them (.example, .invalid, .test, example.com/.net/.org and
// their subdomains). The example site's probe URLs use them, so a copy of
// the repository that nobody has edited yet makes no request to a
// fictional host from its schedule: such a probe is skipped, and said so.

var exampleTLDs = []string{"example", "invalid", "test"}
var exampleDomains = []string{"example.com", "example.net", "example.org"}

// ExampleHost reports whether rawURL's host is reserved for examples.
func ExampleHost(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if h == "" {
		return false
	}
	if i := strings.LastIndexByte(h, '.'); slices.Contains(exampleTLDs, h[i+1:]) {
		return true
	}
	for _, d := range exampleDomains {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

// Skipped returns the services of cfg (restricted to ids when not empty)
// whose probe URL names an example host: Run does not probe them.
func Skipped(cfg *config.Config, ids []string) []*config.Service {
	var out []*config.Service
	for _, s := range cfg.Services {
		if s.Probe != nil && (len(ids) == 0 || slices.Contains(ids, s.ID)) && ExampleHost(s.Probe.URL) {
			out = append(out, s)
		}
	}
	return out
}
