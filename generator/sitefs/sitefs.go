// Package sitefs reads the inputs of a site without following a link out of
// the site folder or opening anything that is not a regular file.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/statusgen/statusgen/generator/diag"
)

// Every input of a site is read through OpenSiteFile, ReadSiteFile or
// SiteDir. They refuse what a hostile or careless repository could use to
// publish the machine's files: a symbolic link (of the file or of a folder
// on its way) that leads out of the site folder, the folder that holds
// site.toml, such as content/pages/env.md → /proc/self/environ; and
// anything that is not a regular file, such as a named pipe, whose
// reading would hang the build, or a device. Links that stay inside the
// site folder are followed.

var (
	// ErrOutsideSite is wrapped by the error for an input that leads out
	// of the site folder.
	ErrOutsideSite = errors.New("links outside the site folder")
	// ErrNotRegular is wrapped by the error for an input that is not a
	// regular file.
	ErrNotRegular = errors.New("not a regular file")
)

// SiteFileError says why an input was not read. Its message does not
// name the input, as diagnostics put the path in front of it.
type SiteFileError struct {
	Err    error       // ErrOutsideSite or ErrNotRegular
	Target string      // where the link leads, for ErrOutsideSite
	Mode   fs.FileMode // the file's type, for ErrNotRegular
}

func (e *SiteFileError) Error() string {
	if e.Err == ErrOutsideSite {
		return fmt.Sprintf("%v (to %s); statusgen reads nothing outside the folder that holds site.toml: "+
			"copy the file into the site or remove the link", e.Err, e.Target)
	}
	return fmt.Sprintf("%v but %s; replace it with a regular file or remove it", e.Err, fileKind(e.Mode))
}

func (e *SiteFileError) Unwrap() error { return e.Err }

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file (" + m.Type().String() + ")"
}

// ReadProblem is the diagnostic message for an input that could not be
// read.
func ReadProblem(err error) string {
	var sf *SiteFileError
	if errors.As(err, &sf) {
		return sf.Error()
	}
	return "cannot read: " + err.Error()
}

// resolveInSite returns the real path of name (every link resolved) and
// checks that it lies inside the real site folder root, or is root.
func resolveInSite(root, name string) (string, error) {
	realRoot, err := realPath(root)
	if err != nil {
		return "", err
	}
	real, err := realPath(name)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(realRoot, real); err != nil || !filepath.IsLocal(rel) && rel != "." {
		target := real
		// A link written as an absolute path is named as written
		// (/proc/self/environ, not /proc/4711/environ).
		if t, err := os.Readlink(name); err == nil && filepath.IsAbs(t) {
			target = t
		}
		return "", &SiteFileError{Err: ErrOutsideSite, Target: target}
	}
	return real, nil
}

func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// OpenSiteFile opens name, an input of the site whose folder is root, for
// reading; it fails with a *SiteFileError, without opening anything,
// when name leads out of root or is not a regular file.
func OpenSiteFile(root, name string) (*os.File, error) {
	real, err := resolveInSite(root, name)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &SiteFileError{Err: ErrNotRegular, Mode: st.Mode()}
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, err
	}
	// The file may have been swapped between the check and the open.
	if fst, err := f.Stat(); err != nil || !os.SameFile(st, fst) {
		f.Close()
		return nil, fmt.Errorf("%s changed while it was being opened; run again", name)
	}
	return f, nil
}

// ReadSiteFile reads the whole of name as OpenSiteFile allows.
func ReadSiteFile(root, name string) ([]byte, error) {
	f, err := OpenSiteFile(root, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// SiteDir returns the real path of dir, a folder of the site whose folder
// is root, for listing or walking; it fails with a *SiteFileError when
// dir leads out of root, so not even the names of an outside folder's
// files are read. A missing dir gives an error for which
// errors.Is(err, fs.ErrNotExist) holds.
func SiteDir(root, dir string) (string, error) {
	real, err := resolveInSite(root, dir)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return "", fmt.Errorf("%s is not a folder", dir)
	}
	return real, nil
}

// ReadSiteDir lists dir, a folder of the site whose folder is root, as
// SiteDir allows. The entries are named as in dir; open them with
// OpenSiteFile(root, filepath.Join(dir, name)).
func ReadSiteDir(root, dir string) ([]os.DirEntry, error) {
	real, err := SiteDir(root, dir)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(real)
}

// WritableSiteDir returns the real path of dir, a folder of the site whose
// folder is root that a command writes files into (a service's snapshots,
// incidents/), after checking that it is a folder inside root: links on
// its way are followed only as far as they stay inside root. A missing dir
// is created, one folder at a time, when create is set and the nearest
// folder above it that exists is inside root; without create it gives "".
// Errors name dir relative to root, say what to do and that nothing was
// written. Write into the returned path, not into dir, and check each file
// with CheckWritableFile before replacing it.
func WritableSiteDir(root, dir string, create bool) (string, error) {
	return writableDir(root, dir, create)
}

// CheckWritableFile checks path, a file in a folder WritableSiteDir
// returned (named rel, relative to the site folder, in messages), before a
// command creates or replaces it: a symbolic link, wherever it leads, is
// refused (an error wrapping ErrLink), and so is anything but a regular
// file; a missing file is fine.
func CheckWritableFile(rel, path string) error {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return WriteRefusal(rel, err)
	case st.Mode()&fs.ModeSymlink != 0:
		return WriteRefusal(rel, ErrLink)
	case !st.Mode().IsRegular():
		return WriteRefusal(rel, &SiteFileError{Err: ErrNotRegular, Mode: st.Mode()})
	}
	return nil
}

// ErrLink is wrapped by the error for a snapshot file an append would
// write through a symbolic link.
var ErrLink = errors.New("is a symbolic link")

// ErrDangling is the error for a link to a place that does not exist.
var ErrDangling = fmt.Errorf("%w to a place that does not exist", ErrLink)

// afterMiss, when set by a test, runs when writableDir has found dir
// missing, before it looks whether dir is a link: where another process
// may create the folder.
var afterMiss func(dir string)

// writableDir returns the real path of dir, a folder a command writes
// to, after checking that it is a folder inside root (links on its
// way are followed only as far as they stay inside root). A missing dir is
// created, one folder at a time, when create is set and the nearest folder
// above it that exists is inside root; without create it gives "".
func writableDir(root, dir string, create bool) (string, error) {
	real, err := SiteDir(root, dir)
	if err == nil {
		return real, nil
	}
	rel := diag.RelPath(root, dir)
	if !errors.Is(err, fs.ErrNotExist) {
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return "", fmt.Errorf("%s: is not a folder; move it away so statusgen can write there; nothing was written", rel)
		}
		return "", WriteRefusal(rel, err)
	}
	if afterMiss != nil {
		afterMiss(dir)
	}
	if st, lerr := os.Lstat(dir); lerr == nil {
		if st.Mode()&fs.ModeSymlink == 0 {
			// Not a link: another process made the folder since SiteDir
			// looked (appends to a new service's folder race so). Look
			// once more.
			real, err := SiteDir(root, dir)
			if err != nil {
				return "", WriteRefusal(rel, err)
			}
			return real, nil
		}
		return "", WriteRefusal(rel, ErrDangling) // it exists, but leads nowhere
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return "", err
	}
	preal, err := writableDir(root, parent, create)
	if err != nil || preal == "" {
		return "", err
	}
	if !create {
		return "", nil
	}
	if err := os.Mkdir(filepath.Join(preal, filepath.Base(dir)), 0o755); err != nil && !os.IsExist(err) {
		return "", fmt.Errorf("%s: cannot create the folder: %v", rel, err)
	}
	real, err = SiteDir(root, dir)
	if err != nil {
		return "", WriteRefusal(rel, err)
	}
	return real, nil
}

// WriteRefusal is the error for a path (rel, relative to the
// site folder) that an append will not read or write. It names where a
// link leads, never what is there.
func WriteRefusal(rel string, err error) error {
	var sf *SiteFileError
	switch {
	case errors.As(err, &sf) && sf.Err == ErrOutsideSite:
		return fmt.Errorf("%s: %w (to %s); statusgen reads and writes nothing outside the folder that holds site.toml: "+
			"replace the link with a real folder or file in the site, or remove it; nothing was written", rel, ErrOutsideSite, sf.Target)
	case errors.As(err, &sf):
		return fmt.Errorf("%s: %w; nothing was written", rel, err)
	case err == ErrDangling:
		return fmt.Errorf("%s: %w; remove it; nothing was written", rel, err)
	case errors.Is(err, ErrLink):
		return fmt.Errorf("%s: %w; statusgen writes only to regular files, never through a link, "+
			"so that it cannot write outside the site: replace the link with a copy of the file, or remove it; nothing was written", rel, ErrLink)
	}
	return fmt.Errorf("%s: %v; nothing was written", rel, err)
}
