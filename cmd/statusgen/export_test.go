package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

func TestExportPrometheusRules(t *testing.T) {
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml": "[[service]]\nid = \"api\"\n  [[service.slo]]\n  id = \"r\"\n  indicator = \"ratio\"\n  objective = 99.5\n" +
			"    [service.slo.prometheus]\n    error_query = 'sum(rate(e[{{.window}}]))'\n    total_query = 'sum(rate(t[{{.window}}]))'\n",
	})
	code, out, errs := runCLI(t, nil, "export", "prometheus-rules", "-c", cfg)
	if code != 0 || !strings.Contains(out, "record: slo:sli_error:ratio_rate5m") || !strings.Contains(out, "alert: SLOErrorBudgetBurn") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	dst := filepath.Join(t.TempDir(), "rules.yml")
	code, out, _ = runCLI(t, nil, "export", "prometheus-rules", "-c", cfg, "-o", dst)
	b, err := os.ReadFile(dst)
	if code != 0 || err != nil || !strings.Contains(string(b), "sloth_id: api-r") || !strings.Contains(out, "wrote 3 rule groups to") {
		t.Errorf("-o: exit %d, %v\n%s", code, err, out)
	}
	none := testsite.SiteFiles(t, map[string]string{"site.toml": "[[service]]\nid = \"api\"\n"})
	code, _, errs = runCLI(t, nil, "export", "prometheus-rules", "-c", none)
	if code != 1 || !strings.Contains(errs, "no SLO in") {
		t.Errorf("without a source: exit %d %s", code, errs)
	}
	if code, _, _ = runCLI(t, nil, "export", "grafana", "-c", cfg); code != 2 {
		t.Errorf("unknown export: exit %d", code)
	}
}
