package config

import (
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Labels: `labels = { env = "prod", source = "kafka", team = "data-platform" }`
// on a [[service]]. A key is a lower-case name as Prometheus writes label
// names (a letter, then letters, digits or _; at most 63 characters), so
// it can name a filter, a CSS class, a query parameter and a Prometheus
// label alike; a value is 1 to 100 characters of printable text.

// labelKey is the form of a label's key.
var labelKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// maxLabelValue is the longest value, in characters.
const maxLabelValue = 100

// maxLabels is the most labels a service may have.
const maxLabels = 20

func validateLabels(errf func(table, key, format string, args ...any), t string, labels map[string]string) {
	if len(labels) > maxLabels {
		errf(t, "labels", "has %d labels; keep at most %d (labels are for filtering, not for notes: use description)", len(labels), maxLabels)
	}
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := labels[k]
		if !labelKey.MatchString(k) {
			errf(t, "labels", "label %q: a key is a lower-case letter, then lower-case letters, digits or _ (at most 63), e.g. env or data_source", k)
			continue
		}
		switch {
		case strings.TrimSpace(v) == "":
			errf(t, "labels", "label %s is empty; give it a value, e.g. %s = \"prod\", or remove it", k, k)
		case utf8.RuneCountInString(v) > maxLabelValue:
			errf(t, "labels", "label %s is %d characters long; keep a value to at most %d", k, utf8.RuneCountInString(v), maxLabelValue)
		case strings.IndexFunc(v, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
			errf(t, "labels", "label %s holds a control character; write it on one line of printable text", k)
		}
	}
}

// maxStaleAfter is the longest stale_after: a year.
const maxStaleAfter = 366 * 24 * time.Hour

func validateStaleAfter(errf func(table, key, format string, args ...any), t string, s *Service) {
	if s.StaleAfter == "" {
		return
	}
	d, err := ParseDuration(s.StaleAfter)
	switch {
	case err != nil || d <= 0:
		errf(t, "stale_after", "bad duration %q; write it like \"26h\" for a daily job, or \"30m\"", s.StaleAfter)
	case d < minInterval || d > maxStaleAfter || d%time.Second != 0:
		errf(t, "stale_after", "%q is out of range; write whole seconds from 1s to 366d", s.StaleAfter)
	default:
		s.StaleAfterDur = d
	}
}

// StaleAfterFor is how old a service's newest sample may be before its
// status is unknown: stale_after when set, else two sampling intervals
// (the interval of site.toml, or the median gap of its samples when
// site.toml names none).
func (s *Service) StaleAfterFor(interval time.Duration) time.Duration {
	if s.StaleAfterDur > 0 {
		return s.StaleAfterDur
	}
	return 2 * interval
}

// SortedLabels returns a service's labels ordered by key.
func (s *Service) SortedLabels() []Label {
	out := make([]Label, 0, len(s.Labels))
	for k, v := range s.Labels {
		out = append(out, Label{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Label is one key = value of a service's labels.
type Label struct {
	Key, Value string
}
