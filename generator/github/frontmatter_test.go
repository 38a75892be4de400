package github

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/example"
	"github.com/statusgen/statusgen/generator/incident"
)

// A front matter an engineer wrote by hand, with the TOML forms that
// trip a line-based reader: a multi-line array, multi-line strings that
// hold "[[updates]]" and "key = value" lines, a comment with quotes, and
// an update of their own.
const trickyFrontMatter = `# Written by hand; "quotes" and [brackets] in a comment.
source    = "github:acme/status#9"   # linked by hand
title     = "Old title"
services  = [
  "orders-api", # the API
  "warehouse",
]
severity  = 'minor'
started   = 2026-11-03T09:12:00Z
owner     = """
Payments team
[[updates]]
resolved = 2026-01-01T00:00:00Z
"""

[[updates]]
time   = 2026-11-03T09:15:00Z
status = "investigating"
text   = '''
Seen on the dashboard first.
title = "not a key"
'''

[[actions]]
text = "Write the runbook" # [[updates]]
done = false
`

func TestIncidentFileKeepsWhatItDoesNotOwn(t *testing.T) {
	old := "+++\n" + trickyFrontMatter + "+++\n## Summary\n\nThe engineer's words.\n"
	d := issueData{
		ref: IssueRef{Repo{"acme", "status"}, 9}, title: "New title", severity: "major",
		services: []string{"orders-api"}, created: at("2026-11-03T09:20:00Z"), closed: at("2026-11-03T10:30:00Z"),
		updates: []importedUpdate{{Source: "github:acme/status#9/closed", Time: at("2026-11-03T10:30:00Z"), Status: "resolved", Text: "Resolved."}},
	}
	got, fields, err := incidentFile([]byte(old), d, "minor")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(fields, ",") != "title,severity,services,resolved,updates" {
		t.Errorf("fields = %v", fields)
	}
	want := "+++\n" + strings.NewReplacer(
		`title     = "Old title"`, `title     = "New title"`,
		"services  = [\n  \"orders-api\", # the API\n  \"warehouse\",\n]", `services = ["orders-api"]`,
		`severity  = 'minor'`, `severity  = "major"`,
		"started   = 2026-11-03T09:12:00Z\n", "started   = 2026-11-03T09:12:00Z\nresolved = 2026-11-03T10:30:00Z\n",
	).Replace(trickyFrontMatter) + `
[[updates]]
source = "github:acme/status#9/closed"
time   = 2026-11-03T10:30:00Z
status = "resolved"
text   = "Resolved."
+++
## Summary

The engineer's words.
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	cfg := writeSite(t)
	var ds diag.Diagnostics
	in := incident.Parse(cfg, "incidents/x.md", got, &ds)
	if in == nil {
		t.Fatalf("result does not parse: %v", ds)
	}
	if len(in.Updates) != 2 || len(in.Actions) != 1 || !strings.HasPrefix(in.Owner, "Payments team") {
		t.Errorf("parsed = %+v", in)
	}
	// Again: byte for byte the same.
	again, fields, _ := incidentFile(got, d, "minor")
	if string(again) != string(got) || fields != nil {
		t.Errorf("second pass changed %v", fields)
	}
}

// The example site's incidents, linked to an issue by hand, survive an
// import: only the lines of keys GitHub owns change, and the body is
// untouched.
func TestIncidentFileOnTheExampleIncidents(t *testing.T) {
	files, err := example.Files(testNow)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range files {
		if strings.HasPrefix(name, "incidents/") && strings.HasSuffix(name, ".md") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) < 3 {
		t.Fatalf("example has %d incidents", len(names))
	}
	dir := t.TempDir()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, b, 0o644)
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for i, name := range names {
		src := string(files[name])
		if !strings.HasPrefix(src, "+++\n") {
			continue
		}
		linked := "+++\nsource = \"github:acme/status#" + string(rune('1'+i)) + "\"\n" + src[4:]
		ref := IssueRef{Repo{"acme", "status"}, i + 1}
		d := issueData{ref: ref, title: "Retitled on GitHub", created: testNow,
			updates: []importedUpdate{{Source: Source(ref) + "/comment/1", Time: testNow, Status: "investigating", Text: "From GitHub."}}}
		got, _, err := incidentFile([]byte(linked), d, "minor")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var pds diag.Diagnostics
		if incident.Parse(cfg, name, got, &pds) == nil {
			t.Errorf("%s does not parse after import: %v", name, pds)
		}
		_, oldBody, _ := cutFrontMatter([]byte(linked))
		_, newBody, _ := cutFrontMatter(got)
		if oldBody != newBody {
			t.Errorf("%s: the body changed", name)
		}
		// Removed lines: the title, and resolved when the file had it
		// (the issue is open). Added: the title and the update.
		oldSet := map[string]bool{}
		for _, l := range strings.Split(linked, "\n") {
			oldSet[l] = true
		}
		newSet := map[string]bool{}
		for _, l := range strings.Split(string(got), "\n") {
			newSet[l] = true
			if !oldSet[l] && l != "" && !strings.Contains(l, "Retitled on GitHub") && !strings.HasPrefix(l, "[[updates]]") &&
				!strings.Contains(l, "/comment/1") && !strings.Contains(l, "From GitHub.") && !strings.HasPrefix(l, "time   = ") && !strings.HasPrefix(l, "status = ") {
				t.Errorf("%s: unexpected new line %q", name, l)
			}
		}
		for l := range oldSet {
			if !newSet[l] && !strings.HasPrefix(l, "title") && !strings.HasPrefix(l, "resolved") {
				t.Errorf("%s: lost line %q", name, l)
			}
		}
	}
}
