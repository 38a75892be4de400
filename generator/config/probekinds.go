package config

import (
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Probe kinds: what `statusgen probe` checks.
const (
	ProbeHTTP = "http" // a request to url (the default)
	ProbeTCP  = "tcp"  // a TCP connection to address
	ProbeTLS  = "tls"  // a TLS handshake with address: the certificate's days left
)

// JSONCheck is one [[service.probe.expect_json]]: the value at Path in the
// response's JSON must equal Equals, or contain Contains.
type JSONCheck struct {
	Path     string  `toml:"path"`
	Equals   *string `toml:"equals"`
	Contains *string `toml:"contains"`
}

// headerName is an HTTP header name (a token).
var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// validateProbeKind checks the keys of the probe kinds and sets Kind's
// default, http.
func (c *Config) validateProbeKind(errf func(table, key, format string, args ...any), t string, p *Probe) {
	switch p.Kind {
	case "", ProbeHTTP:
		p.Kind = ProbeHTTP
	case ProbeTCP, ProbeTLS:
		if p.URL != "" {
			errf(t, "url", "a %s probe connects to address, not a url; write address = \"db.example.com:5432\" instead", p.Kind)
		}
		if p.Address == "" {
			errf(t, "address", "missing; a %s probe needs host:port, e.g. address = \"db.example.com:5432\"", p.Kind)
		} else if host, port, err := net.SplitHostPort(p.Address); err != nil || host == "" || !validPort(port) {
			errf(t, "address", "%q is not host:port; write it like \"db.example.com:5432\" or \"[2001:db8::1]:443\"", p.Address)
		}
		for _, k := range []struct {
			key string
			set bool
		}{{"header_env", len(p.HeaderEnv) > 0}, {"expect_json", len(p.ExpectJSON) > 0}, {"expect_regexp", p.ExpectRegexp != ""},
			{"expect_body", p.ExpectBody != ""}, {"check_cert", p.CheckCert}} {
			if k.set {
				errf(t, k.key, "only an http probe has it; remove it or write kind = \"http\"")
			}
		}
	default:
		errf(t, "kind", "%q is not a probe kind; write \"http\" (default), \"tcp\" or \"tls\"", p.Kind)
	}
	if p.Kind == ProbeHTTP && p.Address != "" {
		errf(t, "address", "an http probe requests url; remove address or write kind = \"tcp\" or \"tls\"")
	}
	for _, h := range sortedKeys(p.HeaderEnv) {
		v := p.HeaderEnv[h]
		switch {
		case !headerName.MatchString(h):
			errf(t+".header_env", h, "%q is not an HTTP header name; write it like \"Authorization\" or \"X-Api-Key\"", h)
		case strings.EqualFold(h, "Host") || strings.EqualFold(h, "Content-Length"):
			errf(t+".header_env", h, "%s cannot be set by a probe; remove it", http.CanonicalHeaderKey(h))
		case !envName.MatchString(v):
			// The value is not repeated: it may be the secret itself.
			errf(t+".header_env", h, "the value is not the name of an environment variable (letters, digits and _); write the variable's name, e.g. \"ORDERS_API_TOKEN\", never the secret itself, and move the secret out of site.toml")
		}
	}
	for i, j := range p.ExpectJSON {
		jt := t + ".expect_json[" + strconv.Itoa(i) + "]"
		if j == nil {
			continue
		}
		if _, err := ParseJSONPath(j.Path); err != nil {
			errf(jt, "path", "%v", err)
		}
		if (j.Equals == nil) == (j.Contains == nil) {
			errf(jt, "equals", "give exactly one of equals = \"…\" and contains = \"…\"")
		}
	}
	if p.ExpectRegexp != "" {
		re, err := regexp.Compile(p.ExpectRegexp)
		if err != nil {
			errf(t, "expect_regexp", "not a regular expression: %v", err)
		}
		p.ExpectRegexpRE = re
	}
	if p.CAFile != "" {
		if p.Kind == ProbeTCP {
			errf(t, "ca_file", "a tcp probe makes no TLS handshake; remove ca_file")
		}
		p.CAPath = p.CAFile
		if !filepath.IsAbs(p.CAPath) {
			p.CAPath = filepath.Join(c.Dir, p.CAPath)
		}
	}
}

func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n > 0 && n < 65536
}

// ParseJSONPath splits a path into the keys and array indexes it walks:
// "status", "checks.db.status", "items.0.state"; a leading "$." is allowed.
func ParseJSONPath(path string) ([]string, error) {
	p := strings.TrimPrefix(strings.TrimSpace(path), "$.")
	if p == "" || p == "$" {
		return nil, errJSONPath(path)
	}
	parts := strings.Split(p, ".")
	for _, s := range parts {
		if s == "" {
			return nil, errJSONPath(path)
		}
	}
	return parts, nil
}

type jsonPathError string

func (e jsonPathError) Error() string {
	return "path " + strconv.Quote(string(e)) + " is not a JSON path; write keys and array indexes joined by dots, e.g. \"checks.db.status\" or \"items.0.state\""
}

func errJSONPath(p string) error { return jsonPathError(p) }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
