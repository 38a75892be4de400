package warehouse

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/testsite"
)

// A daily volume whose newest value drops 90% writes a draft incident
// with the evidence; a second run leaves the (edited) draft alone, and a
// value inside its band writes nothing.
func TestDraftAnomalies(t *testing.T) {
	var rows strings.Builder
	rows.WriteString("time,rows\n")
	start := time.Date(2026, 10, 22, 6, 0, 0, 0, time.UTC) // a Thursday
	for d := 0; d < 29; d++ {
		v := 50000 + 1000*(d%2)
		if d == 28 {
			v = 5000 // Thursday 19 November, the newest row
		}
		fmt.Fprintf(&rows, "%s,%d\n", start.AddDate(0, 0, d).Format(time.RFC3339), v)
	}
	path := testsite.SiteFiles(t, map[string]string{
		"site.toml": `title = "T"
[[service]]
id = "load"
name = "Orders load"
  [[service.slo]]
  id = "volume"
  name = "Normal volume"
  indicator = "anomaly"
  column = "rows"
  season = "day_of_week"
  objective = 90
  draft_incident = true
`,
		"content/metrics/load/2026.csv": rows.String(),
	})
	dir := filepath.Dir(path)
	cfg := load(t, dir)
	now := time.Date(2026, 11, 19, 6, 0, 0, 0, time.UTC) // the newest row is at now: it counts
	var ds diag.Diagnostics
	found, written, notes, err := DraftAnomalies(cfg, now, false, &ds)
	if err != nil || len(ds) != 0 {
		t.Fatal(err, ds)
	}
	// Past Thursdays d = 21, 14, 7, 0 held 51,000, 50,000, 51,000, 50,000:
	// median 50,500, MAD 500; 3 × 500 = 1,500 < 5% = 2,525 → 47,975 … 53,025.
	if len(found) != 1 || found[0].Value != 5000 || found[0].Band.Lo != 47975 || found[0].Band.Hi != 53025 || len(written) != 1 || len(notes) != 0 {
		t.Fatalf("found %+v written %v notes %v", found, written, notes)
	}
	draft := filepath.Join(dir, "incidents", "2026-11-19-anomaly-load-volume.md")
	body, _ := os.ReadFile(draft)
	for _, want := range []string{`title = "Unusual rows in Orders load"`, `services = ["load"]`, "started = 2026-11-19T06:00:00Z", "draft = true",
		"| value | 5,000 |", "| expected | 47,975 – 53,025 |", "median 50,500 of 4 past weeks"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("draft lacks %q:\n%s", want, body)
		}
	}
	os.WriteFile(draft, []byte("edited by hand"), 0o644)
	_, written, notes, err = DraftAnomalies(cfg, now.Add(time.Hour), false, &ds)
	if b, _ := os.ReadFile(draft); err != nil || string(b) != "edited by hand" || len(written) != 0 || len(notes) != 1 {
		t.Errorf("second run: %v %v %v %q", err, written, notes, b)
	}
	// The day before, the newest value (18 Nov, 51,000 vs 50,500 ± 2,525) is normal.
	found, _, _, _ = DraftAnomalies(cfg, now.Add(-time.Hour), false, &ds)
	if len(found) != 0 {
		t.Errorf("found %+v before the drop", found)
	}
}
