package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCollectCommand(t *testing.T) {
	s := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC).Unix()
	good, total := map[int64]string{}, map[int64]string{}
	for m := int64(-120); m <= 120; m += 5 {
		good[s+m*60], total[s+m*60] = "9", "10"
	}
	srv := fakePrometheus(t, good, total)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(fmt.Sprintf(`title = "T"
base_url = "https://s.example.com/"

[[service]]
id = "api"
name = "API"
  [service.source]
  url = %q
  good = "good"
  total = "total"
  backfill = "20m"
  [service.source.header_env]
  X-Scope-OrgID = "TEST_TENANT"

[[service]]
id = "web"
name = "Web"
`, srv.URL)), 0o644)
	code, out, errs := runCLI(t, nil, "collect", "-c", dir, "--now", "2026-11-23T12:00:00Z")
	if code != exitInputs || !strings.Contains(errs, "the environment variable TEST_TENANT is not set") {
		t.Fatalf("without the tenant: exit %d\n%s%s", code, out, errs)
	}
	env := map[string]string{"TEST_TENANT": "acme"}
	code, out, errs = runCLI(t, env, "collect", "-c", dir, "--now", "2026-11-23T12:00:00Z")
	if code != exitOK || !strings.Contains(out, "api: added 4 row(s), steps 2026-11-23T11:40:00Z to 2026-11-23T11:55:00Z (4 steps, 2 request(s))") ||
		!strings.Contains(out, "content/metrics/api/source-2026-11.csv: 4 row(s)") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCLI(t, env, "collect", "-c", dir, "--now", "2026-11-23T12:01:00Z")
	if code != exitOK || !strings.Contains(out, "api: no step due (newest row 2026-11-23T11:55:00Z)") {
		t.Errorf("nothing due: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, env, "collect", "-c", dir, "--now", "2026-11-23T12:15:00Z")
	if code != exitOK || !strings.Contains(out, "api: added 3 row(s), steps 2026-11-23T12:00:00Z to 2026-11-23T12:10:00Z") {
		t.Errorf("15 minutes later: exit %d\n%s", code, out)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/metrics/api/source-2026-11.csv"))
	if strings.Count(string(b), "\n") != 8 || !strings.HasPrefix(string(b), "time,good,total\n2026-11-23T11:40:00Z,9,10\n") {
		t.Errorf("file:\n%s", b)
	}
	// Two days later with backfill 20m: the run starts at now − backfill
	// and says the steps in between were not fetched.
	code, out, _ = runCLI(t, env, "collect", "-c", dir, "--now", "2026-11-25T12:00:00Z")
	if code != exitOK || !strings.Contains(out, "api: added 0 row(s), steps 2026-11-25T11:40:00Z to 2026-11-25T11:55:00Z (4 steps, 2 request(s)), 4 without data") ||
		!strings.Contains(out, "note: the newest row (2026-11-23T12:10:00Z) is older than backfill") {
		t.Errorf("after a gap: exit %d\n%s", code, out)
	}
	// The scheduled workflow collects after probing, through the Action.
	if sh, err := os.ReadFile(filepath.Join("..", "..", "action", "probe-and-commit.sh")); err != nil || !strings.Contains(string(sh), "\n  statusgen collect -c \"$CONFIG\" ||") {
		t.Errorf("the Action's probe step does not run statusgen collect: %v", err)
	}
	if wf, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "status.yml")); err != nil || !strings.Contains(string(wf), "probe: ${{ github.event_name != 'push' && github.event_name != 'repository_dispatch' }}") {
		t.Errorf("status.yml does not probe on scheduled runs: %v", err)
	}
	if code, _, errs := runCLI(t, env, "collect", "-c", dir, "--service", "web"); code != exitUsage || !strings.Contains(errs, `no service "web" with a [service.source]`) {
		t.Errorf("--service web: exit %d %s", code, errs)
	}
}
