package probe

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
)

func TestExampleHost(t *testing.T) {
	for u, want := range map[string]bool{
		"https://orders.northwind.example/healthz": true,
		"https://api.example.com/healthz":          true,
		"https://example.org":                      true,
		"http://foo.test:8080/x":                   true,
		"https://x.invalid./":                      true,
		"https://ORDERS.NORTHWIND.EXAMPLE/":        true,
		"https://api.acme.com/healthz":             false,
		"https://notexample.com/":                  false,
		"https://example.company.io/":              false,
		"http://127.0.0.1:8080/":                   false,
		"http://localhost/":                        false,
	} {
		if got := ExampleHost(u); got != want {
			t.Errorf("ExampleHost(%q) = %v, want %v", u, got, want)
		}
	}
}

// countingTransport answers nothing and counts what is sent.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return nil, errors.New("no network in this test")
}

// The repository's own site, as a fork gets it, probes nothing: its
// example service's address is an example host.
func TestRepositorySiteProbesNoFictionalHost(t *testing.T) {
	cfg, ds := config.LoadConfig(filepath.Join("..", "..", "site.toml"))
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	var probed []string
	for _, s := range cfg.Services {
		if s.Probe != nil {
			probed = append(probed, s.ID)
		}
	}
	if len(probed) == 0 {
		t.Fatal("the example site shows no [service.probe]; this test would prove nothing")
	}
	tr := &countingTransport{}
	results := Run(context.Background(), cfg, nil, Options{Clock: time.Now, Transport: tr})
	if len(results) != 0 || tr.n.Load() != 0 {
		t.Errorf("%d results, %d requests; want none", len(results), tr.n.Load())
	}
	if sk := Skipped(cfg, nil); len(sk) != len(probed) {
		t.Errorf("skipped %d of the %d probed services", len(sk), len(probed))
	}
	// A real address next to it is probed.
	cfg.Services[0].Probe.URL = "https://orders.acme.invalid.net/healthz"
	Run(context.Background(), cfg, nil, Options{Clock: time.Now, Transport: tr})
	if tr.n.Load() == 0 {
		t.Error("a service with an address of its own was not probed")
	}
}
