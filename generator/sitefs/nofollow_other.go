//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sitefs

// ONoFollow is 0 where O_NOFOLLOW is not available: there, a month file is
// still refused when Lstat says it is a link, and checked to be the same
// file after it is opened.
const ONoFollow = 0
