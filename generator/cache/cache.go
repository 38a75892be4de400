// Package cache is the incremental build cache: blobs in
// .statusgen/cache/ beside site.toml that spare a build work an earlier
// build did. Every blob is versioned and checksummed; a blob that is
// missing, of another version, cut short or corrupt reads as missing, so
// the folder is always safe to delete and a damaged cache only costs
// time. Nothing in it is ever the only copy of anything.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync/atomic"
)

// DirName is the cache folder, relative to the site folder.
const DirName = ".statusgen/cache"

// Version is the cache format's version; a blob of another version is
// ignored (and replaced when written again). Raise it whenever what a
// kind of blob holds, or how a reader folds it, changes.
const Version = 2

// magic starts every blob.
const magic = "SGCACHE\x00"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Checksum is the CRC-32C of b (hardware-accelerated where available).
func Checksum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// Store is the cache of one site. A nil *Store is a cache that holds
// nothing and keeps nothing: every method may be called on it.
type Store struct {
	dir string
	// Stats, for tests and for the curious: blobs found, missing or
	// rejected, and written.
	hits, misses, rejected, writes atomic.Int64
}

// Open returns the cache of the site in siteDir. The folder is created on
// the first write, with a .gitignore that keeps it out of commits.
func Open(siteDir string) *Store {
	return &Store{dir: filepath.Join(siteDir, filepath.FromSlash(DirName))}
}

// Dir is the cache folder.
func (s *Store) Dir() string {
	if s == nil {
		return ""
	}
	return s.dir
}

// path is where the blob of a kind and key lives: keys are hashed, so any
// string (a path, a content hash) is a key.
func (s *Store) path(kind, key string) string {
	h := sha256.Sum256([]byte(key))
	return filepath.Join(s.dir, kind, hex.EncodeToString(h[:16]))
}

// header: magic, version (uint32), key length (uint32), payload length
// (uint64), CRC-32C of key and payload (uint32); then the key, then the
// payload. The key is stored to tell two keys of one hash apart.
const headerLen = len(magic) + 4 + 4 + 8 + 4

// Get returns the payload stored for kind and key, or false.
func (s *Store) Get(kind, key string) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	b, err := os.ReadFile(s.path(kind, key))
	if err != nil {
		s.misses.Add(1)
		return nil, false
	}
	p, ok := decode(b, key)
	if !ok {
		s.rejected.Add(1)
		return nil, false
	}
	s.hits.Add(1)
	return p, true
}

func decode(b []byte, key string) ([]byte, bool) {
	if len(b) < headerLen || string(b[:len(magic)]) != magic {
		return nil, false
	}
	h := b[len(magic):]
	if binary.LittleEndian.Uint32(h[0:4]) != Version {
		return nil, false
	}
	kl := uint64(binary.LittleEndian.Uint32(h[4:8]))
	pl := binary.LittleEndian.Uint64(h[8:16])
	sum := binary.LittleEndian.Uint32(h[16:20])
	rest := b[headerLen:]
	if kl != uint64(len(key)) || uint64(len(rest)) != kl+pl {
		return nil, false
	}
	if string(rest[:kl]) != key || Checksum(rest) != sum {
		return nil, false
	}
	return rest[kl:], true
}

// Put stores payload for kind and key, replacing what was there in one
// step (a temporary file renamed into place), so a reader never sees half
// a blob. A cache that cannot be written is no error: the next build
// only does the work again.
func (s *Store) Put(kind, key string, payload []byte) {
	if s == nil {
		return
	}
	b := make([]byte, headerLen, headerLen+len(key)+len(payload))
	copy(b, magic)
	h := b[len(magic):]
	binary.LittleEndian.PutUint32(h[0:4], Version)
	binary.LittleEndian.PutUint32(h[4:8], uint32(len(key)))
	binary.LittleEndian.PutUint64(h[8:16], uint64(len(payload)))
	b = append(b, key...)
	b = append(b, payload...)
	binary.LittleEndian.PutUint32(h[16:20], Checksum(b[headerLen:]))
	p := s.path(kind, key)
	if err := s.write(p, b); err != nil {
		return
	}
	s.writes.Add(1)
}

func (s *Store) write(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	s.ignoreFile()
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// ignoreFile writes .statusgen/cache/.gitignore ("*"), so the cache stays
// out of git even in a repository whose .gitignore does not name it. Only
// the cache: .statusgen/ also holds notify's state, which is committed.
func (s *Store) ignoreFile() {
	gi := filepath.Join(s.dir, ".gitignore")
	if _, err := os.Lstat(gi); errors.Is(err, os.ErrNotExist) {
		os.WriteFile(gi, []byte("# statusgen's build cache: safe to delete, never committed\n*\n"), 0o644)
	}
}

// Stats are a store's counts since Open.
type Stats struct{ Hits, Misses, Rejected, Writes int64 }

// Stats returns the counts of blobs found, missing, rejected (of another
// version, or corrupt) and written.
func (s *Store) Stats() Stats {
	if s == nil {
		return Stats{}
	}
	return Stats{s.hits.Load(), s.misses.Load(), s.rejected.Load(), s.writes.Load()}
}
