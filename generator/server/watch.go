package server

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchedDirs are the site's source folders, watched with every folder
// below them. public/ and any other folder are never watched.
var watchedDirs = []string{"templates", "content", "incidents"}

// newWatcher watches the site folder (for site.toml, and for the source
// folders appearing) and every folder under the source folders. fsnotify
// watches folders, not files: editors that save by writing a new file and
// renaming it over the old one are seen too.
func (s *Server) newWatcher() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("cannot watch for changes: %w", err)
	}
	if err := w.Add(s.dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("cannot watch %s: %w", s.dir, err)
	}
	for _, d := range watchedDirs {
		s.addTree(w, filepath.Join(s.dir, d))
	}
	return w, nil
}

// addTree watches a folder and every folder below it, skipping hidden
// ones. A folder that does not exist is skipped: the watch on the site
// folder sees it appear.
func (s *Server) addTree(w *fsnotify.Watcher, root string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.Add(p); err != nil {
			fmt.Fprintf(s.opts.Log, "cannot watch %s: %v\n", p, err)
		}
		return nil
	})
}

// relevant reports whether a changed path is a source of the site:
// site.toml itself, or a file under one of the source folders that is not
// an editor's scratch file.
func (s *Server) relevant(p string) bool {
	rel, err := filepath.Rel(s.dir, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) == 1 {
		if parts[0] == filepath.Base(s.opts.Config) {
			return true
		}
		for _, d := range watchedDirs {
			if parts[0] == d {
				return true // the folder itself appeared or went away
			}
		}
		return false
	}
	top, base := parts[0], parts[len(parts)-1]
	found := false
	for _, d := range watchedDirs {
		found = found || top == d
	}
	return found && !scratch(base)
}

// scratch recognises files editors write while saving: hidden files, vim's
// swap and probe files, backups.
func scratch(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasPrefix(name, "#") || name == "4913"
}

// holdLimit bounds how long a steady stream of changes can hold a rebuild
// back.
const holdLimit = time.Second

// maxDelay is the longest a burst may hold a rebuild: holdLimit, or four
// quiet periods when those are longer, so a slow burst is still one build.
func (s *Server) maxDelay() time.Duration { return max(holdLimit, 4*s.opts.Quiet) }

// watch rebuilds after each burst of changes until ctx is done. New
// folders under the source folders are watched as they appear.
func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher) {
	defer w.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	pending := false
	var first time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if !s.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					s.addTree(w, ev.Name)
				}
			}
			if !pending {
				pending, first = true, time.Now()
			}
			timer.Reset(min(s.opts.Quiet, max(0, s.maxDelay()-time.Since(first))))
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.opts.Log, "watching for changes: %v\n", err)
		case <-timer.C:
			pending = false
			s.Build()
		}
	}
}
