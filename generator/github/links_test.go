package github

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/sitefs"
)

// An incident file the import would update is never written through a
// link, even one that stays inside the site: the link and the file behind
// it are left as they were, in a dry run too, and the error names the
// file and says what to do.
func TestImportWritesNoIncidentThroughALink(t *testing.T) {
	for _, dryRun := range []bool{false, true} {
		client, srv, _ := newTestClient(t)
		seedIncidents(srv)
		cfg := writeSite(t)
		old := "+++\ntitle = \"Old\"\nsource = \"github:acme/status#1\"\n+++\nmine\n"
		target := filepath.Join(cfg.Dir, "docs", "old.md")
		os.MkdirAll(filepath.Dir(target), 0o755)
		if err := os.WriteFile(target, []byte(old), 0o644); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(cfg.Dir, "incidents", "2026-11-03-old.md")
		os.MkdirAll(filepath.Dir(link), 0o755)
		if err := os.Symlink("../docs/old.md", link); err != nil {
			t.Fatal(err)
		}
		_, _, err := client.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: cfg, DryRun: dryRun})
		if !errors.Is(err, sitefs.ErrLink) || !strings.HasPrefix(err.Error(), "incidents/2026-11-03-old.md: ") ||
			!strings.Contains(err.Error(), "replace the link with a copy of the file") {
			t.Errorf("dry run %v: err = %v, want the link refused", dryRun, err)
		}
		if b, _ := os.ReadFile(target); string(b) != old {
			t.Errorf("dry run %v: the file behind the link was changed:\n%s", dryRun, b)
		}
		if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("dry run %v: the link was replaced", dryRun)
		}
	}
}

// An incidents/ folder linked to nowhere is refused with its name, and
// nothing is created where it leads.
func TestImportRefusesADanglingIncidentsFolder(t *testing.T) {
	client, srv, _ := newTestClient(t)
	seedIncidents(srv)
	cfg := writeSite(t)
	outside := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "incidents"), filepath.Join(cfg.Dir, "incidents")); err != nil {
		t.Fatal(err)
	}
	_, _, err := client.ImportIssues(context.Background(), ImportOptions{Repo: Repo{"acme", "status"}, Config: cfg})
	if !errors.Is(err, sitefs.ErrLink) || !strings.HasPrefix(err.Error(), "incidents: ") {
		t.Errorf("err = %v, want the link to nowhere refused", err)
	}
	if es, _ := os.ReadDir(outside); len(es) != 0 {
		t.Errorf("%d files created outside the site", len(es))
	}
}
