package build

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/cache"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/testsite"
)

// cacheSiteTOML has a service of each kind the reader folds: status with
// a time-based latency threshold (interval set), ratio events with an
// event-based threshold, an anomaly, a deadline on a column (0 is no load)
// and a check's column (interval inferred), and a service whose files may
// hold rows out of order, with an hourly deadline on its rows.
const cacheSiteTOML = `title = "Cache"
timezone = "Europe/Berlin"
degraded_weight = 0.5

[[service]]
id = "api"
name = "API"
owner = "Core"
interval = "5m"
  [[service.slo]]
  id = "availability"
  objective = 99.5
  window = "7d"
  sla = 95
  [[service.slo]]
  id = "latency"
  indicator = "threshold"
  column = "latency_ms"
  op = "<="
  threshold = 300
  objective = 90
  window = "month"

[[service]]
id = "jobs"
name = "Jobs"
owner = "Batch"
  [[service.slo]]
  id = "success"
  indicator = "ratio"
  good = "good"
  total = "total"
  objective = 99
  window = "28d"
  [[service.slo]]
  id = "fast"
  indicator = "threshold"
  column = "latency_ms"
  op = "<"
  threshold = 500
  objective = 95
  window = "1d"
  budgeting = "events"
  [[service.slo]]
  id = "volume"
  indicator = "anomaly"
  column = "total"
  season = "day_of_week"
  baseline_weeks = 1
  baseline_min = 1
  objective = 90
  window = "28d"
  [[service.slo]]
  id = "landed"
  indicator = "deadline"
  column = "good"
  deadline = "06:00"
  objective = 90
  window = "28d"
  [[service.check]]
  id = "lat"
  kind = "sql"
  sql = "select 1"
  metrics = ["latency_ms"]

[[service]]
id = "web"
name = "Web"
owner = "Front"
interval = "5m"
  [[service.slo]]
  id = "availability"
  objective = 99.9
  window = "month"
  [[service.slo]]
  id = "hourly"
  indicator = "deadline"
  period = "hour"
  deadline = "00:30"
  objective = 50
  window = "7d"

[warehouse]
dsn_env = "CACHE_TEST_DSN"
`

// cacheRows writes n rows of a service's file from t, mostly good, with
// now and then a bad cell, a duplicate or earlier time, a row after now, a
// quoted cell or a blank line: everything the reader reports or skips.
func cacheRows(r *rand.Rand, svc string, t time.Time, n int) (string, time.Time) {
	var b strings.Builder
	for i := 0; i < n; i++ {
		t = t.Add(5 * time.Minute)
		ts := t.Format(time.RFC3339)
		switch r.IntN(60) {
		case 0:
			ts = "2026-13-01T00:00:00Z" // bad time
		case 1:
			ts = t.Add(-5 * time.Minute).Format(time.RFC3339) // duplicate time
		case 2:
			ts = t.Add(-7 * time.Hour).Format(time.RFC3339) // out of order
		case 3:
			ts = t.Add(30 * 24 * time.Hour).Format(time.RFC3339) // after now
		case 4:
			b.WriteString("\n")
		}
		st := []string{"up", "up", "up", "up", "up", "degraded", "down", "maintenance", "Up", ""}[r.IntN(10)]
		lat := fmt.Sprint(20 + r.IntN(600))
		switch r.IntN(25) {
		case 0:
			lat = "fast" // not a number
		case 1:
			lat = ""
		case 2:
			lat = fmt.Sprintf("%.3f", r.Float64()*900)
		case 3:
			lat = "-4"
		}
		switch svc {
		case "jobs":
			total := r.IntN(50)
			good := total - r.IntN(3)
			if good < 0 {
				good = 0
			}
			if r.IntN(80) == 0 {
				good = total + 1 // more good than total
			}
			fmt.Fprintf(&b, "%s,%d,%d,%s\n", ts, good, total, lat)
		default:
			if r.IntN(2000) == 0 {
				st = `"up"` // a quoted cell
			}
			fmt.Fprintf(&b, "%s,%s,%s\n", ts, st, lat)
		}
	}
	return b.String(), t
}

func cacheHeader(svc string) string {
	if svc == "jobs" {
		return "time,good,total,latency_ms\n"
	}
	return "time,status,latency_ms\n"
}

// TestCachedBuildIsByteIdentical changes snapshot files at random (seeded:
// appends, edits in place, truncations, rewrites, new and removed files,
// times set back, a damaged cache) and builds each round with and without
// the build cache: public/ and the diagnostics must be the same, byte for
// byte, every round.
func TestCachedBuildIsByteIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2026))
	cfg := testsite.SiteFiles(t, map[string]string{"site.toml": cacheSiteTOML})
	dir := filepath.Dir(cfg)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	svcs := []string{"api", "jobs", "web"}
	ends := map[string]time.Time{} // per file, the time of its last row written
	files := func() []string {
		ps, _ := filepath.Glob(filepath.Join(dir, "content", "metrics", "*", "*.csv"))
		return ps
	}
	past := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	setBack := func(p string) {
		// A time well before the read, distinct per change: the cache
		// judges the file by its size and time, not by its bytes.
		past = past.Add(time.Minute)
		os.Chtimes(p, past, past)
	}
	for _, svc := range svcs {
		for _, month := range []string{"2026-09", "2026-10", "2026-11"} {
			p := filepath.Join(dir, "content", "metrics", svc, month+".csv")
			os.MkdirAll(filepath.Dir(p), 0o755)
			start, _ := time.Parse("2006-01", month)
			rows, end := cacheRows(r, svc, start, 300+r.IntN(300))
			if err := os.WriteFile(p, []byte(cacheHeader(svc)+rows), 0o644); err != nil {
				t.Fatal(err)
			}
			ends[p] = end
			if r.IntN(2) == 0 {
				setBack(p)
			}
		}
	}
	var cachedRounds int
	for round := 0; round < 12; round++ {
		now = now.Add(15 * time.Minute)
		if round > 0 {
			for k := 0; k < 1+r.IntN(5); k++ {
				changeFile(t, r, files(), ends, svcs, dir)
			}
			for _, p := range files() {
				if r.IntN(3) == 0 {
					setBack(p)
				}
			}
			if round%4 == 3 {
				damageCache(t, r, dir)
			}
		}
		plain, pds := buildTree(t, cfg, now, false)
		cached, cds := buildTree(t, cfg, now, true)
		again, ads := buildTree(t, cfg, now, true)
		compareTrees(t, fmt.Sprintf("round %d, cached", round), plain, cached)
		compareTrees(t, fmt.Sprintf("round %d, cached again", round), plain, again)
		sameLines(t, fmt.Sprintf("round %d, diagnostics with the cache", round), pds, cds)
		sameLines(t, fmt.Sprintf("round %d, diagnostics with the cache again", round), pds, ads)
		if blobs, _ := filepath.Glob(filepath.Join(dir, ".statusgen", "cache", "snapshots", "*")); len(blobs) > 0 {
			cachedRounds++
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	if cachedRounds == 0 {
		t.Fatal("the cached builds wrote no cache entries")
	}
}

// changeFile makes one random change to the site's snapshots.
func changeFile(t *testing.T, r *rand.Rand, files []string, ends map[string]time.Time, svcs []string, dir string) {
	t.Helper()
	p := files[r.IntN(len(files))]
	svc := filepath.Base(filepath.Dir(p))
	b, _ := os.ReadFile(p)
	switch op := r.IntN(10); op {
	case 0, 1, 2: // append rows, as a probe does
		rows, end := cacheRows(r, svc, ends[p], 1+r.IntN(20))
		if op == 2 && len(rows) > 1 {
			rows = rows[:len(rows)-1] // the last line without its line break
		}
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(rows)
		f.Close()
		ends[p] = end
	case 3: // edit a byte in place: same size
		if len(b) > 40 {
			i := 30 + r.IntN(len(b)-30)
			b[i] = "0123456789,x\n"[r.IntN(13)]
			writeInPlace(t, p, b)
		}
	case 4: // edit a row: another size
		lines := strings.SplitAfter(string(b), "\n")
		if len(lines) > 2 {
			i := 1 + r.IntN(len(lines)-1)
			rows, _ := cacheRows(r, svc, ends[p].Add(-time.Duration(r.IntN(3000))*time.Minute), 1)
			lines[i] = rows
			writeInPlace(t, p, []byte(strings.Join(lines, "")))
		}
	case 5: // truncate, maybe within a line
		if len(b) > 0 {
			if err := os.Truncate(p, int64(r.IntN(len(b)))); err != nil {
				t.Fatal(err)
			}
		}
	case 6: // rewrite: a new file renamed over the old one, maybe appended
		rows, end := cacheRows(r, svc, ends[p], r.IntN(10))
		tmp := p + ".new"
		os.WriteFile(tmp, append(b, rows...), 0o644)
		if err := os.Rename(tmp, p); err != nil {
			t.Fatal(err)
		}
		ends[p] = end
	case 7: // a new file
		s := svcs[r.IntN(len(svcs))]
		np := filepath.Join(dir, "content", "metrics", s, fmt.Sprintf("extra-%d.csv", r.IntN(1000)))
		start := time.Date(2026, 11, 1+r.IntN(19), 0, 0, 0, 0, time.UTC)
		rows, end := cacheRows(r, s, start, 1+r.IntN(100))
		os.WriteFile(np, []byte(cacheHeader(s)+rows), 0o644)
		ends[np] = end
	case 9: // spoil an earlier row and append: the same file, grown
		lines := strings.SplitAfter(string(b), "\n")
		if len(lines) > 3 {
			i := 1 + r.IntN(len(lines)-2)
			lines[i] = "yesterday," + lines[i]
			rows, end := cacheRows(r, svc, ends[p], 1+r.IntN(5))
			writeInPlace(t, p, []byte(strings.Join(lines, "")+rows))
			ends[p] = end
		}
	case 8: // remove a file, or empty its header
		if r.IntN(2) == 0 {
			os.Remove(p)
		} else if i := strings.IndexByte(string(b), '\n'); i > 0 {
			writeInPlace(t, p, append([]byte("tim,status\n"), b[i+1:]...))
		}
	}
}

// writeInPlace rewrites a file's bytes keeping its inode.
func writeInPlace(t *testing.T, p string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(b)
	f.Close()
}

// damageCache flips bytes in, cuts short or removes cache blobs, or the
// whole folder.
func damageCache(t *testing.T, r *rand.Rand, dir string) {
	t.Helper()
	root := filepath.Join(dir, filepath.FromSlash(cache.DirName))
	blobs, _ := filepath.Glob(filepath.Join(root, "snapshots", "*"))
	if len(blobs) == 0 || r.IntN(4) == 0 {
		os.RemoveAll(root)
		return
	}
	for k := 0; k < 3; k++ {
		p := blobs[r.IntN(len(blobs))]
		b, _ := os.ReadFile(p)
		if len(b) == 0 {
			continue
		}
		if r.IntN(2) == 0 {
			b[r.IntN(len(b))] ^= 0x40
		} else {
			b = b[:r.IntN(len(b))]
		}
		os.WriteFile(p, b, 0o644)
	}
}

// buildTree builds the site into a new folder and returns its files and
// the diagnostics as text.
func buildTree(t *testing.T, cfg string, now time.Time, cached bool) (map[string]string, []string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	_, ds, err := Build(Options{Config: cfg, Out: out, Now: now, Cache: cached, CacheDir: filepath.Join(filepath.Dir(cfg), "no-assets")})
	if err != nil {
		t.Fatalf("build (cache %v): %v\n%v", cached, err, ds)
	}
	return testsite.Files(t, out), diagLines(ds)
}

func diagLines(ds diag.Diagnostics) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%s warning=%v", d.Error(), d.Warning)
	}
	return out
}

// sameLines reports the first line where got differs from want.
func sameLines(t *testing.T, what string, want, got []string) {
	t.Helper()
	for i := 0; i < max(len(want), len(got)); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Errorf("%s: line %d is\n\t%s\nwant\n\t%s\n(%d lines, want %d)", what, i+1, g, w, len(got), len(want))
			return
		}
	}
}

func compareTrees(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	for p, w := range want {
		if p == OutputMarker {
			continue
		}
		if g, ok := got[p]; !ok {
			t.Errorf("%s: %s is missing", what, p)
		} else if g != w {
			t.Errorf("%s: %s differs (%d bytes, want %d)", what, p, len(g), len(w))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s is extra", what, p)
		}
	}
}
