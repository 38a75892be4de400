package openslo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
)

// maxFileSize bounds one OpenSLO file; SLO definitions are a few KB.
const maxFileSize = 4 << 20

// Files returns the YAML files of path: the file itself, or every .yaml
// and .yml file below a folder, sorted.
func Files(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("%s holds no .yaml or .yml file", path)
	}
	return out, err
}

// doc is one YAML document of a file.
type doc struct {
	file string
	root *yaml.Node // the document's mapping
}

// reader turns documents into services, reporting through ds.
type reader struct {
	ds       *diag.Diagnostics
	tz       string // the site's time zone, for calendar windows
	sliByRef map[string]*doc
	services map[string]*Service
	order    []string
}

// Read reads OpenSLO v1 documents from files (as named in diagnostics) and
// returns the services and SLOs they define, in the order first named.
// Anything statusgen has no counterpart for is a warning naming the file
// and line; a file that is not YAML, or an SLO that cannot be read, is an
// error. tz is the site's time zone.
func Read(files []string, display func(string) string, tz string) ([]*Service, diag.Diagnostics) {
	var ds diag.Diagnostics
	r := &reader{ds: &ds, tz: tz, sliByRef: map[string]*doc{}, services: map[string]*Service{}}
	var docs []*doc
	for _, f := range files {
		name := display(f)
		b, err := readLimited(f)
		if err != nil {
			ds.Errorf(name, 0, 0, "%v", err)
			continue
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for {
			var n yaml.Node
			err := dec.Decode(&n)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				ds.Errorf(name, yamlErrLine(err), 0, "not YAML: %v", yamlErrText(err))
				break
			}
			if len(n.Content) == 0 {
				continue
			}
			root := n.Content[0]
			if root.Kind != yaml.MappingNode {
				ds.Errorf(name, root.Line, root.Column, "an OpenSLO document is a mapping with apiVersion, kind, metadata and spec")
				continue
			}
			docs = append(docs, &doc{file: name, root: root})
		}
	}
	// SLIs first, so an SLO's indicatorRef finds one defined later.
	for _, d := range docs {
		if scalar(get(d.root, "kind")) == "SLI" {
			if name := scalar(get(get(d.root, "metadata"), "name")); name != "" {
				r.sliByRef[name] = d
			}
		}
	}
	for _, d := range docs {
		r.document(d)
	}
	out := make([]*Service, 0, len(r.order))
	for _, id := range r.order {
		out = append(out, r.services[id])
	}
	ds.Sort()
	return out, ds
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err == nil && len(b) > maxFileSize {
		err = fmt.Errorf("larger than %d MB; an OpenSLO file is a few KB", maxFileSize>>20)
	}
	return b, err
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrLine(err error) int {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

func yamlErrText(err error) string {
	return strings.TrimPrefix(yamlLine.ReplaceAllString(err.Error(), ""), "yaml: ")
}

// get returns the value of key in mapping n, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// where is "file:line" of a node, for Service.Where and messages.
func (d *doc) where(n *yaml.Node) string { return fmt.Sprintf("%s:%d", d.file, n.Line) }

// warn and errorf report at n, or at the document when n is missing.
func (r *reader) warn(d *doc, n *yaml.Node, format string, args ...any) {
	if n == nil {
		n = d.root
	}
	r.ds.Warnf(d.file, n.Line, n.Column, format, args...)
}

func (r *reader) errorf(d *doc, n *yaml.Node, format string, args ...any) {
	if n == nil {
		n = d.root
	}
	r.ds.Errorf(d.file, n.Line, n.Column, format, args...)
}

// only warns about every key of mapping n not in known: what it says has
// no counterpart in statusgen. what names the mapping ("spec").
func (r *reader) only(d *doc, n *yaml.Node, what string, known ...string) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !contains(known, k.Value) {
			r.warn(d, k, "%s%s has no counterpart in statusgen; left out", what, k.Value)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (r *reader) document(d *doc) {
	api, kind := get(d.root, "apiVersion"), get(d.root, "kind")
	if scalar(api) != APIVersion {
		at := d.root
		if api != nil {
			at = api
		}
		r.warn(d, at, "apiVersion %q is not read; statusgen reads %s (the document is left out)", scalar(api), APIVersion)
		return
	}
	r.only(d, d.root, "", "apiVersion", "kind", "metadata", "spec")
	switch scalar(kind) {
	case "Service":
		r.service(d)
	case "SLO":
		r.slo(d)
	case "SLI":
		// Read where an SLO refers to it.
	default:
		r.warn(d, kind, "kind %s has no counterpart in statusgen (it alerts on burn rates of its own, docs/slo-maths.md); the document is left out", scalar(kind))
	}
}

// serviceFor returns the service id, created when first named.
func (r *reader) serviceFor(id, where string) *Service {
	if s, ok := r.services[id]; ok {
		return s
	}
	s := &Service{ID: id, Where: where}
	r.services[id] = s
	r.order = append(r.order, id)
	return s
}

// id checks a metadata.name as a statusgen id.
func (r *reader) id(d *doc, n *yaml.Node, what string) (string, bool) {
	v := scalar(n)
	if n == nil || v == "" {
		r.errorf(d, d.root, "%s: metadata.name is missing", what)
		return "", false
	}
	if !config.IDPattern.MatchString(v) {
		r.errorf(d, n, "%s name %q is not a statusgen id; use lower-case letters, digits and dashes", what, v)
		return "", false
	}
	return v, true
}

func (r *reader) service(d *doc) {
	md, spec := get(d.root, "metadata"), get(d.root, "spec")
	r.only(d, md, "metadata.", "name", "displayName", "labels", "annotations")
	r.only(d, spec, "spec.", "description")
	id, ok := r.id(d, get(md, "name"), "Service")
	if !ok {
		return
	}
	s := r.serviceFor(id, d.where(d.root))
	s.Name = scalar(get(md, "displayName"))
	s.Description = scalar(get(spec, "description"))
	s.Labels = r.labels(d, get(md, "labels"))
	ann := get(md, "annotations")
	s.Owner, s.Contact, s.Runbook = scalar(get(ann, annOwner)), scalar(get(ann, annContact)), scalar(get(ann, annRunbook))
	s.Interval = scalar(get(ann, annInterval))
	r.otherAnnotations(d, ann, annOwner, annContact, annRunbook, annInterval)
}

func (r *reader) otherAnnotations(d *doc, ann *yaml.Node, ours ...string) {
	r.only(d, ann, "metadata.annotations.", ours...)
}

var labelKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// labels reads OpenSLO labels as service labels: a list value is joined
// with ", " (statusgen labels hold one value), a key statusgen does not
// take is a warning.
func (r *reader) labels(d *doc, n *yaml.Node) map[string]string {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !labelKey.MatchString(k.Value) {
			r.warn(d, k, "label %q: statusgen label keys are a lower-case letter, then lower-case letters, digits or _; left out", k.Value)
			continue
		}
		switch v.Kind {
		case yaml.ScalarNode:
			out[k.Value] = v.Value
		case yaml.SequenceNode:
			var vals []string
			for _, x := range v.Content {
				vals = append(vals, x.Value)
			}
			if len(vals) > 1 {
				r.warn(d, v, "label %s has %d values; statusgen labels hold one, so they are joined: %q", k.Value, len(vals), strings.Join(vals, ", "))
			}
			out[k.Value] = strings.Join(vals, ", ")
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

var shorthand = regexp.MustCompile(`^(\d+)([smhdwMQY])$`)

// window maps a timeWindow entry to a statusgen window.
func (r *reader) window(d *doc, tw *yaml.Node) (string, bool) {
	r.only(d, tw, "timeWindow.", "duration", "isRolling", "calendar")
	dur := get(tw, "duration")
	m := shorthand.FindStringSubmatch(scalar(dur))
	if m == nil {
		at := tw
		if dur != nil {
			at = dur
		}
		r.errorf(d, at, "timeWindow duration %q: write a number and one of s, m, h, d, w, M, Q, Y (e.g. 28d, 1M)", scalar(dur))
		return "", false
	}
	n, _ := strconv.Atoi(m[1])
	rolling := scalar(get(tw, "isRolling")) == "true"
	if cal := get(tw, "calendar"); cal != nil {
		r.only(d, cal, "timeWindow.calendar.", "startTime", "timeZone")
		if tz := scalar(get(cal, "timeZone")); tz != "" && tz != r.tz {
			r.warn(d, get(cal, "timeZone"), "calendar time zone %s differs from the site's (%s); statusgen counts calendar periods in the site's time zone", tz, r.tz)
		}
	}
	unit := m[2]
	if !rolling && n == 1 {
		switch unit {
		case "M":
			return "month", true
		case "Q":
			return "quarter", true
		case "Y":
			return "year", true
		}
	}
	days := map[string]int{"M": 30, "Q": 91, "Y": 365}
	var w string
	switch unit {
	case "h", "d", "w":
		w = m[1] + unit
	case "M", "Q", "Y":
		w = strconv.Itoa(n*days[unit]) + "d"
	default: // s, m
		sec := n
		if unit == "m" {
			sec *= 60
		}
		if sec%3600 != 0 {
			r.errorf(d, dur, "timeWindow %s is shorter than statusgen's shortest window (1h) or not whole hours; the SLO is left out", scalar(dur))
			return "", false
		}
		w = strconv.Itoa(sec/3600) + "h"
	}
	if !rolling {
		r.warn(d, dur, "a calendar window of %s has no counterpart in statusgen (calendar windows are one month, quarter or year); imported as the rolling window %s", scalar(dur), w)
	} else if unit == "M" || unit == "Q" || unit == "Y" {
		r.warn(d, dur, "a rolling window of %s has no counterpart in statusgen; imported as %s", scalar(dur), w)
	}
	if _, err := config.ParseWindow(w); err != nil {
		r.errorf(d, dur, "timeWindow %s: %v; the SLO is left out", scalar(dur), err)
		return "", false
	}
	return w, true
}

var ops = map[string]string{"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

// indicator is what an SLI says: the statusgen indicator and its columns.
type indicator struct {
	kind        string // status, incidents, ratio, threshold
	column      string
	good, total string
}

// sli reads an SLI's spec (inline or referenced).
func (r *reader) sli(d *doc, spec *yaml.Node) (indicator, bool) {
	r.only(d, spec, "indicator.spec.", "thresholdMetric", "ratioMetric", "description")
	if tm := get(spec, "thresholdMetric"); tm != nil {
		r.only(d, tm, "thresholdMetric.", "metricSource")
		src := get(tm, "metricSource")
		ours := r.source(d, src)
		switch k := scalar(get(ours, "indicator")); k {
		case config.IndicatorStatus, config.IndicatorIncidents:
			return indicator{kind: k}, true
		}
		col := scalar(get(ours, "column"))
		if col == "" {
			col = "value"
			r.warn(d, tm, "the threshold metric names no statusgen column; the SLO compares column %q of content/metrics/<service>/*.csv: rename it in site.toml to the column your snapshots hold", col)
		}
		return indicator{kind: config.IndicatorThreshold, column: col}, true
	}
	if rm := get(spec, "ratioMetric"); rm != nil {
		r.only(d, rm, "ratioMetric.", "counter", "good", "total", "bad", "rawType", "raw")
		if get(rm, "raw") != nil || get(rm, "bad") != nil && get(rm, "good") == nil {
			at := get(rm, "raw")
			if at == nil {
				at = get(rm, "bad")
			}
			r.warn(d, at, "statusgen's ratio SLOs count good of total events; a raw or bad-events metric has no counterpart, so the SLO reads the columns good and total")
		} else if get(rm, "bad") != nil {
			r.warn(d, get(rm, "bad"), "ratioMetric.bad has no counterpart (good and total are read); left out")
		}
		ind := indicator{kind: config.IndicatorRatio, good: "good", total: "total"}
		if g := scalar(get(r.source(d, get(get(rm, "good"), "metricSource")), "column")); g != "" {
			ind.good = g
		}
		if t := scalar(get(r.source(d, get(get(rm, "total"), "metricSource")), "column")); t != "" {
			ind.total = t
		}
		return ind, true
	}
	r.errorf(d, spec, "the indicator has neither thresholdMetric nor ratioMetric; the SLO is left out")
	return indicator{}, false
}

// source returns the spec of a metricSource of type statusgen; for any
// other source it warns that statusgen reads its snapshots instead.
func (r *reader) source(d *doc, src *yaml.Node) *yaml.Node {
	if src == nil {
		return nil
	}
	if scalar(get(src, "type")) == "statusgen" {
		return get(src, "spec")
	}
	r.warn(d, src, "metric source %q is not queried: statusgen reads content/metrics/<service>/*.csv (import or append the data there)", scalar(get(src, "type")))
	return nil
}

func (r *reader) slo(d *doc) {
	md, spec := get(d.root, "metadata"), get(d.root, "spec")
	r.only(d, md, "metadata.", "name", "displayName", "annotations", "labels")
	if l := get(md, "labels"); l != nil {
		r.warn(d, l, "labels on an SLO have no counterpart (statusgen labels services); left out")
	}
	r.only(d, spec, "spec.", "description", "service", "indicator", "indicatorRef", "timeWindow", "budgetingMethod", "objectives", "alertPolicies")
	name, ok := r.id(d, get(md, "name"), "SLO")
	if !ok {
		return
	}
	ann := get(md, "annotations")
	r.otherAnnotations(d, ann, annSLOID, annSLA, annSLAPeriod, annMinCoverage)
	svcNode := get(spec, "service")
	svcID := scalar(svcNode)
	if svcID == "" || !config.IDPattern.MatchString(svcID) {
		at := spec
		if svcNode != nil {
			at = svcNode
		}
		r.errorf(d, at, "spec.service %q: name the service with a statusgen id (lower-case letters, digits and dashes)", svcID)
		return
	}
	if ap := get(spec, "alertPolicies"); ap != nil && len(ap.Content) > 0 {
		r.warn(d, ap, "alert policies have no counterpart: statusgen alerts on the SRE workbook's multi-window burn rates (docs/slo-maths.md); left out")
	}
	// The indicator: inline or by reference.
	var ind indicator
	switch {
	case get(spec, "indicator") != nil:
		in := get(spec, "indicator")
		r.only(d, in, "indicator.", "metadata", "spec")
		if ind, ok = r.sli(d, get(in, "spec")); !ok {
			return
		}
	case get(spec, "indicatorRef") != nil:
		ref := get(spec, "indicatorRef")
		sd := r.sliByRef[scalar(ref)]
		if sd == nil {
			r.errorf(d, ref, "indicatorRef %q names no SLI of the files read; the SLO is left out", scalar(ref))
			return
		}
		r.only(sd, get(sd.root, "metadata"), "metadata.", "name", "displayName")
		if ind, ok = r.sli(sd, get(sd.root, "spec")); !ok {
			return
		}
	default:
		r.errorf(d, spec, "the SLO has no indicator or indicatorRef; it is left out")
		return
	}
	tws := get(spec, "timeWindow")
	window := "28d"
	if tws == nil || tws.Kind != yaml.SequenceNode || len(tws.Content) == 0 {
		r.warn(d, spec, "no timeWindow; statusgen's default window 28d is used")
	} else {
		if len(tws.Content) > 1 {
			r.warn(d, tws.Content[1], "statusgen reads one time window per SLO; the windows after the first are left out")
		}
		if window, ok = r.window(d, tws.Content[0]); !ok {
			return
		}
	}
	bm := get(spec, "budgetingMethod")
	budgeting := ""
	switch scalar(bm) {
	case "Occurrences", "":
	case "Timeslices":
		switch ind.kind {
		case config.IndicatorThreshold:
			budgeting = "timeslices"
		case config.IndicatorRatio:
			r.warn(d, bm, "Timeslices of a ratio metric have no counterpart: statusgen sums good and total events over the window (Occurrences)")
		}
	case "RatioTimeslices":
		r.warn(d, bm, "RatioTimeslices has no counterpart: statusgen sums good and total events over the window (Occurrences)")
	default:
		r.errorf(d, bm, "budgetingMethod %q: use Occurrences, Timeslices or RatioTimeslices", scalar(bm))
		return
	}
	obj := get(spec, "objectives")
	if obj == nil || obj.Kind != yaml.SequenceNode || len(obj.Content) == 0 {
		r.errorf(d, spec, "the SLO has no objectives; it is left out")
		return
	}
	svc := r.serviceFor(svcID, d.where(d.root))
	baseID := name
	if v := scalar(get(ann, annSLOID)); v != "" && config.IDPattern.MatchString(v) {
		baseID = v
	}
	for i, o := range obj.Content {
		r.only(d, o, "objectives[].", "displayName", "op", "value", "target", "targetPercent", "timeSliceTarget", "timeSliceWindow")
		s := &SLO{ID: baseID, Name: scalar(get(o, "displayName")), Rationale: scalar(get(spec, "description")),
			Indicator: ind.kind, Window: window, Budgeting: budgeting, Column: ind.column, Good: ind.good, Total: ind.total,
			Where: d.where(o)}
		if s.Name == "" {
			s.Name = scalar(get(md, "displayName"))
		}
		if i > 0 {
			s.ID = fmt.Sprintf("%s-%d", baseID, i+1)
		}
		switch t, tp := get(o, "target"), get(o, "targetPercent"); {
		case t != nil:
			v, err := strconv.ParseFloat(t.Value, 64)
			if err != nil || !(v > 0 && v < 1) {
				r.errorf(d, t, "target %q: a ratio between 0 and 1, e.g. 0.999", t.Value)
				continue
			}
			s.Objective = percent(v)
		case tp != nil:
			v, err := strconv.ParseFloat(tp.Value, 64)
			if err != nil || !(v > 0 && v < 100) {
				r.errorf(d, tp, "targetPercent %q: a percentage between 0 and 100, e.g. 99.9", tp.Value)
				continue
			}
			s.Objective = v
		default:
			r.errorf(d, o, "the objective has no target or targetPercent; it is left out")
			continue
		}
		if ind.kind == config.IndicatorThreshold {
			op, val := get(o, "op"), get(o, "value")
			s.Op = ops[scalar(op)]
			v, err := strconv.ParseFloat(scalar(val), 64)
			if s.Op == "" || err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				r.errorf(d, o, "a threshold objective needs op (lt, lte, gt or gte) and a numeric value; it is left out")
				continue
			}
			s.Threshold = &v
		} else if op := get(o, "op"); op != nil {
			r.warn(d, op, "op and value of a %s objective have no counterpart; left out", ind.kind)
		}
		if tst := get(o, "timeSliceTarget"); tst != nil {
			r.warn(d, tst, "timeSliceTarget has no counterpart: a statusgen time slice is one sample, good when its value meets the threshold; left out")
		}
		if tsw := get(o, "timeSliceWindow"); tsw != nil {
			switch {
			case svc.Interval == "":
				svc.Interval = scalar(tsw)
				if _, err := config.ParseDuration(svc.Interval); err != nil {
					r.warn(d, tsw, "timeSliceWindow %q is not a duration; left out", svc.Interval)
					svc.Interval = ""
				}
			case svc.Interval != scalar(tsw):
				r.warn(d, tsw, "timeSliceWindow %s differs from the service's interval %s, which each sample stands for; left out", scalar(tsw), svc.Interval)
			}
		}
		if v := scalar(get(ann, annSLA)); v != "" {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				s.SLA = &f
			}
		}
		s.SLAPeriod = scalar(get(ann, annSLAPeriod))
		if v := scalar(get(ann, annMinCoverage)); v != "" {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				s.MinCoverage = &f
			}
		}
		svc.SLOs = append(svc.SLOs, s)
	}
}
