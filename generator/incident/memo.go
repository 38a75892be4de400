package incident

import (
	"crypto/sha256"
	"sync"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
)

// Memo keeps parsed incident files between loads of one site in one
// process (statusgen serve): a file whose bytes did not change is not
// parsed again. Entries are keyed by the file's path and a SHA-256 of its
// bytes, and all of them are dropped when site.toml changes, since
// parsing reads it (services, time zone). The incidents it returns are
// shared between loads and, like the whole model after Load, only read.
type Memo struct {
	mu     sync.Mutex
	config [32]byte
	m      map[memoKey]memoEntry
	hits   int
}

type memoKey struct {
	rel string
	sum [32]byte
}

type memoEntry struct {
	in *Incident
	ds diag.Diagnostics
}

// Config starts a load with site.toml's bytes: entries parsed under
// another site.toml are dropped.
func (m *Memo) Config(siteTOML []byte) {
	if m == nil {
		return
	}
	sum := sha256.Sum256(siteTOML)
	m.mu.Lock()
	defer m.mu.Unlock()
	if sum != m.config || m.m == nil {
		m.config, m.m = sum, map[memoKey]memoEntry{}
	}
}

// Hits counts the files served from the memo since it was made.
func (m *Memo) Hits() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits
}

// parse is Parse through the memo (a nil memo parses).
func (m *Memo) parse(cfg *config.Config, rel string, src []byte, ds *diag.Diagnostics) *Incident {
	if m == nil {
		return Parse(cfg, rel, src, ds)
	}
	k := memoKey{rel, sha256.Sum256(src)}
	m.mu.Lock()
	e, ok := m.m[k]
	if ok {
		m.hits++
	}
	m.mu.Unlock()
	if ok {
		*ds = append(*ds, e.ds...)
		return e.in
	}
	var local diag.Diagnostics
	in := Parse(cfg, rel, src, &local)
	*ds = append(*ds, local...)
	m.mu.Lock()
	if m.m != nil {
		m.m[k] = memoEntry{in, local}
	}
	m.mu.Unlock()
	return in
}
