package openslo

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
)

// Merge returns src, the text of site.toml (read as cfg), with the
// imported services and SLOs added, and what it did line by line:
//   - a service site.toml does not have is appended at the end, with its
//     SLOs;
//   - an SLO of a service site.toml has is inserted after that service's
//     last table (before the comments that lead into the next one);
//   - an SLO whose id its service already has is left as site.toml has it.
//
// Nothing that is there is changed or moved: only whole lines are added.
func Merge(src string, cfg *config.Config, services []*Service) (string, []string) {
	ix := config.IndexTOML(src, 1)
	lines := strings.SplitAfter(src, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) > 0 && !strings.HasSuffix(lines[len(lines)-1], "\n") {
		lines[len(lines)-1] += "\n"
	}
	inserts := map[int][]string{} // before line n (1-based; len+1 = the end)
	var notes []string
	var appended []string
	for _, s := range services {
		i := serviceIndex(cfg, s.ID)
		if i < 0 {
			appended = append(appended, "\n"+serviceTOML(s))
			notes = append(notes, fmt.Sprintf("service %s with %s (from %s)", s.ID, diag.CountOf(len(s.SLOs), "SLO", "SLOs"), s.Where))
			continue
		}
		var block strings.Builder
		for _, o := range s.SLOs {
			if hasSLO(cfg.Services[i], o.ID) {
				notes = append(notes, fmt.Sprintf("SLO %s/%s is already in site.toml; left as it is (from %s)", s.ID, o.ID, o.Where))
				continue
			}
			block.WriteString("\n" + sloTOML(o))
			notes = append(notes, fmt.Sprintf("SLO %s/%s added to the existing service (from %s)", s.ID, o.ID, o.Where))
		}
		if block.Len() == 0 {
			continue
		}
		at := ix.NextTableAfter(fmt.Sprintf("service[%d]", i))
		if at == 0 {
			at = len(lines) + 1
		} else {
			// Keep the comments and blank lines that lead into the next
			// table with it.
			for at > 1 && isLead(lines[at-2]) {
				at--
			}
		}
		inserts[at] = append(inserts[at], block.String())
	}
	var out strings.Builder
	for n := 1; n <= len(lines)+1; n++ {
		for _, b := range inserts[n] {
			out.WriteString(b)
			if n <= len(lines) {
				out.WriteString("\n")
			}
		}
		if n <= len(lines) {
			out.WriteString(lines[n-1])
		}
	}
	for _, b := range appended {
		out.WriteString(b)
	}
	return out.String(), notes
}

func isLead(l string) bool {
	t := strings.TrimSpace(l)
	return t == "" || strings.HasPrefix(t, "#")
}

func serviceIndex(cfg *config.Config, id string) int {
	for i, s := range cfg.Services {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func hasSLO(s *config.Service, id string) bool {
	for _, o := range s.SLOs {
		if o.ID == id {
			return true
		}
	}
	return false
}

// serviceTOML writes a [[service]] with its SLOs.
func serviceTOML(s *Service) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Imported from OpenSLO (%s).\n[[service]]\nid = %s\n", s.Where, config.TOMLString(s.ID))
	kv := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s = %s\n", k, config.TOMLString(v))
		}
	}
	kv("name", s.Name)
	kv("description", s.Description)
	kv("owner", s.Owner)
	kv("contact", s.Contact)
	kv("runbook", s.Runbook)
	kv("interval", s.Interval)
	if len(s.Labels) > 0 {
		keys := make([]string, 0, len(s.Labels))
		for k := range s.Labels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " = " + config.TOMLString(s.Labels[k])
		}
		fmt.Fprintf(&b, "labels = { %s }\n", strings.Join(parts, ", "))
	}
	for _, o := range s.SLOs {
		b.WriteString("\n" + sloTOML(o))
	}
	return b.String()
}

// sloTOML writes one [[service.slo]], indented as site.toml's are.
func sloTOML(o *SLO) string {
	var b strings.Builder
	b.WriteString("  [[service.slo]]\n")
	kv := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %s = %s\n", k, config.TOMLString(v))
		}
	}
	kv("id", o.ID)
	kv("name", o.Name)
	kv("indicator", o.Indicator)
	fmt.Fprintf(&b, "  objective = %s\n", num(o.Objective))
	kv("window", o.Window)
	switch o.Indicator {
	case config.IndicatorThreshold:
		kv("column", o.Column)
		kv("op", o.Op)
		fmt.Fprintf(&b, "  threshold = %s\n", num(*o.Threshold))
		kv("budgeting", o.Budgeting)
	case config.IndicatorRatio:
		if o.Good != "good" {
			kv("good", o.Good)
		}
		if o.Total != "total" {
			kv("total", o.Total)
		}
	}
	if o.SLA != nil {
		fmt.Fprintf(&b, "  sla = %s\n", num(*o.SLA))
	}
	kv("sla_period", o.SLAPeriod)
	if o.MinCoverage != nil {
		fmt.Fprintf(&b, "  min_coverage = %s\n", num(*o.MinCoverage))
	}
	kv("rationale", o.Rationale)
	return b.String()
}

// WriteConfig replaces site.toml at path with text in one step: the text
// is written to a new file beside it, read back as a site.toml (it must
// have no errors, or nothing is replaced), synced and renamed over path,
// keeping path's permissions. A reader sees the old file or the new one,
// never half of either.
func WriteConfig(path, text string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".site.toml.import-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // a no-op once renamed
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if _, ds := config.LoadConfig(name); ds.HasErrors() {
		return fmt.Errorf("the merged site.toml would not read, so it was not written (a statusgen bug; please report it):\n%s", ds.Error())
	}
	return os.Rename(name, path)
}
