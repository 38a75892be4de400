package metrics

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// Schema change logs: content/schemas/<service>/<table>.changes.csv, one
// line per column added, removed or retyped, as `statusgen check-data`
// writes them (generator/warehouse). They are read here, beside the
// snapshots, for the model.

// SchemaChange is one line of the change log
// content/schemas/<service>/<table>.changes.csv.
type SchemaChange struct {
	Time    time.Time
	Table   string
	Change  string // added, removed or type_changed
	Column  string
	OldType string
	NewType string
	// Expected is whether site.toml lists the change in
	// expected_schema_changes (not stored: read from site.toml).
	Expected bool
}

// ChangeLogColumns is the header of a change log.
var ChangeLogColumns = []string{"time", "change", "column", "old_type", "new_type"}

// SchemaDir is where a service's schema files live.
func SchemaDir(cfg *config.Config, service string) string {
	return filepath.Join(cfg.Dir, "content", "schemas", service)
}

// ReadChanges reads a service's change logs, oldest first; bad lines are
// reported and skipped.
func ReadChanges(cfg *config.Config, service string, ds *diag.Diagnostics) []SchemaChange {
	dir := SchemaDir(cfg, service)
	real, err := sitefs.SiteDir(cfg.Dir, dir)
	if err != nil {
		return nil
	}
	entries, _ := os.ReadDir(real)
	svc := cfg.Service(service)
	var out []SchemaChange
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".changes.csv") {
			continue
		}
		tbl := strings.TrimSuffix(name, ".changes.csv")
		path := filepath.Join(dir, name)
		rel := diag.RelPath(cfg.Dir, path)
		data, err := sitefs.ReadSiteFile(cfg.Dir, path)
		if err != nil {
			ds.Errorf(rel, 0, 0, "%s", sitefs.ReadProblem(err))
			continue
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			ds.Errorf(rel, 0, 0, "cannot read: %v", err)
			continue
		}
		for i, rec := range recs {
			if i == 0 {
				continue
			}
			if len(rec) != len(ChangeLogColumns) {
				ds.Warnf(rel, i+1, 1, "%d cells, but a change log line has %d (%s)", len(rec), len(ChangeLogColumns), strings.Join(ChangeLogColumns, ","))
				continue
			}
			t, err := time.Parse(time.RFC3339, rec[0])
			if err != nil {
				ds.Warnf(rel, i+1, 1, "time %q is not RFC 3339", rec[0])
				continue
			}
			c := SchemaChange{Time: t.UTC(), Table: tbl, Change: rec[1], Column: rec[2], OldType: rec[3], NewType: rec[4]}
			if svc != nil {
				c.Expected = svc.SchemaChangeExpected(tbl, c.Change, c.Column)
			}
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out
}
