//go:build !unix

package metrics

import "os"

// statID returns an opened file's identity for the build cache: its size
// and time (the system gives no inode).
func statID(f *os.File) (fileID, bool) {
	st, err := f.Stat()
	if err != nil {
		return fileID{}, false
	}
	return fileID{size: st.Size(), mtime: st.ModTime().UnixNano()}, true
}
