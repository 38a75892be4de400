package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Labels are shown on the index and the service pages, each value has a
// page with only its services and their incidents (the filter, without
// script), and api/slo.json carries them.
func TestLabelsFilterPagesAndAPI(t *testing.T) {
	from := fixedNow.Add(-2 * time.Hour)
	rows := minuteRows(from, 120, [2]int{0, 0}, [2]int{0, 0})
	out, _, _ := buildSite(t, `
-- site.toml --
[[service]]
id = "orders-prod"
labels = { env = "prod", source = "kafka" }
  [[service.slo]]
  id = "availability"
  objective = 99
  window = "1d"
[[service]]
id = "orders-staging"
labels = { env = "Staging EU" }
  [[service.slo]]
  id = "availability"
  objective = 99
  window = "1d"
[[service]]
id = "unlabelled"
  [[service.slo]]
  id = "availability"
  objective = 99
  window = "1d"
-- content/metrics/orders-prod/a.csv --
`+rows+`
-- content/metrics/orders-staging/a.csv --
`+rows+`
-- content/metrics/unlabelled/a.csv --
`+rows+`
-- incidents/2026-11-20-prod-down.md --
+++
title = "Prod orders down"
services = ["orders-prod"]
severity = "major"
started = 2026-11-20T10:00:00Z
resolved = 2026-11-20T11:00:00Z
+++
Body.
-- incidents/2026-11-21-staging-slow.md --
+++
title = "Staging orders slow"
services = ["orders-staging"]
severity = "minor"
started = 2026-11-21T10:00:00Z
resolved = 2026-11-21T11:00:00Z
+++
Body.
`)
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	index := read("index.html")
	for _, want := range []string{`href="labels/env/prod/index.html"`, `href="labels/env/staging-eu/index.html"`, `href="labels/source/kafka/index.html"`} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks the filter link %s", want)
		}
	}
	if !strings.Contains(read("incidents/index.html"), `href="../labels/env/prod/index.html"`) {
		t.Error("the incident archive lacks the label filter")
	}
	if svc := read("services/orders-prod/index.html"); !strings.Contains(svc, `<span class="label-key">env</span><span class="label-value">prod</span>`) {
		t.Error("the service page does not show env = prod")
	}
	prod := read("labels/env/prod/index.html")
	if !strings.Contains(prod, "orders-prod") || strings.Contains(prod, "orders-staging") || strings.Contains(prod, "unlabelled") {
		t.Error("labels/env/prod/ must list orders-prod and no other service")
	}
	if !strings.Contains(prod, "Prod orders down") || strings.Contains(prod, "Staging orders slow") {
		t.Error("labels/env/prod/ must list the prod incident only")
	}
	if strings.Contains(prod, "<script>") {
		t.Error("the label page needs no script to filter")
	}
	staging := read("labels/env/staging-eu/index.html")
	if !strings.Contains(staging, "Staging orders slow") || strings.Contains(staging, "Prod orders down") {
		t.Error("labels/env/staging-eu/ must list the staging incident only")
	}

	var doc struct {
		Services []struct {
			ID     string            `json:"id"`
			Labels map[string]string `json:"labels"`
		} `json:"services"`
	}
	if err := json.Unmarshal([]byte(read("api/slo.json")), &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Services[0].Labels; got["env"] != "prod" || got["source"] != "kafka" || len(got) != 2 {
		t.Errorf("api labels of orders-prod = %v", got)
	}
	if got := doc.Services[2].Labels; got == nil || len(got) != 0 {
		t.Errorf("api labels of unlabelled = %v, want {}", got)
	}
}
