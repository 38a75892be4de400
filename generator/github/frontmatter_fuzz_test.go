package github

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/incident"
)

// exampleConfig writes the built-in example site and loads it: its
// incidents are the seeds, its services what labels name.
func exampleConfig(f *testing.F) (*config.Config, map[string][]byte) {
	files, err := example.Files(testNow)
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			f.Fatal(err)
		}
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		f.Fatal(ds)
	}
	return cfg, files
}

// parseClean parses an incident file and returns it when it has no
// errors, with the diagnostics.
func parseClean(cfg *config.Config, src []byte) (*incident.Incident, diag.Diagnostics) {
	var ds diag.Diagnostics
	in := incident.Parse(cfg, "incidents/x.md", src, &ds)
	if ds.HasErrors() {
		return nil, ds
	}
	return in, ds
}

// FuzzIncidentFile makes the incident file of an issue, new or from a
// file an engineer edited: a new file parses back into the issue; an
// edited file that parsed keeps parsing and keeps its body byte for byte;
// a second import changes nothing; a file that cannot be updated is one
// without +++ front matter.
func FuzzIncidentFile(f *testing.F) {
	cfg, files := exampleConfig(f)
	svc := "service:" + cfg.Services[0].ID
	add := func(old []byte) {
		// The front matter whole, the body's first lines: small inputs
		// keep the fuzzer fast (it minimises every new input it keeps).
		if _, body, ok := cutFrontMatter(old); ok && len(body) > 300 {
			old = old[:len(old)-len(body)+300]
		} else if !ok && len(old) > 1000 {
			old = old[:1000]
		}
		f.Add(old, "Orders API returned 503s", "Checkout failed.\r\n\r\nWe are on it.", "**Identified:** a bad deploy", "incident,severity:major,"+svc, int64(1793491200), true)
	}
	for name, b := range files {
		if strings.HasPrefix(name, "incidents/") {
			add(b)
		}
	}
	for _, dir := range []string{filepath.Join("..", "..", "incidents"), filepath.Join(realDataDir(f), "postmortems", "cstate-jenkins-infra-status")} {
		md, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		if len(md) == 0 {
			f.Fatalf("no incidents in %s", dir)
		}
		for _, p := range md {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			add(b)
		}
	}
	add([]byte("+++\n" + trickyFrontMatter + "+++\n## Summary\n\nThe engineer's words.\n"))
	// New files.
	f.Add([]byte(nil), " ", "", "Resolved", "Severity/Critical,service:nope", int64(-1), false)
	f.Add([]byte(nil), "Orders API returned 503s", "Checkout failed.\r\n\r\nWe are on it.", "**Identified:** a bad deploy", "incident,severity:major,"+svc, int64(1793491200), true)
	f.Add([]byte(nil), "Warehouse \"late\"\tagain", "", "monitoring - fix deployed\n\nmore", "Major,maintenance,service/"+cfg.Services[1].Name, int64(0), false)

	// Created in 1970..2199-12-30, so that a comment 10 minutes and a close
	// an hour later are still times an incident file may hold (1970–2199).
	span := time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC).Unix()
	f.Fuzz(func(t *testing.T, old []byte, title, body, comment, labels string, created int64, closed bool) {
		ct := time.Unix((created%span+span)%span, 0).UTC()
		is := &gh.Issue{Number: gh.Int(9), Title: &title, Body: &body, CreatedAt: &gh.Timestamp{Time: ct}, State: gh.String("open")}
		if closed {
			is.State, is.ClosedAt = gh.String("closed"), &gh.Timestamp{Time: ct.Add(time.Hour)}
		}
		for _, l := range strings.Split(labels, ",") {
			is.Labels = append(is.Labels, &gh.Label{Name: gh.String(l)})
		}
		comments := []*gh.IssueComment{{ID: gh.Int64(7), Body: &comment, CreatedAt: &gh.Timestamp{Time: ct.Add(10 * time.Minute)}}}
		ref := IssueRef{Repo{"acme", "status"}, 9}
		var ds diag.Diagnostics
		d := toIssueData(ref, is, comments, cfg, &ds)

		// No old file: a new one.
		if len(old) == 0 {
			src, _, err := incidentFile(nil, d, "minor")
			if err != nil {
				t.Fatal(err)
			}
			in, pds := parseClean(cfg, src)
			if d.title == "" {
				if in != nil {
					t.Fatal("a file without title parses")
				}
			} else {
				if in == nil {
					t.Fatalf("the new file does not parse: %v\n%s", pds, src)
				}
				checkIssueFile(t, in, d, src)
			}
			checkIdempotent(t, src, d)
			return
		}

		// An edited file.
		before, _ := parseClean(cfg, old)
		if _, _, ok := cutFrontMatter(old); !ok {
			_, _, err := incidentFile(old, d, "minor")
			switch {
			case err == nil:
				t.Fatal("no error for a file without +++ front matter")
			case before != nil && strings.HasPrefix(strings.TrimPrefix(string(old), "\ufeff"), "+++"):
				t.Fatalf("a file that parses cannot be updated: %v\n%q", err, old)
			}
			return
		}
		src, _, err := incidentFile(old, d, "minor")
		if err != nil {
			if !strings.Contains(err.Error(), "write each update as an [[updates]] table") {
				t.Fatalf("%v\n%s", err, old)
			}
			return
		}
		if before != nil && d.title != "" {
			in, pds := parseClean(cfg, src)
			if in == nil && !strings.Contains(pds.Error(), "is before started") {
				t.Fatalf("the file parsed before the import and does not after: %v\nbefore:\n%s\nafter:\n%s", pds, old, src)
			}
			if in != nil && in.Title != strings.TrimSpace(strings.ToValidUTF8(d.title, "\uFFFD")) {
				t.Fatalf("title %q reads back as %q", d.title, in.Title)
			}
		}
		_, oldBody, _ := cutFrontMatter(old)
		_, newBody, _ := cutFrontMatter(src)
		if oldBody != newBody {
			t.Fatalf("the body changed:\n%q\n%q", oldBody, newBody)
		}
		if in, _ := parseClean(cfg, src); in != nil { // what would not parse is not written
			checkIdempotent(t, src, d)
		}
	})
}

// checkIssueFile checks a new file against the issue it came from.
func checkIssueFile(t *testing.T, in *incident.Incident, d issueData, src []byte) {
	t.Helper()
	sev := d.severity
	if sev == "" {
		sev = "minor"
	}
	valid := func(s string) string { return strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD")) }
	switch {
	case in.Title != valid(d.title):
		t.Fatalf("title %q reads back as %q\n%s", d.title, in.Title, src)
	case in.Severity != sev:
		t.Fatalf("severity %q reads back as %q", sev, in.Severity)
	case len(d.services) > 0 && !slices.Equal(in.Services, d.services):
		t.Fatalf("services %q read back as %q", d.services, in.Services)
	case !in.Started.Equal(d.created.Truncate(time.Second)) || !in.Resolved.Equal(d.closed.Truncate(time.Second)):
		t.Fatalf("started %s, resolved %s read back as %s, %s", d.created, d.closed, in.Started, in.Resolved)
	case len(in.Updates) != len(d.updates):
		t.Fatalf("%d updates read back as %d\n%s", len(d.updates), len(in.Updates), src)
	}
	for i, u := range d.updates {
		if got := in.Updates[i]; got.Status != u.Status || got.Text != valid(u.Text) || !got.Time.Equal(u.Time.Truncate(time.Second)) {
			t.Fatalf("update %+v reads back as %+v", u, got)
		}
	}
}

// checkIdempotent checks that importing the same issue again into its
// file changes nothing.
func checkIdempotent(t *testing.T, src []byte, d issueData) {
	t.Helper()
	again, fields, err := incidentFile(src, d, "minor")
	if err != nil || string(again) != string(src) || len(fields) > 0 {
		t.Fatalf("a second import changes %v (%v):\n%s\nto\n%s", fields, err, src, again)
	}
}

// realDataDir is ../shared/realdata beside the repository; CI provides it.
func realDataDir(f *testing.F) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "realdata"))
	if err != nil {
		f.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		f.Fatalf("the real-data folder is missing (%v); CI provides ../shared/realdata beside the repository", err)
	}
	return dir
}

// FuzzFrontMatterDoc checks the line reader the import edits front matter
// with: it gives back every line as it was.
func FuzzFrontMatterDoc(f *testing.F) {
	f.Add(trickyFrontMatter)
	f.Add("title = \"a\"\r\nx = '''\n[[updates]]\n'''\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, fm string) {
		want := strings.TrimSuffix(fm, "\n") + "\n"
		if got := parseFrontMatterDoc(fm).String(); got != want {
			t.Fatalf("%q reads back as %q", fm, got)
		}
	})
}
