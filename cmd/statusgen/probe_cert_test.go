package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// A TLS server whose certificate expires in 5 days: the probe writes
// cert_days 5, and the threshold SLO cert_days >= 14 is breached.
func TestProbeCertDaysBreachesSLO(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	srv := testsite.MakeTLS(t, now.Add(-85*24*time.Hour), now.Add(5*24*time.Hour+2*time.Hour))
	addr := srv.Listen(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ca.pem"), srv.CAPEM, 0o644)
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(fmt.Sprintf(`title = "T"
base_url = "https://status.example.com/"

[[service]]
id = "shop"
name = "Shop"
interval = "1h"
  [service.probe]
  kind    = "tls"
  address = %q
  ca_file = "ca.pem"

  [[service.slo]]
  id        = "cert"
  name      = "Certificate renewed in time"
  indicator = "threshold"
  column    = "cert_days"
  op        = ">="
  threshold = 14
  objective = 99
  window    = "1d"
  min_coverage = 0.01
`, addr)), 0o644)
	code, out, errs := runCLI(t, nil, "probe", "-c", dir, "--now", now.Format(time.RFC3339), "--retry-delay", "0")
	if code != exitOK || !strings.Contains(out, "certificate: 5 days left") {
		t.Fatalf("probe: exit %d\n%s%s", code, out, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/metrics/shop/2026-11.csv"))
	if !strings.HasPrefix(string(b), "time,status,latency_ms,code,cert_days\n2026-11-23T12:00:00Z,up,") || !strings.HasSuffix(string(b), ",,5\n") {
		t.Fatalf("snapshot:\n%s", b)
	}
	code, out, errs = runCLI(t, nil, "report", "-c", dir, "--format", "json", "--now", now.Add(time.Minute).Format(time.RFC3339))
	if code != exitOK {
		t.Fatalf("report: exit %d\n%s", code, errs)
	}
	var rep struct {
		SLOs []struct {
			Service string   `json:"service"`
			ID      string   `json:"id"`
			State   string   `json:"state"`
			SLI     *float64 `json:"sli"`
		} `json:"slos"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.SLOs) != 1 {
		t.Fatalf("report: %v\n%s", err, out)
	}
	// One row, 5 < 14: no good event of one, sli 0.
	if s := rep.SLOs[0]; s.State != "breached" || s.SLI == nil || *s.SLI != 0 {
		t.Errorf("cert SLO: %+v\n%s", s, out)
	}
}

// header_env: the secret is sent and appears nowhere the command writes.
func TestProbeHeaderSecretNeverPrinted(t *testing.T) {
	const secret = "Bearer s3cret-value"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != secret {
			http.Error(w, "no", http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(fmt.Sprintf(`title = "T"
base_url = "https://status.example.com/"

[[service]]
id = "api"
name = "API"
  [service.probe]
  url = %q
  [service.probe.header_env]
  Authorization = "API_TOKEN"
`, srv.URL)), 0o644)
	code, out, errs := runCLI(t, map[string]string{"API_TOKEN": secret}, "probe", "-c", dir, "--now", "2026-11-23T12:00:00Z", "--retry-delay", "0")
	if code != exitOK || !strings.Contains(out, "1 up") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	code, out2, errs2 := runCLI(t, nil, "probe", "-c", dir, "--now", "2026-11-23T12:05:00Z", "--retry-delay", "0")
	if code != exitInputs || !strings.Contains(errs2, "api: not checked, nothing written: header_env Authorization: the environment variable API_TOKEN is not set") {
		t.Errorf("unset: exit %d\n%s%s", code, out2, errs2)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/metrics/api/2026-11.csv"))
	for _, s := range []string{out, errs, out2, errs2, string(b)} {
		if strings.Contains(s, "s3cret") {
			t.Errorf("the secret leaked: %q", s)
		}
	}
	if strings.Count(string(b), "\n") != 2 {
		t.Errorf("rows:\n%s", b)
	}
}
