package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator/incident"
)

// stactusIncident is an incident/v1 document of slok/stactus.
type stactusIncident struct {
	Version  string   `yaml:"version"`
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"`
	Impact   string   `yaml:"impact"`
	Systems  []string `yaml:"systems"`
	Timeline []struct {
		TS            string `yaml:"ts"`
		Description   string `yaml:"description"`
		Investigating bool   `yaml:"investigating"`
		Resolved      bool   `yaml:"resolved"`
	} `yaml:"timeline"`
}

// StactusOptions tunes ImportStactus.
type StactusOptions struct {
	// SystemsFile is the site's stactus.yaml (version stactus/v1), whose
	// systems' names map system ids to services by name too; optional.
	SystemsFile string
	DryRun      bool
}

// ImportStactus converts slok/stactus incidents (incident/v1 YAML files,
// several documents a file allowed) from src, a file or a folder searched
// recursively for .yml and .yaml files, into incident files. The
// timeline's first event is the start, its last resolved event the end;
// each event is an update. Times are read as stactus reads them: RFC 3339,
// "2006-01-02 15:04[:05]" (UTC; / for -), an hour ("15:04", "3:04PM") on
// the previous event's day, or "+30m" after the previous event.
func (s *Site) ImportStactus(src string, opts StactusOptions, sum *Summary) error {
	names := map[string]string{} // system id → name
	if opts.SystemsFile != "" {
		b, err := os.ReadFile(opts.SystemsFile)
		if err != nil {
			return err
		}
		var spec struct {
			Version string `yaml:"version"`
			Systems []struct {
				ID   string `yaml:"id"`
				Name string `yaml:"name"`
			} `yaml:"systems"`
		}
		if err := yaml.Unmarshal(b, &spec); err != nil {
			return fmt.Errorf("%s: %v", opts.SystemsFile, errorLine(err))
		}
		for _, sys := range spec.Systems {
			names[sys.ID] = sys.Name
		}
	}
	var files []string
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if st.IsDir() {
		err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(filepath.Ext(p))
			if !d.IsDir() && (ext == ".yml" || ext == ".yaml") && d.Type().IsRegular() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return err
		}
		sort.Strings(files)
		if len(files) == 0 {
			return fmt.Errorf("%s: no .yml or .yaml files; give the folder of stactus incidents", src)
		}
	} else {
		files = []string{src}
	}
	var docs []*IncidentDoc
	unknown := map[string]int{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, f)
		if rel == "." || rel == "" {
			rel = filepath.Base(f)
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for n := 1; ; n++ {
			var in stactusIncident
			err := dec.Decode(&in)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				sum.unreadable("%s: document %d: %v", rel, n, errorLine(err))
				break
			}
			if in.Version != "incident/v1" {
				if in.Version == "stactus/v1" {
					continue // the systems file, in the same folder
				}
				sum.skipped(1, "%s: document %d: version %q is not incident/v1", rel, n, in.Version)
				continue
			}
			d, why := s.stactusIncident(in, names, unknown)
			if d == nil {
				sum.skipped(1, "%s: document %d (%s): %s", rel, n, in.ID, why)
				continue
			}
			docs = append(docs, d)
		}
	}
	for _, n := range sortedKeys(unknown) {
		sum.note("system %q matches no service (%s); it is listed in the incident text: add a service with that id or name to list the incidents under it",
			n, plural(unknown[n], "incident"))
	}
	return s.WriteIncidents(sum, docs, opts.DryRun)
}

func (s *Site) stactusIncident(in stactusIncident, names map[string]string, unknown map[string]int) (*IncidentDoc, string) {
	if strings.TrimSpace(in.ID) == "" {
		return nil, "no id"
	}
	d := &IncidentDoc{Source: "stactus " + in.ID, Title: strings.TrimSpace(in.Name)}
	if d.Title == "" {
		return nil, "no name"
	}
	if len(in.Timeline) == 0 {
		return nil, "no timeline: an incident needs at least the event that started it"
	}
	var comments []string
	switch imp := strings.ToLower(strings.TrimSpace(in.Impact)); imp {
	case "minor", "major", "critical":
		d.Severity = imp
	case "", "none":
		d.Severity = incident.SeverityMinor
		comments = append(comments, fmt.Sprintf("impact %q read as severity minor", in.Impact))
	default:
		return nil, fmt.Sprintf("impact %q is not minor, major or critical", in.Impact)
	}
	var prev time.Time
	for i, e := range in.Timeline {
		t, err := stactusTime(prev, strings.TrimSpace(e.TS))
		if err != nil {
			return nil, fmt.Sprintf("timeline event %d: ts %q: %v", i+1, e.TS, err)
		}
		if !timeInRange(t) {
			return nil, fmt.Sprintf("timeline event %d: ts %q is not in 1970..2199", i+1, e.TS)
		}
		prev = t
		status := "identified"
		switch {
		case e.Investigating:
			status = "investigating"
		case e.Resolved:
			status = "resolved"
			d.Resolved = t
		}
		if d.Started.IsZero() || t.Before(d.Started) {
			d.Started = t
		}
		d.Updates = append(d.Updates, incident.Update{Time: t.UTC().Truncate(time.Second), Status: status, Text: strings.TrimSpace(e.Description)})
	}
	d.Started = d.Started.UTC().Truncate(time.Second)
	if !d.Resolved.IsZero() {
		d.Resolved = d.Resolved.UTC().Truncate(time.Second)
		if d.Resolved.Before(d.Started) {
			comments = append(comments, "the resolved event is before the first event; written as a draft without resolved: fix resolved and remove draft")
			d.Resolved = time.Time{}
			d.Draft, d.DraftWhy = true, "resolved before started; fix resolved and remove draft"
		}
	}
	sort.SliceStable(d.Updates, func(i, j int) bool { return d.Updates[i].Time.Before(d.Updates[j].Time) })
	var unmapped []string
	for _, sys := range in.Systems {
		svc := s.Service(sys)
		if svc == nil && names[sys] != "" {
			svc = s.Service(names[sys])
		}
		if svc != nil {
			if !contains(d.Services, svc.ID) {
				d.Services = append(d.Services, svc.ID)
			}
			continue
		}
		if sys = strings.TrimSpace(sys); sys != "" {
			unmapped = append(unmapped, sys)
			unknown[sys]++
		}
	}
	if len(unmapped) > 0 {
		comments = append(comments, "systems that match no service: "+strings.Join(unmapped, ", "))
		d.Body = fmt.Sprintf("Affected systems: %s.\n", strings.Join(unmapped, ", "))
	}
	d.Comments = comments
	return d, ""
}

// stactusTime reads a timeline ts the way stactus does.
func stactusTime(prev time.Time, s string) (time.Time, error) {
	if strings.HasPrefix(s, "+") {
		if prev.IsZero() {
			return time.Time{}, fmt.Errorf("a +duration cannot be the first event's time; write the date and time")
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return time.Time{}, fmt.Errorf("not a duration such as +30m")
		}
		return prev.Add(d), nil
	}
	for _, layout := range []string{"15:04", time.TimeOnly, time.Kitchen} {
		if t, err := time.Parse(layout, s); err == nil {
			if prev.IsZero() {
				return time.Time{}, fmt.Errorf("an hour alone cannot be the first event's time; write the date and time")
			}
			return time.Date(prev.Year(), prev.Month(), prev.Day(), t.Hour(), t.Minute(), t.Second(), 0, prev.Location()), nil
		}
	}
	s = strings.ReplaceAll(s, "/", "-")
	for _, layout := range []string{time.RFC3339Nano, time.DateTime, "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a time; write it like 2026-11-03 09:12 (UTC) or 2026-11-03T09:12:00Z")
}
