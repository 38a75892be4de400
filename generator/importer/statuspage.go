package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/incident"
)

// StatuspageOptions tunes ImportStatuspage.
type StatuspageOptions struct {
	// Map maps component names (as Statuspage spells them) to service ids,
	// for components whose name is neither a service's name nor its id.
	Map    map[string]string
	DryRun bool
	// Client fetches page URLs; default http.DefaultClient.
	Client *http.Client
}

// spIncident is a Statuspage v2 incident or scheduled maintenance.
type spIncident struct {
	ID             string        `json:"id"`
	Name           string        `json:"name"`
	Status         string        `json:"status"`
	Impact         string        `json:"impact"`
	Shortlink      string        `json:"shortlink"`
	CreatedAt      string        `json:"created_at"`
	StartedAt      string        `json:"started_at"`
	MonitoringAt   string        `json:"monitoring_at"`
	ResolvedAt     string        `json:"resolved_at"`
	ScheduledFor   string        `json:"scheduled_for"`
	ScheduledUntil string        `json:"scheduled_until"`
	PostmortemBody string        `json:"postmortem_body"`
	Updates        []spUpdate    `json:"incident_updates"`
	Components     []spComponent `json:"components"`
}

type spUpdate struct {
	Status             string        `json:"status"`
	Body               string        `json:"body"`
	CreatedAt          string        `json:"created_at"`
	DisplayAt          string        `json:"display_at"`
	AffectedComponents []spComponent `json:"affected_components"`
}

type spComponent struct {
	ID   string `json:"id"`   // in an incident's components
	Code string `json:"code"` // the same id, in an update's affected_components
	Name string `json:"name"`
}

// spDocument is any of the shapes Statuspage serves: incidents.json,
// scheduled-maintenances.json, or one incident ({"incident": {…}}).
type spDocument struct {
	Incident              *spIncident  `json:"incident"`
	Incidents             []spIncident `json:"incidents"`
	ScheduledMaintenances []spIncident `json:"scheduled_maintenances"`
}

// ImportStatuspage reads Statuspage v2 incidents from src: a folder of
// .json documents, one document, or a page URL (its
// /api/v2/incidents.json and /api/v2/scheduled-maintenances.json are
// fetched; a URL ending in .json is fetched as it is). Each incident
// becomes an incident file with its updates; scheduled maintenances become
// maintenance files.
func (s *Site) ImportStatuspage(ctx context.Context, src string, opts StatuspageOptions, sum *Summary) error {
	type doc struct {
		name string
		body []byte
	}
	names := make([]string, 0, len(opts.Map))
	for n := range opts.Map {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if s.Service(opts.Map[n]) == nil {
			return fmt.Errorf("--map %q: site.toml has no service %q", n+"="+opts.Map[n], opts.Map[n])
		}
	}
	var docs []doc
	switch {
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		urls := []string{src}
		if !strings.HasSuffix(strings.ToLower(strings.SplitN(src, "?", 2)[0]), ".json") {
			base := strings.TrimRight(src, "/")
			urls = []string{base + "/api/v2/incidents.json", base + "/api/v2/scheduled-maintenances.json"}
		}
		client := opts.Client
		if client == nil {
			client = http.DefaultClient
		}
		for _, u := range urls {
			b, err := fetch(ctx, client, u)
			if err != nil {
				return err
			}
			docs = append(docs, doc{u, b})
		}
	default:
		st, err := os.Stat(src)
		if err != nil {
			return err
		}
		files := []string{src}
		if st.IsDir() {
			files, err = filepath.Glob(filepath.Join(src, "*.json"))
			if err != nil {
				return err
			}
			sort.Strings(files)
			if len(files) == 0 {
				return fmt.Errorf("%s: no .json files", src)
			}
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			docs = append(docs, doc{f, b})
		}
	}
	var out []*IncidentDoc
	seen := map[string]bool{}
	unknown := map[string]int{}
	for _, d := range docs {
		out = append(out, s.statuspageDocs(d.name, d.body, opts, seen, unknown, sum)...)
	}
	names = names[:0]
	for n := range unknown {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sum.note("component %q matches no service (%s); it is listed in the incident text, not in services: add a service named so, or map it with --map %q",
			n, plural(unknown[n], "incident"), n+"=SERVICE-ID")
	}
	return s.WriteIncidents(sum, out, opts.DryRun)
}

// statuspageDocs reads one Statuspage document (name is its file or URL,
// for the summary) into incident files, leaving out the incidents of seen
// and adding its own to it; what it cannot read, sum says.
func (s *Site) statuspageDocs(name string, body []byte, opts StatuspageOptions, seen map[string]bool, unknown map[string]int, sum *Summary) []*IncidentDoc {
	incs, err := parseStatuspage(body)
	if err != nil {
		sum.unreadable("%s: %v", name, err)
		return nil
	}
	var out []*IncidentDoc
	for _, in := range incs {
		if seen[in.ID] {
			continue // the same incident in two documents
		}
		seen[in.ID] = true
		doc, why := s.statuspageIncident(in, opts, unknown)
		if doc == nil {
			sum.skipped(1, "statuspage %s (%s) from %s: %s", in.ID, in.Name, name, why)
			continue
		}
		out = append(out, doc)
	}
	return out
}

func fetch(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %s", u, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 64<<20))
}

func parseStatuspage(b []byte) ([]spIncident, error) {
	trimmed := strings.TrimSpace(string(b))
	if strings.HasPrefix(trimmed, "[") {
		var list []spIncident
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("not Statuspage JSON: %v", err)
		}
		return list, nil
	}
	var d spDocument
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("not Statuspage JSON: %v", err)
	}
	var out []spIncident
	if d.Incident != nil {
		out = append(out, *d.Incident)
	}
	out = append(out, d.Incidents...)
	out = append(out, d.ScheduledMaintenances...)
	if len(out) == 0 {
		var one spIncident
		if err := json.Unmarshal(b, &one); err == nil && one.ID != "" && (one.Updates != nil || one.CreatedAt != "") {
			out = append(out, one)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no incident, incidents or scheduled_maintenances in it")
	}
	return out, nil
}

// spTime reads a Statuspage time to the second; it is zero when s is
// empty, not RFC 3339 or outside 1970..2199 (badTime says which).
func spTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !timeInRange(t) {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}

// badTime names the first of an incident's times that is set but that
// spTime cannot read, or "".
func badTime(in spIncident) string {
	for _, f := range []struct{ key, val string }{
		{"created_at", in.CreatedAt}, {"started_at", in.StartedAt}, {"monitoring_at", in.MonitoringAt},
		{"resolved_at", in.ResolvedAt}, {"scheduled_for", in.ScheduledFor}, {"scheduled_until", in.ScheduledUntil},
	} {
		if f.val != "" && spTime(f.val).IsZero() {
			return fmt.Sprintf("%s %q is not an RFC 3339 time in 1970..2199", f.key, f.val)
		}
	}
	return ""
}

// spUpdateStatus maps an update's status to the timeline's.
var spUpdateStatus = map[string]string{
	"investigating": "investigating", "identified": "identified", "monitoring": "monitoring", "resolved": "resolved",
	"postmortem": "resolved", "scheduled": "scheduled", "in_progress": "in_progress", "verifying": "verifying", "completed": "completed",
}

func (s *Site) statuspageIncident(in spIncident, opts StatuspageOptions, unknown map[string]int) (*IncidentDoc, string) {
	if in.ID == "" {
		return nil, "no id"
	}
	d := &IncidentDoc{Source: "statuspage " + in.ID, Title: strings.TrimSpace(in.Name)}
	if d.Title == "" {
		return nil, "no name"
	}
	if why := badTime(in); why != "" {
		return nil, why
	}
	var comments []string
	maintenance := in.ScheduledFor != "" || in.Impact == "maintenance"
	if maintenance {
		d.Severity = incident.SeverityMaintenance
		d.Started, d.Resolved = spTime(in.ScheduledFor), spTime(in.ScheduledUntil)
		if d.Started.IsZero() {
			d.Started = spTime(in.StartedAt)
		}
	} else {
		switch in.Impact {
		case "critical", "major", "minor":
			d.Severity = in.Impact
		case "none", "":
			d.Severity = incident.SeverityMinor
			comments = append(comments, fmt.Sprintf("impact %q read as severity minor", in.Impact))
		default:
			return nil, fmt.Sprintf("unknown impact %q", in.Impact)
		}
		d.Started = spTime(in.StartedAt)
		created := spTime(in.CreatedAt)
		if d.Started.IsZero() {
			d.Started = created
		} else if created.After(d.Started) {
			d.Detected = created // the incident was opened after impact began
		}
		if m := spTime(in.MonitoringAt); !m.IsZero() && !m.Before(d.Started) {
			d.Contained = m
		}
		if in.Status == "resolved" || in.Status == "postmortem" {
			d.Resolved = spTime(in.ResolvedAt)
		}
	}
	if d.Started.IsZero() {
		return nil, "no start time (started_at, created_at or scheduled_for)"
	}
	if !d.Resolved.IsZero() && d.Resolved.Before(d.Started) {
		// Published without resolved it would stand open for years and
		// turn its services to an outage; a draft waits for a person.
		comments = append(comments, fmt.Sprintf("resolved_at %s is before started %s; written as a draft without resolved: fix resolved and remove draft",
			d.Resolved.Format(time.RFC3339), d.Started.Format(time.RFC3339)))
		d.Resolved = time.Time{}
		d.Draft = true
		d.DraftWhy = "resolved before started; fix resolved and remove draft"
	}
	// Components: the incident's and those its updates name, in order. An
	// update names a component by its id (code) and the name it had then,
	// which may differ from today's ("GitHub Actions" / "Actions").
	var comps []string
	seenComp := map[string]bool{}
	ids := map[string]bool{}
	for _, c := range in.Components {
		if c.ID != "" {
			ids[c.ID] = true
		}
	}
	addComp := func(n string) {
		if n = strings.TrimSpace(n); n != "" && !seenComp[n] {
			seenComp[n] = true
			comps = append(comps, n)
		}
	}
	for _, c := range in.Components {
		addComp(c.Name)
	}
	for _, u := range in.Updates {
		for _, c := range u.AffectedComponents {
			if c.Code == "" || !ids[c.Code] {
				addComp(c.Name)
			}
		}
	}
	var unmapped []string
	for _, c := range comps {
		id := opts.Map[c]
		if id == "" {
			if svc := s.Service(c); svc != nil {
				id = svc.ID
			}
		} else if svc := s.Service(id); svc != nil {
			id = svc.ID
		}
		if id == "" {
			unmapped = append(unmapped, c)
			unknown[c]++
			continue
		}
		if !contains(d.Services, id) {
			d.Services = append(d.Services, id)
		}
	}
	if len(unmapped) > 0 {
		comments = append(comments, "components that match no service: "+strings.Join(unmapped, ", "))
	}
	ups := append([]spUpdate(nil), in.Updates...)
	sort.SliceStable(ups, func(i, j int) bool { return updateTime(ups[i]).Before(updateTime(ups[j])) })
	for _, u := range ups {
		st, ok := spUpdateStatus[u.Status]
		if !ok {
			comments = append(comments, fmt.Sprintf("update status %q read as investigating", u.Status))
			st = "investigating"
		}
		t := updateTime(u)
		if t.IsZero() {
			comments = append(comments, fmt.Sprintf("an update without a time in 1970..2199 left out: %q", u.Body))
			continue
		}
		text := strings.TrimSpace(HTMLToText(u.Body))
		if u.Status == "postmortem" {
			text = "Postmortem: " + text
		}
		d.Updates = append(d.Updates, incident.Update{Time: t, Status: st, Text: text})
	}
	d.Comments = comments
	var body strings.Builder
	if len(unmapped) > 0 {
		fmt.Fprintf(&body, "Affected components: %s.\n\n", strings.Join(unmapped, ", "))
	}
	if pm := strings.TrimSpace(HTMLToText(in.PostmortemBody)); pm != "" {
		body.WriteString(pm + "\n\n")
	}
	if in.Shortlink != "" {
		fmt.Fprintf(&body, "Imported from Statuspage: <%s>\n", in.Shortlink)
	}
	d.Body = body.String()
	return d, ""
}

func updateTime(u spUpdate) time.Time {
	if t := spTime(u.DisplayAt); !t.IsZero() {
		return t
	}
	return spTime(u.CreatedAt)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
