package metrics

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/cache"
	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/slo"
)

// cacheSite writes fuzzSiteTOML into a new folder and loads it, with a
// timeline cut as fuzzSite cuts it.
func cacheSite(t testing.TB, dir string) (*config.Config, *slo.Timeline) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(fuzzSiteTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "content", "metrics", "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.LoadConfig(filepath.Join(dir, "site.toml"))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	cuts := []int64{fuzzNow.Unix(), fuzzNow.AddDate(0, 0, -7).Unix(), fuzzNow.AddDate(0, 0, -28).Unix()}
	for d := 1; d <= cfg.HistoryDays+1; d++ {
		cuts = append(cuts, fuzzNow.AddDate(0, 0, -d).Unix())
	}
	return cfg, slo.NewTimeline(cuts)
}

// snapshotText is everything a snapshot hands on, as text (NaN compares
// equal to itself that way).
func snapshotText(s *Snapshot, ds diag.Diagnostics) string {
	var lat []string
	for i := range s.Latency.Starts[:len(s.Latency.Starts)-1] {
		lat = append(lat, fmt.Sprint(s.Latency.Count(i), s.Latency.Percentile(i, 0.5) != nil))
	}
	series := func(a any) string {
		switch x := a.(type) {
		case *slo.TimeSeries:
			if x == nil {
				return "none"
			}
			return fmt.Sprint("time ", x.Interval, x.Valid, x.Bad, x.Excluded, x.Disordered())
		case *slo.EventSeries:
			return fmt.Sprint("events ", x.Interval, x.Good, x.Total, x.Slots, x.Disordered())
		}
		return fmt.Sprint(a)
	}
	var ss []string
	for _, a := range s.Series {
		ss = append(ss, series(a))
	}
	return fmt.Sprintf("rows %d skipped %d first %v last %v status %v@%v latest %v\nstatus %s\nseries %s\nlatency %v\n%v",
		s.Rows, s.Skipped, s.FirstTime, s.LastTime, s.LastStatus, s.LastStatusTime, s.Latest, series(s.Status), ss, lat, ds)
}

func readWith(cfg *config.Config, tl *slo.Timeline, store *cache.Store) (*Snapshot, string) {
	var ds diag.Diagnostics
	s := ReadSnapshotCached(cfg, cfg.Services[0], tl, fuzzNow, &ds, store)
	ds.Sort()
	return s, snapshotText(s, ds)
}

// The cache reads an unchanged file not at all, an appended one from
// where it stopped, and a file changed before that whole; every time the
// snapshot is the one a read without the cache gives.
func TestSnapshotCacheReadsOnlyWhatChanged(t *testing.T) {
	dir := t.TempDir()
	cfg, tl := cacheSite(t, dir)
	p := filepath.Join(dir, "content", "metrics", "api", "2021-05.csv")
	var b strings.Builder
	b.WriteString("time,status,latency_ms,code,good,total\n")
	row := func(t time.Time, i int) string {
		return fmt.Sprintf("%s,%s,%d,%d,%d,10\n", t.Format(time.RFC3339), []string{"up", "down", "degraded"}[i%3], 50+i%400, 200+i%2*300, 10-i%2)
	}
	start := fuzzNow.AddDate(0, 0, -20)
	for i := 0; i < 2000; i++ {
		b.WriteString(row(start.Add(time.Duration(i)*5*time.Minute), i))
	}
	b.WriteString("bad,up,1,200,1,1\n")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(p, old, old)
	store := cache.Open(dir)
	check := func(what string, wantParsed func(size int64) bool) {
		t.Helper()
		_, want := readWith(cfg, tl, nil)
		s, got := readWith(cfg, tl, store)
		if got != want {
			t.Fatalf("%s: with the cache\n%s\nwant\n%s", what, got, want)
		}
		st, _ := os.Stat(p)
		if !wantParsed(st.Size()) {
			t.Errorf("%s: parsed %d bytes of %d", what, s.BytesParsed, st.Size())
		}
	}
	check("first read", func(size int64) bool { return true })
	check("unchanged", func(int64) bool { return true })
	// The first read's entry is racy only if the file is this new; an
	// hour-old file is trusted by its size and time.
	_, _ = readWith(cfg, tl, store)
	s, _ := readWith(cfg, tl, store)
	if s.BytesParsed != 0 {
		t.Errorf("unchanged file: parsed %d bytes, want 0", s.BytesParsed)
	}
	before, _ := os.Stat(p)
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	added := row(start.Add(2000*5*time.Minute), 7) + row(start.Add(2001*5*time.Minute), 8) + "also bad\n"
	f.WriteString(added)
	f.Close()
	check("appended", func(size int64) bool { return size-before.Size() == int64(len(added)) })
	s, _ = readWith(cfg, tl, store)
	if s.BytesParsed > int64(len(added)) {
		t.Errorf("after an append: parsed %d bytes, want at most the %d appended", s.BytesParsed, len(added))
	}
	// An earlier row changed and rows appended: the whole file is read.
	body, _ := os.ReadFile(p)
	body = []byte(strings.Replace(string(body), ",down,", ",up,", 1) + row(start.Add(2002*5*time.Minute), 9))
	os.WriteFile(p, body, 0o644)
	check("edited and grown", func(int64) bool { return true })
	s, _ = readWith(cfg, tl, nil)
	if s2, _ := readWith(cfg, tl, store); s2.BytesParsed != 0 && s2.BytesParsed != int64(len(body)) {
		t.Errorf("edited: parsed %d bytes, want all %d or none", s2.BytesParsed, len(body))
	}
	// A damaged entry is ignored.
	blobs, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(cache.DirName), "*", "*"))
	if len(blobs) != 1 {
		t.Fatalf("cache holds %v, want one entry", blobs)
	}
	eb, _ := os.ReadFile(blobs[0])
	eb[len(eb)/2] ^= 1
	os.WriteFile(blobs[0], eb, 0o644)
	check("damaged entry", func(size int64) bool { return true })
	if st := store.Stats(); st.Rejected == 0 {
		t.Errorf("stats %+v: the damaged entry was not rejected", st)
	}
}

// FuzzSnapshotCache reads a file, appends bytes to it (or replaces it)
// and reads it again through the cache: the snapshot and the diagnostics
// are always those of a read without the cache.
func FuzzSnapshotCache(f *testing.F) {
	for _, s := range snapshotSeeds {
		f.Add(s, "2021-05-02T00:00:00Z,up,1,200,1,1\n", false)
	}
	f.Add("time,status\n2021-05-01T00:00:00Z,up\n", "2021-05-01T00:01:00Z,down\n", false)
	f.Add("time,status\n2021-05-01T00:00:00Z,up\n", "2021-05-01T00:01:00Z,\"down\n\"\n", false)
	f.Add("time,status\n2021-05-01T00:00:00Z,up", "\n2021-05-01T00:01:00Z,down\n", false)
	f.Add("time,status\n2021-05-01T00:00:00Z,up\n", "time,status\n2021-05-01T00:01:00Z,down\n", true)
	dir := memTempDir(f)
	cfg, tl := cacheSite(f, dir)
	f.Fuzz(func(t *testing.T, first, more string, replace bool) {
		// One site for every input: its file and cache start afresh.
		os.RemoveAll(filepath.Join(dir, ".statusgen"))
		p := filepath.Join(dir, "content", "metrics", "api", "a.csv")
		if err := os.WriteFile(p, []byte(first), 0o644); err != nil {
			t.Fatal(err)
		}
		store := cache.Open(dir)
		for i, content := range []string{first, first + more} {
			if i == 1 {
				if replace {
					content = more
					os.WriteFile(p, []byte(content), 0o644)
				} else {
					f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
					f.WriteString(more)
					f.Close()
				}
			}
			_, want := readWith(cfg, tl, nil)
			for k := 0; k < 2; k++ {
				if _, got := readWith(cfg, tl, store); got != want {
					t.Fatalf("read %d.%d of %q: with the cache\n%s\nwant\n%s", i, k, content, got, want)
				}
			}
		}
	})
}
