package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// BuildOptions says what to build and where.
type BuildOptions struct {
	Config string    // path to site.toml
	Out    string    // output folder; default: public/ beside site.toml
	Now    time.Time // the moment the figures are computed at
	Strict bool      // fail on errors in snapshots and incidents too
	// CacheDir holds fetched assets (the charting script); default
	// DefaultCacheDir().
	CacheDir string
	// Enrich, when set, runs on the computed site before it is rendered;
	// the command line uses it for the live state of action items' GitHub
	// issues. It must not fail the build.
	Enrich func(*Site)
}

// ErrInputs is returned (wrapped) when the inputs have errors that stop
// the build.
var ErrInputs = errors.New("errors in the inputs")

// Build loads the site, computes every figure, renders every page, and
// swaps the result into place only when all of that succeeded: a failed
// build leaves the previous site untouched. The diagnostics are returned
// in every case, for the caller to print.
func Build(opts BuildOptions) (*Site, Diagnostics, error) {
	site, ds := Load(opts.Config, opts.Now)
	if site == nil || site.ConfigErrors {
		return site, ds, fmt.Errorf("%w: fix site.toml", ErrInputs)
	}
	if opts.Strict && ds.HasErrors() {
		return site, ds, fmt.Errorf("%w (--strict)", ErrInputs)
	}
	site.ChartScript = loadChartScript(opts.CacheDir, &ds)
	if opts.Enrich != nil {
		opts.Enrich(site)
	}
	files, err := site.Render()
	if err != nil {
		return site, ds, err
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join(site.Config.Dir, "public")
	}
	return site, ds, WriteAtomic(out, files)
}

// WriteAtomic writes files into a new folder beside out and renames it
// into place; the previous out is removed only after the swap.
func WriteAtomic(out string, files map[string][]byte) error {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return err
	}
	if err := writeFiles(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = filepath.Join(parent, "."+filepath.Base(out)+".old-"+filepath.Base(tmp)[len(filepath.Base(out))+6:])
		if err := os.Rename(out, old); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("cannot replace %s: %w", out, err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		os.RemoveAll(tmp)
		return fmt.Errorf("cannot move the new site into %s: %w", out, err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

func writeFiles(dir string, files map[string][]byte) error {
	for _, name := range sortedKeys(files) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
