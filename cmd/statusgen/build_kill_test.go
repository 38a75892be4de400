package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/build"
	"github.com/statusgen/statusgen/generator/example"
)

// A build killed (SIGKILL) at 30 random moments leaves public/ holding
// either the previous site or the new one, each complete; the next build
// leaves no temporary folder behind.
func TestBuildKilledLeavesAWholeSite(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "statusgen")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	start := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	if err := example.Write(dir, start); err != nil {
		t.Fatal(err)
	}
	// Many incident pages, so a build spends a while writing files.
	incidents, _ := filepath.Glob(filepath.Join(dir, "incidents", "*.md"))
	for _, f := range incidents {
		b, _ := os.ReadFile(f)
		for i := 0; i < 6; i++ {
			os.WriteFile(strings.TrimSuffix(f, ".md")+"-copy"+string(rune('a'+i))+".md", b, 0o644)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "GITHUB_TOKEN" && k != "STATUSGEN_NOW" && k != "GITHUB_ACTIONS" {
			env = append(env, kv)
		}
	}
	build := func(now time.Time) *exec.Cmd {
		cmd := exec.Command(bin, "build", "-c", filepath.Join(dir, "site.toml"), "--now", now.Format(time.RFC3339))
		cmd.Env = env
		return cmd
	}
	began := time.Now()
	if out, err := build(start).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	// How long a build takes here sets the range of the kill moments; it
	// is not checked.
	took := max(min(time.Since(began), 2*time.Second), 10*time.Millisecond)

	rng := rand.New(rand.NewPCG(10, 1))
	last, completed, leftovers := start, 0, 0
	for i := 1; i <= 30; i++ {
		now := start.Add(time.Duration(i) * time.Minute)
		cmd := build(now)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		cmd.Process.Kill()
		cmd.Wait()
		got := checkWholeSite(t, filepath.Join(dir, "public"))
		switch got {
		case now:
			last = now
			completed++
		case last:
		default:
			t.Fatalf("kill %d: public/ holds the site of %s; want the previous (%s) or the new one (%s)", i, got, last, now)
		}
		if len(tempFolders(dir)) > 0 {
			leftovers++
		}
	}
	t.Logf("30 kills: %d after the new site was in place; %d left temporary folders", completed, leftovers)

	final := start.Add(time.Hour)
	if out, err := build(final).CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, out)
	}
	if got := checkWholeSite(t, filepath.Join(dir, "public")); got != final {
		t.Errorf("the last build's site is of %s, want %s", got, final)
	}
	if left := tempFolders(dir); len(left) > 0 {
		t.Errorf("temporary folders left after the next build: %v", left)
	}
}

// checkWholeSite checks that out holds exactly the files its marker lists,
// every JSON file parses and every page is whole, and returns the time
// its api/slo.json was generated at.
func checkWholeSite(t *testing.T, out string) time.Time {
	t.Helper()
	marker, err := os.ReadFile(filepath.Join(out, build.OutputMarker))
	if err != nil {
		t.Fatalf("public/ has no marker: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(marker), "\n"), "\n")
	if !strings.HasPrefix(lines[0], "# statusgen build") || len(lines) < 50 {
		t.Fatalf("the marker is not whole: %d lines", len(lines))
	}
	listed := map[string]bool{}
	for _, name := range lines[1:] {
		listed[name] = true
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		switch {
		case err != nil:
			t.Fatalf("%s is listed but missing: %v", name, err)
		case strings.HasSuffix(name, ".json") && !json.Valid(b):
			t.Fatalf("%s does not parse", name)
		case strings.HasSuffix(name, ".html") && !bytes.HasSuffix(bytes.TrimSpace(b), []byte("</html>")):
			t.Fatalf("%s is cut short", name)
		}
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(out, p)
		if err == nil && !d.IsDir() && rel != build.OutputMarker && !listed[filepath.ToSlash(rel)] {
			t.Fatalf("%s is in public/ but not in the marker", rel)
		}
		return err
	})
	var doc struct {
		GeneratedAt time.Time `json:"generated_at"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "api", "slo.json"))
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.GeneratedAt
}

// tempFolders returns the names of builds' temporary folders in dir.
func tempFolders(dir string) []string {
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.") {
			names = append(names, e.Name())
		}
	}
	return names
}
