package cache

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// A blob reads back as written; one cut short, with a byte changed, of
// another version or stored under another key reads as missing; the
// folder keeps itself out of git.
func TestStoreRejectsWhatItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	s.Put("k", "a key", []byte("the payload"))
	if b, ok := s.Get("k", "a key"); !ok || string(b) != "the payload" {
		t.Fatalf("Get = %q, %v; want the payload", b, ok)
	}
	if _, ok := s.Get("k", "another key"); ok {
		t.Error("another key found the blob")
	}
	gi, err := os.ReadFile(filepath.Join(dir, ".statusgen", "cache", ".gitignore"))
	if err != nil || string(gi[len(gi)-2:]) != "*\n" {
		t.Errorf(".statusgen/cache/.gitignore = %q, %v; want it to ignore everything", gi, err)
	}
	// Only the cache: notify's state beside it is committed.
	if _, err := os.Stat(filepath.Join(dir, ".statusgen", ".gitignore")); !os.IsNotExist(err) {
		t.Errorf(".statusgen/.gitignore exists (%v); it would keep notify's state out of git", err)
	}
	p := s.path("k", "a key")
	good, _ := os.ReadFile(p)
	spoil := map[string]func([]byte) []byte{
		"cut short":      func(b []byte) []byte { return b[:len(b)-1] },
		"a byte flipped": func(b []byte) []byte { b[len(b)-3] ^= 1; return b },
		"another version": func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[len(magic):], Version+1)
			return b
		},
		"empty":       func(b []byte) []byte { return nil },
		"a long tail": func(b []byte) []byte { return append(b, 0) },
	}
	for what, f := range spoil {
		os.WriteFile(p, f(append([]byte(nil), good...)), 0o644)
		if b, ok := s.Get("k", "a key"); ok {
			t.Errorf("%s: Get = %q, want nothing", what, b)
		}
	}
	if st := s.Stats(); st.Rejected != int64(len(spoil)) || st.Hits != 1 || st.Writes != 1 {
		t.Errorf("stats = %+v", st)
	}
	var none *Store
	none.Put("k", "a key", []byte("x"))
	if _, ok := none.Get("k", "a key"); ok {
		t.Error("a nil store found something")
	}
}
