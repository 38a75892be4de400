package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/testsite"
)

// runCLI runs statusgen in-process with the given environment variables
// and a clock fixed at 2026-11-23T12:00:00Z.
func runCLI(t *testing.T, envVars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb,
		getenv: func(k string) string { return envVars[k] },
		clock:  func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	code = run(args, e)
	return code, out.String(), errb.String()
}

func TestUsageAndExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
		out  string // expected in stdout or stderr
	}{
		{nil, exitUsage, "Commands:"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"help"}, exitOK, "Commands:"},
		{[]string{"build", "--help"}, exitOK, "Usage: statusgen build"},
		{[]string{"check", "-h"}, exitOK, "-strict"},
		{[]string{"demo", "--help"}, exitOK, "Usage: statusgen demo"},
		{[]string{"build", "--no-such-flag"}, exitUsage, "flag provided but not defined"},
		{[]string{"build", "--now", "yesterday"}, exitUsage, "not an RFC 3339 time"},
		{[]string{"build", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"version"}, exitOK, "statusgen "},
		{[]string{"build", "-c", "/nonexistent/site.toml"}, exitInputs, "cannot read the site configuration"},
	}
	for _, c := range cases {
		code, out, errOut := runCLI(t, nil, c.args...)
		if code != c.code || !strings.Contains(out+errOut, c.out) {
			t.Errorf("statusgen %v: exit %d, want %d; output should contain %q:\n%s%s", c.args, code, c.code, c.out, out, errOut)
		}
	}
}

// Flags are accepted before and after positional arguments, and --now
// falls back to STATUSGEN_NOW.
func TestDemoFlagsAnywhereAndNowFromEnv(t *testing.T) {
	base := t.TempDir()
	a, b, c := filepath.Join(base, "a"), filepath.Join(base, "b"), filepath.Join(base, "c")
	now := "2026-11-23T12:00:00Z"
	for _, args := range [][]string{{"demo", "--now", now, a}, {"demo", b, "--now", now}} {
		code, out, errOut := runCLI(t, nil, args...)
		if code != exitOK {
			t.Fatalf("statusgen %v: exit %d\n%s%s", args, code, out, errOut)
		}
		// The status in words, as the pages say it.
		if !strings.Contains(out, "overall status: Partial outage\n") {
			t.Errorf("demo says %q; want \"overall status: Partial outage\"", out)
		}
	}
	if code, _, errOut := runCLI(t, map[string]string{"STATUSGEN_NOW": now}, "demo", c); code != exitOK {
		t.Fatalf("demo with STATUSGEN_NOW: %s", errOut)
	}
	ja, _ := os.ReadFile(filepath.Join(a, "public", "api", "slo.json"))
	jb, _ := os.ReadFile(filepath.Join(b, "public", "api", "slo.json"))
	jc, _ := os.ReadFile(filepath.Join(c, "public", "api", "slo.json"))
	if len(ja) == 0 || !bytes.Equal(ja, jb) || !bytes.Equal(ja, jc) {
		t.Error("the same now, given three ways, gave different sites")
	}
	if !bytes.Contains(ja, []byte(`"generated_at": "2026-11-23T12:00:00Z"`)) {
		t.Error("slo.json does not carry the given now")
	}
}

// demo never writes into a folder of the user's unless told to, and may
// rewrite its own.
func TestDemoProtectsUserFolders(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine"), 0o644)
	code, _, errOut := runCLI(t, nil, "demo", "--now", "2026-11-23T12:00:00Z", dir)
	if code != exitInputs || !strings.Contains(errOut, "--overwrite") {
		t.Fatalf("demo into a user's folder: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		t.Fatal("demo wrote into a user's folder")
	}
	own := filepath.Join(t.TempDir(), "demo")
	for _, now := range []string{"2026-11-23T12:00:00Z", "2026-12-01T08:00:00Z"} {
		if code, _, errOut := runCLI(t, nil, "demo", "--now", now, own); code != exitOK {
			t.Fatalf("demo at %s: %s", now, errOut)
		}
	}
	// The second run replaced the first one's dated incidents.
	entries, _ := os.ReadDir(filepath.Join(own, "incidents"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "2026-11-23") {
			t.Errorf("an incident of the first run survived: %s", e.Name())
		}
	}
}

// A plain build skips unreadable rows, says how many, and exits 0; check
// and build --strict exit 1.
func TestBuildWarnsCheckFails(t *testing.T) {
	dir := testsite.Write(t, `
-- site.toml --
[[service]]
id = "api"
owner = "Team"
  [[service.slo]]
  id = "up"
  objective = 99
-- content/metrics/api/a.csv --
time,status
2026-11-23T11:00:00Z,up
2026-11-23T11:05:00Z,sideways
`)
	cfg := filepath.Join(dir, "site.toml")
	now := "2026-11-23T12:00:00Z"
	code, out, errOut := runCLI(t, nil, "build", "-c", cfg, "--now", now)
	if code != exitOK || !strings.Contains(out, "skipped 1 unreadable snapshot row") ||
		!strings.Contains(errOut, `content/metrics/api/a.csv:3:2: status "sideways"`) {
		t.Errorf("build: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if code, _, _ := runCLI(t, nil, "build", "-c", cfg, "--now", now, "--strict"); code != exitInputs {
		t.Errorf("build --strict: exit %d, want 1", code)
	}
	code, out, errOut = runCLI(t, nil, "check", "-c", cfg, "--now", now, "--format", "github")
	if code != exitInputs || !strings.Contains(out, "::error file=content/metrics/api/a.csv,line=3,col=2::") {
		t.Errorf("check --format github: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	code, out, _ = runCLI(t, map[string]string{"GITHUB_ACTIONS": "true"}, "check", "-c", cfg, "--now", now)
	if !strings.Contains(out, "::error ") {
		t.Errorf("check inside GitHub Actions prints no annotations: %s", out)
	}
}
