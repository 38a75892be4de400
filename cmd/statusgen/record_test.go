package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/github/githubtest"
)

const recordSite = `title = "T"
base_url = "https://s.example.com/"

[[service]]
id = "etl"
name = "Nightly ETL"
  [[service.slo]]
  id = "runs"
  indicator = "ratio"
  objective = 99
`

func TestRecordCommand(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(recordSite), 0o644)
	code, out, errs := runCLI(t, nil, "record", "-c", dir, "--service", "etl", "--time", "2026-11-23T02:10:00Z", "good=41", "total=42", "--now", "2026-11-23T12:00:00Z")
	if code != exitOK || out != "recorded content/metrics/etl/2026-11.csv: 2026-11-23T02:10:00Z,41,42\n" {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCLI(t, nil, "record", "-c", dir, "--service", "etl", "--time", "1795399800", "good=41", "total=42", "--now", "2026-11-23T12:00:00Z")
	if code != exitOK || !strings.Contains(out, "already has a row at 2026-11-23T02:10:00Z; nothing written") {
		t.Errorf("the same time again: exit %d\n%s", code, out)
	}
	code, _, errs = runCLI(t, nil, "record", "-c", dir, "--service", "etl", "good=50", "total=42")
	if code != exitInputs || !strings.Contains(errs, "good=50 is more than total=42") || !strings.Contains(errs, "nothing was written") {
		t.Errorf("good > total: exit %d\n%s", code, errs)
	}
	if code, _, errs = runCLI(t, nil, "record", "-c", dir, "good=1"); code != exitUsage || !strings.Contains(errs, "--service") {
		t.Errorf("no --service: exit %d\n%s", code, errs)
	}
	if code, _, errs = runCLI(t, nil, "record", "-c", dir, "--service", "etl", "good"); code != exitUsage || !strings.Contains(errs, "not column=value") {
		t.Errorf("no =: exit %d\n%s", code, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/metrics/etl/2026-11.csv"))
	if string(b) != "time,good,total\n2026-11-23T02:10:00Z,41,42\n" {
		t.Errorf("file:\n%s", b)
	}
}

// A job sends the dispatch docs/push.md shows (against the GitHub
// stand-in); the event GitHub then hands the workflow run is recorded by
// the step status.yml runs, and becomes one row.
func TestRecordRepositoryDispatch(t *testing.T) {
	gh := githubtest.New(func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) })
	defer gh.Close()
	gh.Token = "ghp_test"
	payload := `{"event_type": "statusgen-record", "client_payload": {"service": "etl", "time": "2026-11-23T02:10:00Z", "values": {"good": 41, "total": 42}}}`
	send := func(token string) int {
		req, _ := http.NewRequest(http.MethodPost, gh.URL+"repos/acme/status/dispatches", bytes.NewBufferString(payload))
		req.Header.Set("Accept", "application/vnd.github+json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := send("wrong"); code != http.StatusUnauthorized {
		t.Fatalf("without the token: %d", code)
	}
	if code := send(gh.Token); code != http.StatusNoContent {
		t.Fatalf("dispatch: %d", code)
	}
	ds := gh.Dispatches("acme/status")
	if len(ds) != 1 || ds[0].EventType != "statusgen-record" {
		t.Fatalf("dispatches: %+v", ds)
	}

	// The workflow accepts the event and runs the command this test runs.
	wf, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "status.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"repository_dispatch:", "types: [statusgen-record]", "record: ${{ github.event_name == 'repository_dispatch' }}"} {
		if !strings.Contains(string(wf), want) {
			t.Errorf("status.yml lacks %q", want)
		}
	}
	sh, err := os.ReadFile(filepath.Join("..", "..", "action", "record-and-commit.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`statusgen record -c "$CONFIG" --event "$GITHUB_EVENT_PATH" --now "$now"`, `git add -A "$metrics"`} {
		if !strings.Contains(string(sh), want) {
			t.Errorf("the Action's record step lacks %q", want)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(recordSite), 0o644)
	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, ds[0].Event(), 0o644)
	for range 2 { // a retried run records the row once
		if code, out, errs := runCLI(t, nil, "record", "-c", dir, "--event", event, "--now", "2026-11-23T12:00:07Z"); code != exitOK {
			t.Fatalf("record --event: exit %d\n%s%s", code, out, errs)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/metrics/etl/2026-11.csv"))
	if string(b) != "time,good,total\n2026-11-23T02:10:00Z,41,42\n" {
		t.Errorf("file:\n%s", b)
	}
}
