package build

import (
	"maps"
	"sort"

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
	out, err := html.Render(s)
	if err != nil {
		return nil, err
	}
	j, err := api.SLOJSON(s)
	if err != nil {
		return nil, err
	}
	out["api/slo.json"] = j
	return out, addMachineOutputs(s, out)
}

// addMachineOutputs adds the feed, the Statuspage v2 documents and the
// badges to a build's files.
func addMachineOutputs(s *site.Site, out map[string][]byte) error {
	x, err := feed.XML(s)
	if err != nil {
		return err
	}
	out[feed.Path] = x
	docs, err := statuspage.Documents(s)
	if err != nil {
		return err
	}
	maps.Copy(out, docs)
	badges, err := badge.Files(s)
	if err != nil {
		return err
	}
	maps.Copy(out, badges)
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
