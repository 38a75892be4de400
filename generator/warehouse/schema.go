package warehouse

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/sitefs"
)

// Column is one column of a table, as the warehouse describes it.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// SchemaFile is content/schemas/<service>/<table>.json: a table's columns
// as last recorded.
type SchemaFile struct {
	Table    string   `json:"table"`
	Recorded string   `json:"recorded"` // RFC 3339 UTC: when these columns were first seen
	Columns  []Column `json:"columns"`
}

// readSchema reads a table's columns in their order. A table that does
// not exist is an error.
func readSchema(ctx context.Context, tx *sql.Tx, tbl string) ([]Column, error) {
	schema, name := "public", tbl
	if i := strings.IndexByte(tbl, '.'); i >= 0 {
		schema, name = tbl[:i], tbl[i+1:]
	}
	rows, err := tx.QueryContext(ctx, `SELECT column_name::text, data_type::text FROM information_schema.columns
		WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, schema, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []Column
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Name, &c.Type); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("table %s does not exist (or the user may not see it); check table in site.toml", tbl)
	}
	return cols, nil
}

// Diff lists the changes from old to new columns: removed and type
// changes in the old order, then added ones in the new order.
func Diff(old, new []Column, at time.Time, tbl string) []metrics.SchemaChange {
	was := map[string]string{}
	for _, c := range old {
		was[c.Name] = c.Type
	}
	now := map[string]string{}
	for _, c := range new {
		now[c.Name] = c.Type
	}
	var out []metrics.SchemaChange
	for _, c := range old {
		t, ok := now[c.Name]
		switch {
		case !ok:
			out = append(out, metrics.SchemaChange{Time: at, Table: tbl, Change: "removed", Column: c.Name, OldType: c.Type})
		case t != c.Type:
			out = append(out, metrics.SchemaChange{Time: at, Table: tbl, Change: "type_changed", Column: c.Name, OldType: c.Type, NewType: t})
		}
	}
	for _, c := range new {
		if _, ok := was[c.Name]; !ok {
			out = append(out, metrics.SchemaChange{Time: at, Table: tbl, Change: "added", Column: c.Name, NewType: c.Type})
		}
	}
	return out
}

// recordSchemas compares each schema check's columns with the recorded
// ones, appends the changes to the log, replaces the JSON, sets the
// check's value (the unexpected changes) and writes draft incidents.
func recordSchemas(cfg *config.Config, s *config.Service, rep *Report, now time.Time, dryRun bool) error {
	for _, r := range rep.Results {
		if r.Service != s.ID || r.Check.Kind != config.CheckSchema || !r.OK {
			continue
		}
		k := r.Check
		dir := metrics.SchemaDir(cfg, s.ID)
		jsonPath := filepath.Join(dir, k.Table+".json")
		old, err := readSchemaFile(cfg.Dir, jsonPath)
		if err != nil {
			// A recorded schema that cannot be read is never replaced:
			// the check fails and says why.
			r.OK, r.Values, r.Error = false, nil, err.Error()
			continue
		}
		if old != nil {
			r.Changes = Diff(old.Columns, r.Schema, now, k.Table)
		}
		unexpected := 0
		for i := range r.Changes {
			c := &r.Changes[i]
			c.Expected = s.SchemaChangeExpected(c.Table, c.Change, c.Column)
			if !c.Expected {
				unexpected++
			}
		}
		r.Values[k.Metric] = float64(unexpected)
		if old != nil && len(r.Changes) == 0 || dryRun {
			continue
		}
		if len(r.Changes) > 0 {
			if err := appendChanges(cfg.Dir, filepath.Join(dir, k.Table+".changes.csv"), r.Changes); err != nil {
				return err
			}
			rep.Written = append(rep.Written, diag.RelPath(cfg.Dir, filepath.Join(dir, k.Table+".changes.csv")))
		}
		data, _ := json.MarshalIndent(SchemaFile{Table: k.Table, Recorded: now.Format(time.RFC3339), Columns: r.Schema}, "", "  ")
		if err := replaceFile(cfg.Dir, jsonPath, append(data, '\n')); err != nil {
			return err
		}
		rep.Written = append(rep.Written, diag.RelPath(cfg.Dir, jsonPath))
		if k.Incident && unexpected > 0 {
			path, data := DraftIncident(cfg, s, r.Changes, now)
			switch err := incident.WriteNew(cfg.Dir, path, data); {
			case errors.Is(err, incident.ErrExists):
				rep.Notes = append(rep.Notes, fmt.Sprintf("%s exists already; no draft incident written for the schema change", diag.RelPath(cfg.Dir, path)))
			case err != nil:
				return err
			default:
				rep.Written = append(rep.Written, diag.RelPath(cfg.Dir, path))
			}
		}
	}
	return nil
}

func readSchemaFile(root, path string) (*SchemaFile, error) {
	data, err := sitefs.ReadSiteFile(root, path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	rel := diag.RelPath(root, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", rel, sitefs.ReadProblem(err))
	}
	var f SchemaFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not a recorded schema (%v); fix or remove it, and the next run records the table again", rel, err)
	}
	return &f, nil
}

// appendChanges appends whole lines to a change log (header first when
// new), in one write.
func appendChanges(root, path string, changes []metrics.SchemaChange) error {
	dir, err := sitefs.WritableSiteDir(root, filepath.Dir(path), true)
	if err != nil {
		return err
	}
	rel := diag.RelPath(root, path)
	real := filepath.Join(dir, filepath.Base(path))
	if err := sitefs.CheckWritableFile(rel, real); err != nil {
		return err
	}
	f, err := os.OpenFile(real, os.O_WRONLY|os.O_APPEND|os.O_CREATE|sitefs.ONoFollow, 0o644)
	if err != nil {
		return sitefs.WriteRefusal(rel, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if st.Size() == 0 {
		w.Write(metrics.ChangeLogColumns)
	}
	for _, c := range changes {
		w.Write([]string{c.Time.UTC().Format(time.RFC3339), c.Change, c.Column, c.OldType, c.NewType})
	}
	w.Flush()
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Truncate(st.Size())
		return fmt.Errorf("%s: cannot append: %v; the file was left as it was", rel, err)
	}
	return f.Sync()
}

// replaceFile writes data to path through a temporary file renamed into
// place, so the old file stays whole until the new one is.
func replaceFile(root, path string, data []byte) error {
	dir, err := sitefs.WritableSiteDir(root, filepath.Dir(path), true)
	if err != nil {
		return err
	}
	rel := diag.RelPath(root, path)
	real := filepath.Join(dir, filepath.Base(path))
	if err := sitefs.CheckWritableFile(rel, real); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".schema-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), real)
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// DraftIncident is the draft a schema change writes: its path and text.
func DraftIncident(cfg *config.Config, s *config.Service, changes []metrics.SchemaChange, now time.Time) (string, []byte) {
	tbl := changes[0].Table
	slug := strings.Trim(slugRE.ReplaceAllString(strings.ToLower("schema-change-"+s.ID+"-"+tbl), "-"), "-")
	path := filepath.Join(cfg.Dir, "incidents", now.In(cfg.Location).Format("2006-01-02")+"-"+slug+".md")
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\nservices = [%q]\nseverity = \"minor\"\nstarted = %s\ndraft = true\n+++\n",
		"Unexpected schema change in "+tbl, s.ID, now.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "## Summary\n\n`statusgen check-data` saw the columns of `%s` change at %s (UTC). "+
		"This draft was written for an engineer to check, complete and publish (set draft = false), or delete.\n\n", tbl, now.UTC().Format("2006-01-02 15:04"))
	b.WriteString("## Evidence\n\n| change | column | old type | new type | expected |\n|---|---|---|---|---|\n")
	for _, c := range changes {
		exp := "no"
		if c.Expected {
			exp = "yes"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", c.Change, c.Column, orDash(c.OldType), orDash(c.NewType), exp)
	}
	b.WriteString("\n## Impact\n\n## Root cause\n\n## Resolution\n")
	return path, []byte(b.String())
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
