package site

import (
	"sort"
	"strconv"
	"strings"

	"github.com/statusgen/statusgen/generator/incident"
)

// LabelKey is one label key of the site's services (env, source, team)
// with every value some service gives it.
type LabelKey struct {
	Key    string
	Values []*LabelValue
}

// LabelValue is one key = value: the services that carry it and the
// published incidents on them. Its page, labels/<key>/<slug>/, is the
// status page and the incident archive filtered to those services, so a
// reader filters without JavaScript by following a link.
type LabelValue struct {
	Key, Value string
	// Slug is the value as a URL segment: lower-case letters, digits and
	// dashes; values that would share one get -2, -3… in value order.
	Slug      string
	Path      string // "labels/env/prod/"
	Status    string // the worst status of its services
	Services  []*ServiceReport
	Incidents []*incident.Incident // newest first, as Site.Incidents
}

// labelIndex gathers the labels of the services: keys and values sorted,
// services in site.toml order.
func (s *Site) labelIndex() []*LabelKey {
	byKey := map[string]map[string]*LabelValue{}
	for _, svc := range s.Services {
		for _, l := range svc.SortedLabels() {
			vals := byKey[l.Key]
			if vals == nil {
				vals = map[string]*LabelValue{}
				byKey[l.Key] = vals
			}
			lv := vals[l.Value]
			if lv == nil {
				lv = &LabelValue{Key: l.Key, Value: l.Value, Status: StatusOperational}
				vals[l.Value] = lv
			}
			lv.Services = append(lv.Services, svc)
			lv.Status = WorseStatus(lv.Status, svc.Status)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []*LabelKey
	for _, k := range keys {
		lk := &LabelKey{Key: k}
		for _, lv := range byKey[k] {
			lk.Values = append(lk.Values, lv)
		}
		sort.Slice(lk.Values, func(i, j int) bool { return lk.Values[i].Value < lk.Values[j].Value })
		used := map[string]bool{}
		for _, lv := range lk.Values {
			base := LabelSlug(lv.Value)
			slug := base
			for n := 2; used[slug]; n++ {
				slug = base + "-" + strconv.Itoa(n)
			}
			used[slug] = true
			lv.Slug = slug
			lv.Path = "labels/" + k + "/" + slug + "/"
			for _, in := range s.Incidents {
				for _, svc := range lv.Services {
					if in.Affects(svc.ID) {
						lv.Incidents = append(lv.Incidents, in)
						break
					}
				}
			}
		}
		out = append(out, lk)
	}
	return out
}

// LabelSlug writes a label value as a URL segment: lower-case letters and
// digits kept, every run of anything else one dash ("Prod EU" → "prod-eu");
// a value with neither letters nor digits is "value".
func LabelSlug(v string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(v) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "value"
	}
	return b.String()
}

// LabelValueOf returns the label value key = value, or nil.
func (s *Site) LabelValueOf(key, value string) *LabelValue {
	for _, lk := range s.Labels {
		if lk.Key != key {
			continue
		}
		for _, lv := range lk.Values {
			if lv.Value == value {
				return lv
			}
		}
	}
	return nil
}
