package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
)

// tlsConfig is the TLS setup of a probe: the roots of ca_file and the
// time certificates are verified at; nil when both are the defaults.
func tlsConfig(p *config.Probe, opts Options) (*tls.Config, error) {
	if p.CAPath == "" && opts.Now.IsZero() {
		return nil, nil
	}
	tc := &tls.Config{}
	if p.CAPath != "" {
		pem, err := os.ReadFile(p.CAPath)
		if err != nil {
			return nil, fmt.Errorf("ca_file: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca_file %s: no PEM certificate in it", p.CAFile)
		}
		tc.RootCAs = pool
	}
	if now := opts.Now; !now.IsZero() {
		tc.Time = func() time.Time { return now }
	}
	return tc, nil
}

// headers reads the values of header_env from the environment. A value is
// never printed or written: errors name the variable only.
func headers(p *config.Probe, opts Options) (http.Header, error) {
	if len(p.HeaderEnv) == 0 {
		return nil, nil
	}
	lookup := opts.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	h := http.Header{}
	for name, env := range p.HeaderEnv {
		v, ok := lookup(env)
		switch {
		case !ok || v == "":
			return nil, fmt.Errorf("header_env %s: the environment variable %s is not set; set it where the probe runs (in GitHub Actions, from a secret: env: %s: ${{ secrets.%s }})", name, env, env, env)
		case strings.ContainsAny(v, "\r\n\x00"):
			return nil, fmt.Errorf("header_env %s: the environment variable %s holds a line break, which a header value cannot", name, env)
		}
		h.Set(name, v)
	}
	return h, nil
}

// dialOnce is one attempt of a tcp or tls probe: connect (and, for tls,
// shake hands and verify the certificate at opts.Now).
func dialOnce(ctx context.Context, s *config.Service, tc *tls.Config, opts Options) Result {
	p := s.Probe
	r := Result{Service: s, Status: "down"}
	ctx, cancel := context.WithTimeout(ctx, p.TimeoutDur)
	defer cancel()
	start := opts.Clock()
	d := &net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", p.Address)
	if err != nil {
		r.Reason = probeError(err, p.TimeoutDur)
		return r
	}
	defer conn.Close()
	if p.Kind == config.ProbeTLS {
		host, _, _ := net.SplitHostPort(p.Address)
		// The handshake accepts any certificate so that an expired one is
		// still read: its days left are what the probe is for. It is then
		// verified here, as a client would.
		cfg := &tls.Config{InsecureSkipVerify: true, ServerName: host}
		tconn := tls.Client(conn, cfg)
		if err := tconn.HandshakeContext(ctx); err != nil {
			r.Reason = "TLS handshake: " + probeError(err, p.TimeoutDur)
			return r
		}
		state := tconn.ConnectionState()
		if len(state.PeerCertificates) == 0 {
			r.Reason = "the server sent no certificate"
			return r
		}
		leaf := state.PeerCertificates[0]
		r.CertDays = certDays(leaf, opts)
		if err := verify(state.PeerCertificates, host, tc, opts); err != nil {
			r.Latency = float64(opts.Clock().Sub(start).Microseconds()) / 1000
			r.Connected = true
			r.Reason = "certificate: " + err.Error()
			return r
		}
	}
	r.Latency = float64(opts.Clock().Sub(start).Microseconds()) / 1000
	r.Connected = true
	if p.DegradedMS > 0 && r.Latency > p.DegradedMS {
		r.Status = "degraded"
		r.Reason = fmt.Sprintf("%.0f ms, slower than degraded_ms %v", r.Latency, p.DegradedMS)
		return r
	}
	r.Status = "up"
	return r
}

// verify checks a server's chain for host as a TLS client would, at
// opts.Now, against ca_file's roots or the system's.
func verify(chain []*x509.Certificate, host string, tc *tls.Config, opts Options) error {
	vo := x509.VerifyOptions{DNSName: host, Intermediates: x509.NewCertPool(), CurrentTime: opts.Now}
	if tc != nil {
		vo.Roots = tc.RootCAs
	}
	for _, c := range chain[1:] {
		vo.Intermediates.AddCert(c)
	}
	_, err := chain[0].Verify(vo)
	return err
}

// certDays is the whole days a certificate has left at opts.Now (else at
// the clock): floor((not after − now) / 24 h), negative once expired.
func certDays(c *x509.Certificate, opts Options) *int {
	now := opts.Now
	if now.IsZero() {
		now = opts.Clock()
	}
	d := int(math.Floor(c.NotAfter.Sub(now).Hours() / 24))
	return &d
}

// jsonProblem says which expect_json check the body fails, or "".
func jsonProblem(body []byte, checks []*config.JSONCheck) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return "body is not JSON: " + err.Error()
	}
	for _, c := range checks {
		if c == nil {
			continue
		}
		path, _ := config.ParseJSONPath(c.Path)
		v, ok := walkJSON(doc, path)
		if !ok {
			return fmt.Sprintf("expect_json: the body has no %q", c.Path)
		}
		switch {
		case c.Equals != nil && jsonText(v) != *c.Equals:
			return fmt.Sprintf("expect_json: %s is %s, expected %q", c.Path, clip(jsonText(v)), *c.Equals)
		case c.Contains != nil && !jsonContains(v, *c.Contains):
			return fmt.Sprintf("expect_json: %s is %s, which does not contain %q", c.Path, clip(jsonText(v)), *c.Contains)
		}
	}
	return ""
}

// walkJSON follows path (keys, and indexes into arrays) from v.
func walkJSON(v any, path []string) (any, bool) {
	for _, k := range path {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// jsonText is a JSON value as equals compares it: a string as itself, a
// number as written, true, false and null as those words, an object or
// array as compact JSON.
func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// jsonContains: a string holds the text; an array has an element whose
// text it is; an object has it as a key.
func jsonContains(v any, want string) bool {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if jsonText(e) == want {
				return true
			}
		}
		return false
	case map[string]any:
		_, ok := x[want]
		return ok
	}
	return strings.Contains(jsonText(v), want)
}

func clip(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return strconv.Quote(s)
}
