package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/statusgen/statusgen/generator/chartscript"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/html"
	"github.com/statusgen/statusgen/generator/site"
)

// Options says what to build and where.
type Options struct {
	Config string    // path to site.toml
	Out    string    // output folder; default: public/ beside site.toml
	Now    time.Time // the moment the figures are computed at
	Strict bool      // fail on errors in snapshots and incidents too
	// CacheDir holds fetched assets (the charting script); default
	// DefaultCacheDir().
	CacheDir string
	// Cache reads the snapshots through the build cache in
	// .statusgen/cache/ beside site.toml (site.LoadOptions).
	Cache bool
	// Enrich, when set, runs on the computed site before it is rendered;
	// the command line uses it for the live state of action items' GitHub
	// issues. It must not fail the build.
	Enrich func(*site.Site)
}

// ErrInputs is returned (wrapped) when the inputs have errors that stop
// the build.
var ErrInputs = errors.New("errors in the inputs")

// Build loads the site, computes every figure, renders every page, and
// swaps the result into place only when all of that succeeded: a failed
// build leaves the previous site untouched. An output folder it may not
// replace (see CheckOutput) is refused before anything is read. The
// diagnostics are returned in every case, for the caller to print.
func Build(opts Options) (*site.Site, diag.Diagnostics, error) {
	out := opts.Out
	if out == "" {
		out = filepath.Join(filepath.Dir(opts.Config), "public")
	}
	if err := CheckOutput(out, opts.Config); err != nil {
		return nil, nil, err
	}
	st, ds := site.LoadWith(opts.Config, opts.Now, site.LoadOptions{Cache: opts.Cache})
	if st == nil || st.ConfigErrors {
		return st, ds, fmt.Errorf("%w: fix site.toml", ErrInputs)
	}
	if opts.Strict && ds.HasErrors() {
		return st, ds, fmt.Errorf("%w (--strict)", ErrInputs)
	}
	st.ChartScript = chartscript.LoadForBuild(opts.CacheDir, &ds)
	if opts.Enrich != nil {
		opts.Enrich(st)
	}
	// Pages are written into the new folder as they are rendered, several
	// at a time, so the whole site is never held in memory.
	return st, ds, writeAtomic(out, opts.Config, func(emit html.Emit) error { return FilesTo(st, emit) })
}

// OutputMarker is the file a build writes into its output folder. It
// lists every file the build wrote there; the next build replaces the
// folder only if it holds nothing else.
const OutputMarker = ".statusgen-build"

// outputMarkerHeader is the marker's first line: a marker without it was
// not written by a build.
const outputMarkerHeader = "# statusgen build wrote this folder and replaces it whole on the next build; it wrote these files, and will not remove any other:"

// ErrUnsafeOutput is returned (wrapped, with the reason) for an output
// folder a build may not replace: one that is, holds or lies inside the
// site's own files, or holds files no build wrote.
var ErrUnsafeOutput = errors.New("refusing to write the site")

// The folders of the site that a build reads, and why they are never an
// output.
var siteFolders = map[string]string{
	"content":   "the site's content/ folder (snapshots and pages)",
	"incidents": "the site's incidents/ folder (postmortems)",
	"templates": "the site's templates/ folder",
}

// CheckOutput reports, as an ErrUnsafeOutput, why out may not be replaced
// by a build of the site configured by config, or nil if it may. Paths
// are compared absolute, with symbolic links resolved, so a link or a
// detour through ".." is judged by the folder it leads to.
//
// Refused: the site folder and its ancestors; content/, incidents/,
// templates/ and the configuration file, and anything inside them; any
// path through a .git folder; something that exists and is not a folder;
// a non-empty folder without a build's marker, except public/ beside
// site.toml holding a statusgen site (written by a statusgen older than
// the marker); and a marked folder that holds anything its marker does
// not list.
func CheckOutput(out, config string) error {
	refuse := func(format string, args ...any) error {
		return fmt.Errorf("%w into %s: "+format, append([]any{ErrUnsafeOutput, out}, args...)...)
	}
	abs, err := resolvePath(out)
	if err != nil {
		return refuse("%v", err)
	}
	siteDir, err := resolvePath(filepath.Dir(config))
	if err != nil {
		return refuse("%v", err)
	}
	cfg, err := resolvePath(config)
	if err != nil {
		return refuse("%v", err)
	}
	name := filepath.Base(config)
	if abs == siteDir || within(siteDir, abs) {
		return refuse("it is the site folder or holds it (%s), and a build replaces its output whole; choose a folder of its own, such as public/ beside %s", siteDir, name)
	}
	// Names compare without case: on macOS and Windows "Content" is
	// content/.
	for _, part := range strings.Split(filepath.ToSlash(abs), "/") {
		if strings.EqualFold(part, ".git") {
			return refuse("it is in a .git folder; choose another output folder")
		}
	}
	if abs == cfg || within(abs, cfg) {
		return refuse("it is the site configuration %s; choose another output folder", name)
	}
	if within(abs, siteDir) {
		rel, _ := filepath.Rel(siteDir, abs)
		first := strings.Split(filepath.ToSlash(rel), "/")[0]
		if why, ok := siteFolders[strings.ToLower(first)]; ok {
			return refuse("it is or lies in %s; choose another output folder, such as public/ beside %s", why, name)
		}
		if strings.EqualFold(first, name) {
			return refuse("it is the site configuration %s; choose another output folder", name)
		}
	}
	st, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return refuse("%v", err)
	}
	if !st.IsDir() {
		return refuse("it exists and is not a folder; choose a new or empty folder")
	}
	written, marked, err := readOutputMarker(abs)
	if err != nil {
		return refuse("%v", err)
	}
	if !marked {
		entries, err := os.ReadDir(abs)
		if err != nil {
			return refuse("%v", err)
		}
		if len(entries) == 0 || (abs == filepath.Join(siteDir, "public") && looksLikeOldOutput(abs)) {
			return nil
		}
		return refuse("it holds files no statusgen build wrote (it has no %s); remove it, or choose a new or empty folder", OutputMarker)
	}
	if extra := unlisted(abs, written); extra != "" {
		return refuse("%s is in it, and no statusgen build wrote it; move it out (a build replaces its output folder whole), or choose another output folder", extra)
	}
	return nil
}

// resolvePath returns p absolute and clean, with the symbolic links of its
// longest existing prefix resolved: the path the system acts on.
func resolvePath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether p lies inside dir; both are absolute and
// clean.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// readOutputMarker returns the files the marker in dir lists, and whether
// dir holds a build's marker at all.
func readOutputMarker(dir string) (map[string]bool, bool, error) {
	p := filepath.Join(dir, OutputMarker)
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !st.Mode().IsRegular() {
		return nil, false, nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false, err
	}
	lines := strings.Split(string(data), "\n")
	if lines[0] != outputMarkerHeader {
		return nil, false, nil
	}
	written := map[string]bool{}
	for _, l := range lines[1:] {
		if l != "" {
			written[l] = true
		}
	}
	return written, true, nil
}

// outputMarker is the marker's content for the files a build writes, in
// order.
func outputMarker(names []string) []byte {
	var b strings.Builder
	b.WriteString(outputMarkerHeader + "\n")
	for _, name := range names {
		b.WriteString(name + "\n")
	}
	return []byte(b.String())
}

// unlisted returns the first thing in dir that is neither a file the
// marker lists nor a folder holding one, as a path relative to dir; ""
// if there is none.
func unlisted(dir string, written map[string]bool) string {
	folders := map[string]bool{}
	for name := range written {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			folders[d] = true
		}
	}
	extra := ""
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case err != nil:
			extra = rel // unreadable: not known to be ours
		case rel == ".":
			return nil
		case rel == OutputMarker && d.Type().IsRegular():
			return nil
		case d.IsDir() && folders[rel]:
			return nil
		case d.Type().IsRegular() && written[rel]:
			return nil
		default:
			extra = rel
		}
		return filepath.SkipAll
	})
	return filepath.FromSlash(extra)
}

// looksLikeOldOutput reports whether dir holds a site written by a
// statusgen older than the marker: an index.html and an api/slo.json, and
// no .git anywhere.
func looksLikeOldOutput(dir string) bool {
	for _, f := range []string{"index.html", filepath.Join("api", "slo.json")} {
		if st, err := os.Lstat(filepath.Join(dir, f)); err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	ok := true
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() == ".git" {
			ok = false
			return filepath.SkipAll
		}
		return nil
	})
	return ok
}

// WriteAtomic writes files, and the marker listing them, into a new
// folder beside out and swaps it into place; the previous out is removed
// only after the swap. On Linux the swap is one atomic exchange, so out
// is at every moment either the old site or the new one. An out that
// CheckOutput refuses for the site of config is refused with
// ErrUnsafeOutput.
//
// Writing and swapping run under a lock on the folder that holds out, so
// builds into the same folder take turns. Holding it, a build first
// removes the temporary folders .<out>.new-N and .<out>.old-N that killed
// builds left behind.
func WriteAtomic(out, config string, files map[string][]byte) error {
	return writeAtomic(out, config, func(emit html.Emit) error {
		for _, name := range sortedKeys(files) {
			if err := emit(name, files[name]); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeAtomic is WriteAtomic of the files produce hands to emit, written
// as they come.
func writeAtomic(out, config string, produce func(html.Emit) error) error {
	if err := CheckOutput(out, config); err != nil {
		return err
	}
	out, err := resolvePath(out)
	if err != nil {
		return err
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	unlock, locked := lockOutput(out)
	defer unlock()
	// Checked again holding the lock: another build may have swapped in
	// its site, or the user added files, since the first check.
	if err := CheckOutput(out, config); err != nil {
		return err
	}
	removeStaleTemps(parent, base, locked)
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	w := newTreeWriter(tmp)
	err = produce(w.emit)
	names, werr := w.close()
	if err == nil {
		err = werr
	}
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, OutputMarker), outputMarker(names), 0o644); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("cannot move the new site into %s: %w", out, err)
		}
		return nil
	}
	exchanged, err := exchange(tmp, out)
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("cannot replace %s: %w", out, err)
	}
	if exchanged {
		os.RemoveAll(tmp) // the previous site now
		return nil
	}
	// No atomic exchange on this system: the old site aside, the new in.
	old := filepath.Join(parent, "."+base+".old-"+strings.TrimPrefix(filepath.Base(tmp), "."+base+".new-"))
	if err := os.Rename(out, old); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("cannot replace %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		os.RemoveAll(tmp)
		return fmt.Errorf("cannot move the new site into %s: %w", out, err)
	}
	os.RemoveAll(old)
	return nil
}

// staleAfter is how old a temporary folder must be before a build that
// could not lock the output takes it for a killed build's.
const staleAfter = time.Hour

// removeStaleTemps removes the folders .<base>.new-N and .<base>.old-N in
// parent. Holding the output's lock, every such folder is a killed
// build's; without a lock (a system without flock) only those older than
// staleAfter are taken to be.
func removeStaleTemps(parent, base string, locked bool) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !isTempName(e.Name(), base) {
			continue
		}
		if !locked {
			info, err := e.Info()
			if err != nil || time.Since(info.ModTime()) < staleAfter {
				continue
			}
		}
		os.RemoveAll(filepath.Join(parent, e.Name()))
	}
}

// isTempName reports whether name is a build's temporary folder for the
// output base: "."+base+".new-" or ".old-" and the digits os.MkdirTemp
// puts in place of its "*".
func isTempName(name, base string) bool {
	for _, kind := range []string{".new-", ".old-"} {
		if n, ok := strings.CutPrefix(name, "."+base+kind); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return true
		}
	}
	return false
}

// treeWriter writes the files of a build into a folder as they come,
// several at a time.
type treeWriter struct {
	dir  string
	jobs chan writeJob
	wg   sync.WaitGroup
	dirs sync.Map // folders made

	mu   sync.Mutex
	done map[string]chan struct{} // per path: closed once its latest bytes are written
	err  error
}

type writeJob struct {
	path string
	b    []byte
	done chan struct{}
}

// writers is how many files are written at once: writing is mostly
// waiting on the system, so more than the cores.
func writers() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

func newTreeWriter(dir string) *treeWriter {
	w := &treeWriter{dir: dir, jobs: make(chan writeJob, 2*writers()), done: map[string]chan struct{}{}}
	for i := writers(); i > 0; i-- {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for j := range w.jobs {
				if err := w.write(j.path, j.b); err != nil {
					w.mu.Lock()
					if w.err == nil {
						w.err = err
					}
					w.mu.Unlock()
				}
				close(j.done)
			}
		}()
	}
	return w
}

// emit queues a file. A path emitted again is written after its earlier
// bytes, so the later bytes win, as in a map.
func (w *treeWriter) emit(name string, b []byte) error {
	w.mu.Lock()
	if err := w.err; err != nil {
		w.mu.Unlock()
		return err
	}
	prev := w.done[name]
	ch := make(chan struct{})
	w.done[name] = ch
	w.mu.Unlock()
	if prev != nil {
		<-prev
	}
	w.jobs <- writeJob{name, b, ch}
	return nil
}

func (w *treeWriter) write(name string, b []byte) error {
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	d := filepath.Dir(p)
	if _, ok := w.dirs.Load(d); !ok {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		w.dirs.Store(d, true)
	}
	return os.WriteFile(p, b, 0o644)
}

// close waits for every file to be written and returns their paths in
// order, and the first error.
func (w *treeWriter) close() ([]string, error) {
	close(w.jobs)
	w.wg.Wait()
	names := make([]string, 0, len(w.done))
	for name := range w.done {
		names = append(names, name)
	}
	sort.Strings(names)
	return names, w.err
}
