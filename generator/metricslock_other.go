//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package generator

// lockDir is a no-op where flock is not available: there, runs that
// append to the same service's snapshots must not overlap (see
// docs/probe.md).
func lockDir(dir string, exclusive bool) (unlock func(), err error) {
	return func() {}, nil
}

// oNoFollow is 0 where O_NOFOLLOW is not available: there, a month file is
// still refused when Lstat says it is a link, and checked to be the same
// file after it is opened.
const oNoFollow = 0
