//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package build

import (
	"os"
	"path/filepath"
	"syscall"
)

// lockOutput takes an exclusive lock (flock) on the folder that holds
// out, waiting while another build holds it, and returns the function
// that releases it. The lock goes with the process: a killed build holds
// it no longer, and no lock file is left. locked is false if the lock
// could not be taken.
func lockOutput(out string) (unlock func(), locked bool) {
	f, err := os.Open(filepath.Dir(out))
	if err != nil {
		return func() {}, false
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return func() {}, false
	}
	return func() { f.Close() }, true
}
