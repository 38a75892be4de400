//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package metrics

// LockDir is a no-op where flock is not available: there, runs that
// append to the same service's snapshots must not overlap (see
// docs/probe.md).
func LockDir(dir string, exclusive bool) (unlock func(), err error) {
	return func() {}, nil
}
