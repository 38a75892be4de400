//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package build

// lockOutput cannot lock here: builds into the same folder do not take
// turns, and removeStaleTemps leaves young temporary folders alone.
func lockOutput(out string) (unlock func(), locked bool) { return func() {}, false }
