package config

import (
	"strings"
	"testing"
)

func TestProbeKindErrors(t *testing.T) {
	head := "title = \"T\"\nbase_url = \"https://s.example.com/\"\n[[service]]\nid = \"a\"\nname = \"A\"\n[service.probe]\n"
	for _, c := range []struct{ probe, want string }{
		{"kind = \"udp\"\naddress = \"h:1\"", `site.toml:7: [service.probe] kind: "udp" is not a probe kind`},
		{"kind = \"tcp\"", "site.toml:6: [service.probe] address: missing"},
		{"kind = \"tls\"\naddress = \"example.com\"", `"example.com" is not host:port`},
		{"kind = \"tcp\"\naddress = \"h:5432\"\nurl = \"https://h/\"", "a tcp probe connects to address, not a url"},
		{"kind = \"tcp\"\naddress = \"h:5432\"\nexpect_regexp = \"x\"", "expect_regexp: only an http probe has it"},
		{"url = \"https://h/\"\naddress = \"h:1\"", "an http probe requests url"},
		{"url = \"https://h/\"\n[service.probe.header_env]\nAuthorization = \"Bearer abc.def\"", "site.toml:9: [service.probe.header_env] Authorization: the value is not the name of an environment variable"},
		{"url = \"https://h/\"\n[service.probe.header_env]\nHost = \"H\"", "Host cannot be set by a probe"},
		{"url = \"https://h/\"\nexpect_regexp = \"(\"", "expect_regexp: not a regular expression"},
		{"url = \"https://h/\"\n[[service.probe.expect_json]]\npath = \"a..b\"\nequals = \"x\"", `path "a..b" is not a JSON path`},
		{"url = \"https://h/\"\n[[service.probe.expect_json]]\npath = \"a\"", "give exactly one of equals"},
	} {
		_, ds := loadTOML(t, head+c.probe+"\n")
		if !ds.HasErrors() || !strings.Contains(ds.Error(), c.want) || strings.Contains(ds.Error(), "abc.def") {
			t.Errorf("%s\n got %v\nwant %s", c.probe, ds, c.want)
		}
	}
	cfg, ds := loadTOML(t, head+"kind = \"tls\"\naddress = \"db.example.com:5432\"\nca_file = \"certs/ca.pem\"\n")
	if ds.HasErrors() || cfg.Services[0].Probe.Kind != ProbeTLS || !strings.HasSuffix(cfg.Services[0].Probe.CAPath, "certs/ca.pem") {
		t.Errorf("a good tls probe: %v %+v", ds, cfg.Services[0].Probe)
	}
}
