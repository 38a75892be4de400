package build

import (
	"sort"
	"sync"

	"github.com/statusgen/statusgen/generator/api"
	"github.com/statusgen/statusgen/generator/badge"
	"github.com/statusgen/statusgen/generator/feed"
	"github.com/statusgen/statusgen/generator/html"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/statuspage"
)

// Files produces every file of the site from its computed model, keyed by
// its path in public/: the HTML pages and assets, api/slo.json, the
// Statuspage v2 documents, the Atom feed and the badges. Nothing is
// written; Build writes the result atomically and serve serves it.
func Files(s *site.Site) (map[string][]byte, error) {
	out := map[string][]byte{}
	var mu sync.Mutex
	err := FilesTo(s, func(p string, b []byte) error {
		mu.Lock()
		out[p] = b
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FilesTo is Files handing each file to emit as it is produced (from
// several goroutines at once): what Build writes while it renders.
func FilesTo(s *site.Site, emit html.Emit) error {
	if err := html.RenderTo(s, emit); err != nil {
		return err
	}
	j, err := api.SLOJSON(s)
	if err != nil {
		return err
	}
	if err := emit("api/slo.json", j); err != nil {
		return err
	}
	return addMachineOutputs(s, emit)
}

// addMachineOutputs adds the feed, the Statuspage v2 documents and the
// badges to a build's files.
func addMachineOutputs(s *site.Site, emit html.Emit) error {
	feeds, err := feed.Files(s)
	if err != nil {
		return err
	}
	for _, k := range sortedKeys(feeds) {
		if err := emit(k, feeds[k]); err != nil {
			return err
		}
	}
	if err := emit(feed.ICSPath, feed.MaintenanceICS(s)); err != nil {
		return err
	}
	docs, err := statuspage.Documents(s)
	if err != nil {
		return err
	}
	badges, err := badge.Files(s)
	if err != nil {
		return err
	}
	for _, m := range []map[string][]byte{docs, badges} {
		for _, k := range sortedKeys(m) {
			if err := emit(k, m[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

// sortedKeys returns the keys of the output in order, so files are written
// in a stable order.
func sortedKeys(o map[string][]byte) []string {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
