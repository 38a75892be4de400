//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package metrics

import (
	"fmt"
	"os"
	"syscall"
)

// LockDir takes an advisory lock (flock) on the folder dir itself, so
// no lock file is left in it: exclusive for a writer, shared for a reader.
// It waits for a conflicting holder; the kernel releases the lock when
// its holder exits, however it ends. A process must not take the lock on
// a folder it already holds: each call opens the folder anew, and two
// opens of the same folder conflict even within one process.
func LockDir(dir string, exclusive bool) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err = syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: cannot lock the folder: %v", dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
