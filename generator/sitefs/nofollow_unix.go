//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package sitefs

import "syscall"

// ONoFollow makes an open fail on a symbolic link rather than follow it.
const ONoFollow = syscall.O_NOFOLLOW
