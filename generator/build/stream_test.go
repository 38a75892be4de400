package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/statusgen/statusgen/generator/html"
	"github.com/statusgen/statusgen/generator/testsite"
)

// Files streamed into the new folder from several goroutines: every one
// arrives whole, a path emitted again keeps its later bytes, the marker
// lists each path once; a write that fails leaves the previous site as it
// was.
func TestStreamedBuildWritesWhatAMapWould(t *testing.T) {
	cfg := testsite.SiteFiles(t, map[string]string{"site.toml": "title = \"T\"\n"})
	out := filepath.Join(filepath.Dir(cfg), "public")
	err := writeAtomic(out, cfg, func(emit html.Emit) error {
		emit("index.html", []byte("first"))
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 50; i++ {
					emit(fmt.Sprintf("p/%d/%d/index.html", g, i), []byte(strings.Repeat("x", i*100)))
				}
			}()
		}
		wg.Wait()
		return emit("index.html", []byte("second"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "second" {
		t.Errorf("index.html = %q, want the later bytes", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "p", "3", "49", "index.html")); len(b) != 4900 {
		t.Errorf("p/3/49/index.html has %d bytes, want 4900", len(b))
	}
	marker, _ := os.ReadFile(filepath.Join(out, OutputMarker))
	if lines := strings.Split(strings.TrimSpace(string(marker)), "\n"); len(lines) != 1+1+200 || lines[1] != "index.html" {
		t.Errorf("the marker lists %d lines, want the header and 201 files, index.html first:\n%s", len(lines), marker)
	}
	before := testsite.Files(t, out)
	err = writeAtomic(out, cfg, func(emit html.Emit) error {
		emit("a", []byte("a file"))
		emit("index.html", []byte("new"))
		emit("a/b", []byte("cannot be: a is a file")) // fails, now or at close
		return nil
	})
	if err == nil {
		t.Fatal("a write that failed gave no error")
	}
	testsite.SameFiles(t, "public/ after a failed build", before, testsite.Files(t, out))
	if tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.new-*")); len(tmps) > 0 {
		t.Errorf("the failed build left %v", tmps)
	}
}
