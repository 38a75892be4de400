package html

import (
	"html/template"

	"github.com/statusgen/statusgen/generator/site"
)

// Labels on pages: a service's labels as links, and a label filter (every
// key = value of the site) on the status page and the incident archive.
// Filtering needs no script: each value has its own page,
// labels/<key>/<slug>/, with the status and the incidents of its
// services only (docs/labels.md).

// labelChips is what the "label-chips" partial draws: a service's labels,
// each linking to its value's page.
type labelChips struct {
	Root   string
	Labels []labelChip
}

type labelChip struct {
	Key, Value, Href string
}

// labelFilter is what the "label-filter" partial draws: every key with its
// values, the current one (on a label page) marked.
type labelFilter struct {
	Root    string
	Keys    []*site.LabelKey
	Current *site.LabelValue
	// All is the unfiltered page the filter leads back to: "index.html"
	// or "incidents/index.html".
	All string
}

func labelFuncs(s *site.Site, fm template.FuncMap) template.FuncMap {
	fm["labelChips"] = func(root string, svc *site.ServiceReport) labelChips {
		lc := labelChips{Root: root}
		for _, l := range svc.SortedLabels() {
			href := ""
			if lv := s.LabelValueOf(l.Key, l.Value); lv != nil {
				href = lv.Path + "index.html"
			}
			lc.Labels = append(lc.Labels, labelChip{l.Key, l.Value, href})
		}
		return lc
	}
	fm["labelFilter"] = func(root string, current *site.LabelValue, all string) labelFilter {
		return labelFilter{Root: root, Keys: s.Labels, Current: current, All: all}
	}
	return fm
}

// renderLabels renders one page per label value.
func renderLabels(s *site.Site, render func(tmpl, p string, pg *Page) error) error {
	for _, lk := range s.Labels {
		for _, lv := range lk.Values {
			if err := render("label.html", lv.Path+"index.html", &Page{Path: lv.Path, Title: lv.Key + " = " + lv.Value, Label: lv}); err != nil {
				return err
			}
		}
	}
	return nil
}
