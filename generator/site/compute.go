package site

import (
	"math"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/statusgen/statusgen/generator/cache"
	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/pages"
	"github.com/statusgen/statusgen/generator/slo"
)

// Load reads a site (site.toml, snapshots, incidents) and computes every
// figure at now. Problems in the inputs are collected in
// Site.Diagnostics. A nil Site means site.toml could not be read at all;
// a Site with ConfigErrors was read despite errors in site.toml, for
// check to report everything at once, and must not be published.
func Load(configPath string, now time.Time) (*Site, diag.Diagnostics) {
	return LoadWith(configPath, now, LoadOptions{})
}

// LoadOptions are the choices of LoadWith.
type LoadOptions struct {
	// Cache reads the snapshots through the build cache in
	// .statusgen/cache/ beside site.toml (docs/performance.md): the site
	// and the diagnostics are the same, only cheaper to have again.
	Cache bool
	// Incidents keeps parsed incident files between loads (serve); nil
	// parses every file.
	Incidents *IncidentMemo
}

// IncidentMemo keeps parsed incident files between loads (incident.Memo).
type IncidentMemo = incident.Memo

// LoadWith is Load with options.
func LoadWith(configPath string, now time.Time, opts LoadOptions) (*Site, diag.Diagnostics) {
	cfg, ds := config.LoadConfig(configPath)
	if cfg == nil {
		return nil, ds
	}
	// A site.toml that parses but has errors is still read through, so
	// check reports every problem at once; Build refuses to publish it.
	site := &Site{Config: cfg, Now: now.UTC(), ConfigErrors: ds.HasErrors()}
	site.Pages = pages.Load(cfg, &ds)
	if opts.Incidents != nil {
		toml, _ := os.ReadFile(configPath)
		opts.Incidents.Config(toml)
	}
	all := incident.LoadMemo(cfg, &ds, opts.Incidents)
	for _, in := range all {
		if in.Draft {
			site.Drafts = append(site.Drafts, in)
		} else {
			site.Incidents = append(site.Incidents, in)
		}
	}
	site.RejectedIncidents = countRejected(ds)
	cuts := site.cuts()
	site.MaintenanceWindows = site.maintenanceWindows(time.Unix(slices.Min(cuts), 0))
	tl := slo.NewTimeline(cuts)
	site.Status = StatusOperational
	var store *cache.Store
	if opts.Cache {
		store = cache.Open(cfg.Dir)
	}
	reports, diags := site.readServices(tl, store)
	for i, rep := range reports {
		ds = append(ds, diags[i]...)
		site.SkippedRows += rep.Snapshot.Skipped
		site.Services = append(site.Services, rep)
		site.Status = WorseStatus(site.Status, rep.Status)
	}
	if len(cfg.Services) == 0 {
		site.Status = StatusUnknown
	}
	site.Labels = site.labelIndex()
	ds.Sort()
	site.Diagnostics = ds
	return site, ds
}

// readServices reads every service's snapshots and computes its figures,
// several services at a time (one per CPU). Each service has its own
// accumulators and diagnostics, and results are kept in site.toml order,
// so the output does not depend on the scheduling.
func (s *Site) readServices(tl *slo.Timeline, store *cache.Store) ([]*ServiceReport, []diag.Diagnostics) {
	svcs := s.Config.Services
	snaps := make([]*metrics.Snapshot, len(svcs))
	diags := make([]diag.Diagnostics, len(svcs))
	parallel(len(svcs), func(i int) {
		snaps[i] = metrics.ReadSnapshotCached(s.Config, svcs[i], tl, s.Now, &diags[i], store)
	})
	// Incident-based SLOs count only from the site's first row on: before
	// it the site has no record, so those months are not reported as met.
	for _, snap := range snaps {
		if t := snap.FirstTime; !t.IsZero() && (s.dataSince.IsZero() || t.Before(s.dataSince)) {
			s.dataSince = t
		}
	}
	reports := make([]*ServiceReport, len(svcs))
	parallel(len(svcs), func(i int) {
		reports[i] = s.report(svcs[i], snaps[i])
		reports[i].Runs = s.runs(svcs[i].ID, &diags[i])
		for _, c := range metrics.ReadChanges(s.Config, svcs[i].ID, &diags[i]) {
			if c.Time.Before(s.Now) {
				reports[i].SchemaChanges = append(reports[i].SchemaChanges, c)
			}
		}
	})
	return reports, diags
}

// parallel runs f(0) … f(n-1), one at a time per CPU.
func parallel(n int, f func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := min(runtime.GOMAXPROCS(0), n); w > 0; w-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// countRejected counts the incident files with at least one error.
func countRejected(ds diag.Diagnostics) int {
	files := map[string]bool{}
	for _, d := range ds {
		if !d.Warning && len(d.Path) > len("incidents/") && d.Path[:len("incidents/")] == "incidents/" {
			files[d.Path] = true
		}
	}
	return len(files)
}

// cuts returns every boundary a figure needs, so each window is a whole
// number of timeline segments: now, each SLO window's start, the burn-rate
// spans, local midnights over the uptime history and the 12 months of SLO
// history (with their quarters and years), and the edges of incidents and
// of the SLO windows their budgets are measured against. Only the history
// is cut at every midnight; incidents add single points, so an old
// incident costs a few segments, not a day per segment back to it.
func (s *Site) cuts() []int64 {
	cfg, now := s.Config, s.Now
	loc := cfg.Location
	earliest := now.AddDate(0, 0, -cfg.HistoryDays-1)
	cuts := []int64{now.Unix()}
	point := func(t time.Time) {
		if !t.After(now) {
			cuts = append(cuts, t.Unix())
		}
	}
	add := func(t time.Time) {
		point(t)
		if !t.After(now) && t.Before(earliest) {
			earliest = t
		}
	}
	// History: the 12 calendar months up to now, and the SLA periods
	// (quarter, year) that contain the oldest of them.
	oldest := slo.MonthStart(now.In(loc)).AddDate(0, -11, 0)
	add(oldest)
	add(slo.PeriodStart(oldest, "quarter"))
	add(slo.PeriodStart(oldest, "year"))
	for _, svc := range cfg.Services {
		for _, o := range svc.SLOs {
			a, _ := windowBounds(o.WindowSpec, now, loc)
			add(a)
			for _, al := range o.Alerts {
				if al.Rule.Kind == slo.KindBurnRate {
					add(now.Add(-al.Rule.Long))
					add(now.Add(-al.Rule.Short))
				}
			}
			for _, in := range s.Incidents {
				if !in.Affects(svc.ID) || in.Maintenance() {
					continue
				}
				if _, end, ok := s.incidentSpan(in); ok {
					wa, _ := budgetWindow(o, time.Unix(end, 0), loc)
					point(wa)
				}
			}
		}
	}
	for _, w := range slo.BurnWindows {
		add(now.Add(-w.Span))
	}
	for _, in := range s.Incidents {
		point(in.Started)
		if !in.Resolved.IsZero() {
			point(in.Resolved)
		}
	}
	// Every local midnight from the earliest boundary to now.
	d := earliest.In(loc)
	for day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc); !day.After(now); day = slo.NextDay(day) {
		cuts = append(cuts, day.Unix())
	}
	return cuts
}

// windowBounds returns an SLO window [a, b) ending at now: rolling windows
// reach back their length; calendar windows start at the current period's
// start in the site's time zone.
func windowBounds(w config.WindowSpec, now time.Time, loc *time.Location) (time.Time, time.Time) {
	if w.Rolling > 0 {
		return now.Add(-w.Rolling), now
	}
	return slo.PeriodStart(now.In(loc), w.Calendar).UTC(), now
}

// alertWindow is the SLO window W the burn-rate alert thresholds are
// scaled to: a rolling window's length, or the whole current calendar
// period (not the part to date, which would make the thresholds tiny at
// the start of a month).
func alertWindow(w config.WindowSpec, now time.Time, loc *time.Location) time.Duration {
	if w.Rolling > 0 {
		return w.Rolling
	}
	return slo.PeriodLength(now, w.Calendar, loc)
}

// source gives an SLO's totals over any span of the timeline.
type source interface {
	totals(a, b int64) slo.Totals
}

type timeSource struct{ ts *slo.TimeSeries }

func (t timeSource) totals(a, b int64) slo.Totals {
	// Maintenance (excluded) time is neither valid nor covered: SPEC
	// section 4 defines coverage as valid seconds / window seconds.
	valid, bad, _ := t.ts.Sum(a, b)
	return slo.Totals{Good: valid - bad, Valid: valid, Coverage: clamp01(valid / float64(b-a))}
}

type eventSource struct {
	es       *slo.EventSeries
	interval int64
}

func (e eventSource) totals(a, b int64) slo.Totals {
	good, total, slots := e.es.Sum(a, b)
	return slo.Totals{Good: good, Valid: total, Coverage: clamp01(float64(slots) / float64(slo.Slots(a, b, e.interval)))}
}

// incidentSource counts time inside published incidents as bad, weighted
// by severity; maintenance is excluded from valid time, and so is the time
// before since (the site's first row, 0 when it has none): the site has no
// record of it.
type incidentSource struct {
	iv    *incidentSpans
	now   int64
	since int64
}

func (s incidentSource) totals(a, b int64) slo.Totals {
	from, to := max(a, min(s.since, b)), min(b, s.now)
	var bad, maint float64
	if from < to {
		bad, maint = s.iv.time(from, to)
	}
	valid := float64(b-from) - maint
	return slo.Totals{Good: valid - bad, Valid: valid, Coverage: clamp01(valid / float64(b-a))}
}

func clamp01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// sourceFor returns the totals source of SLO i of a service.
func (s *Site) sourceFor(svc *config.Service, snap *metrics.Snapshot, i int) source {
	switch acc := snap.Series[i].(type) {
	case *slo.TimeSeries:
		return timeSource{acc}
	case *slo.EventSeries:
		return eventSource{acc, acc.Interval}
	}
	var ins []*incident.Incident
	for _, in := range s.Incidents {
		if in.Affects(svc.ID) {
			ins = append(ins, in)
		}
	}
	// Recurring maintenance counts as one-off maintenance does.
	for _, w := range s.windowsOf(svc.ID) {
		ins = append(ins, w.AsIncident)
	}
	var since int64
	if !s.dataSince.IsZero() {
		since = s.dataSince.Unix()
	}
	return incidentSource{newIncidentSpans(s.Config, ins), s.Now.Unix(), since}
}

// report computes one service's figures.
func (s *Site) report(svc *config.Service, snap *metrics.Snapshot) *ServiceReport {
	cfg, now := s.Config, s.Now
	rep := &ServiceReport{Service: svc, Snapshot: snap, GroupName: cfg.GroupName(svc.Group)}
	for _, in := range s.Incidents {
		if in.Affects(svc.ID) {
			rep.Incidents = append(rep.Incidents, in)
			if in.Ongoing(now) {
				rep.Open = append(rep.Open, in)
			}
		}
	}
	for _, w := range s.windowsOf(svc.ID) {
		if w.AsIncident.Ongoing(now) {
			rep.Open = append(rep.Open, w.AsIncident)
		}
	}
	for i, o := range svc.SLOs {
		r := s.sloReport(o, s.sourceFor(svc, snap, i))
		r.Runs = snap.Runs[i]
		r.Alerts = slo.Evaluate(o.AlertRules(time.Duration(snap.Interval)*time.Second), slo.Inputs{
			Burn:   func(span time.Duration) *float64 { return r.burn(now, span) },
			Window: alertWindow(o.WindowSpec, now, cfg.Location),
			Runs:   r.Runs,
		})
		for k := range r.BurnRates {
			if br := &r.BurnRates[k]; br.Rate != nil {
				br.Over = *br.Rate >= lowestThreshold(br.Window, r.Alerts)
			}
		}
		r.State = slo.State(r.Figures, r.Objective, cfg.MinCoverageFor(o), r.Alerts)
		if l := snap.Latest[i]; o.Indicator == config.IndicatorThreshold && !l.Time.IsZero() && snap.LatestValue != nil && !math.IsNaN(snap.LatestValue[i]) {
			r.Latest = &LatestValue{Time: l.Time, Value: snap.LatestValue[i], Good: l.Good > 0}
		}
		rep.SLOs = append(rep.SLOs, r)
	}
	rep.LastData = newestSample(snap)
	rep.StaleAfter = svc.StaleAfterFor(time.Duration(snap.Interval) * time.Second)
	rep.Stale = !incidentsOnly(svc) && (rep.LastData.IsZero() || now.Sub(rep.LastData) > rep.StaleAfter)
	if !incidentsOnly(svc) && svc.StaleAlert != "none" {
		a := slo.EvaluateStale(svc.StaleAlert, rep.LastData, now, rep.StaleAfter)
		rep.StaleAlert = &a
	}
	rep.Status, rep.StatusReason = s.serviceStatus(rep)
	rep.Days = s.days(rep)
	rep.Data = s.dataSeries(rep)
	return rep
}

func (s *Site) sloReport(o *config.SLOConfig, src source) *SLOReport {
	cfg, now := s.Config, s.Now
	a, b := windowBounds(o.WindowSpec, now, cfg.Location)
	t := src.totals(a.Unix(), b.Unix())
	r := &SLOReport{SLOConfig: o, Objective: o.ObjectiveRatio(), WindowStart: a, WindowEnd: b,
		Unit: "events", Good: t.Good, Total: t.Valid, src: src}
	if o.TimeBased() {
		r.Unit = "seconds"
	}
	r.Figures = slo.Compute(r.Objective, t, o.TimeBased(), b.Sub(a).Seconds())
	r.Bad = max(t.Valid-t.Good, 0)
	r.Gap = slo.Gap(r.SLI, r.Objective)
	for _, w := range slo.BurnWindows {
		r.BurnRates = append(r.BurnRates, BurnRate{Window: w.Name, Rate: r.burn(now, w.Span)})
	}
	minCov := cfg.MinCoverageFor(o)
	r.History = s.periods(src, "month", r.Objective, minCov, 12)
	if o.SLA != nil {
		n := map[string]int{"month": 12, "quarter": 4, "year": 2}[o.SLAPeriod]
		r.SLA = &SLAReport{Target: *o.SLA / 100, Period: o.SLAPeriod, Periods: s.periods(src, o.SLAPeriod, *o.SLA/100, minCov, n)}
	}
	return r
}

// burn is the SLO's burn rate over [now − span, now); nil without data.
// The span's start is a cut of the timeline (Site.cuts), so it is exact.
func (r *SLOReport) burn(now time.Time, span time.Duration) *float64 {
	bt := r.src.totals(now.Add(-span).Unix(), now.Unix())
	return slo.BurnRate(bt.Valid-bt.Good, bt.Valid, r.Objective)
}

// lowestThreshold is the lowest threshold of the alerts that use a span
// (as long or short window), or of all alerts when none does; +Inf
// without alerts.
func lowestThreshold(span string, alerts []slo.Alert) float64 {
	lowest, all := math.Inf(1), math.Inf(1)
	for _, al := range alerts {
		if al.Kind != slo.KindBurnRate {
			continue // runs and stale rules have no rate threshold
		}
		all = math.Min(all, al.Threshold)
		if al.Long == span || al.Short == span {
			lowest = math.Min(lowest, al.Threshold)
		}
	}
	if math.IsInf(lowest, 1) {
		return all
	}
	return lowest
}

// periods returns up to n calendar periods ending with the current one (to
// date), oldest first, leaving out periods without data and periods that
// start before the timeline. A period whose coverage is under minCov is
// neither met nor missed (Met nil): not enough data.
func (s *Site) periods(src source, period string, target, minCov float64, n int) []Period {
	loc := s.Config.Location
	now := s.Now
	start := slo.PeriodStart(now.In(loc), period)
	var out []Period
	limit := slo.MonthStart(now.In(loc)).AddDate(0, -11, 0)
	for k := 0; k < n; k++ {
		end := slo.PeriodEnd(start, period)
		if end.After(now) {
			end = now
		}
		if start.Before(slo.PeriodStart(limit, period)) {
			break
		}
		t := src.totals(start.Unix(), end.Unix())
		if t.Valid > 0 {
			sli := t.Good / t.Valid
			p := Period{Period: slo.PeriodName(start, period), Start: start, End: end, SLI: &sli, Coverage: t.Coverage}
			if t.Coverage >= minCov {
				met := sli >= target
				p.Met = &met
			}
			out = append(out, p)
		}
		start = slo.PeriodStart(start.AddDate(0, 0, -1), period)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// serviceStatus is the worst of the open incidents on the service and its
// latest sample, if fresh (no older than two intervals). Stale data and no
// open incident is unknown: never shown as operational.
func (s *Site) serviceStatus(rep *ServiceReport) (string, string) {
	now := s.Now
	status, reason := "", ""
	for _, in := range rep.Open {
		st := map[string]string{incident.SeverityMinor: StatusDegraded, incident.SeverityMajor: StatusPartial,
			incident.SeverityCritical: StatusMajor, incident.SeverityMaintenance: StatusMaintenance}[in.Severity]
		if status == "" || statusRank[st] > statusRank[status] {
			status, reason = st, "Open incident: "+in.Title
		}
	}
	snap := rep.Snapshot
	staleAfter := rep.StaleAfter
	fresh := func(t time.Time) bool {
		return !t.IsZero() && now.Sub(t) <= staleAfter
	}
	sample := ""
	if snap.Status != nil {
		if fresh(snap.LastStatusTime) {
			sample = map[slo.Status]string{slo.Up: StatusOperational, slo.Degraded: StatusDegraded,
				slo.Down: StatusMajor, slo.Maintenance: StatusMaintenance}[snap.LastStatus]
		}
	} else {
		// No status column: judge the newest row of each metric SLO.
		for i, o := range rep.SLOs {
			l := snap.Latest[i]
			if o.Indicator == config.IndicatorIncidents || !fresh(l.Time) {
				continue
			}
			st := StatusOperational
			switch {
			case l.Total > 0 && l.Good == 0 && o.Indicator == config.IndicatorRatio:
				st = StatusMajor
			case l.Total > 0 && l.Good/l.Total < o.Objective:
				st = StatusPartial
				if o.Indicator == config.IndicatorThreshold {
					st = StatusDegraded
				}
			}
			if sample == "" || statusRank[st] > statusRank[sample] {
				sample = st
			}
		}
	}
	if sample != "" && (status == "" || statusRank[sample] > statusRank[status]) {
		status, reason = sample, "Latest sample at "+format.DateTime(snapTime(snap), s.Config.Location)
	}
	if status == "" && incidentsOnly(rep.Service) {
		// Availability comes from incidents alone; no metrics are expected.
		return StatusOperational, "No open incident (this service is measured by its incidents)"
	}
	if status == "" {
		return StatusUnknown, "No fresh data and no open incident"
	}
	return status, reason
}

// IncidentsOnly reports whether every SLO of the service is measured by
// incidents: it has no snapshots to read.
func (r *ServiceReport) IncidentsOnly() bool { return incidentsOnly(r.Service) }

// incidentsOnly reports whether every SLO of a service is measured by
// incidents, so the service has no metrics to go stale.
func incidentsOnly(svc *config.Service) bool {
	for _, o := range svc.SLOs {
		if o.Indicator != config.IndicatorIncidents {
			return false
		}
	}
	return len(svc.SLOs) > 0
}

// newestSample is the time of the newest sample of any column the
// service's status or SLOs read; zero without any.
func newestSample(snap *metrics.Snapshot) time.Time {
	t := snap.LastStatusTime
	for _, l := range snap.Latest {
		if l.Time.After(t) {
			t = l.Time
		}
	}
	return t
}

// snapTime is the time of the sample the current status comes from.
func snapTime(snap *metrics.Snapshot) time.Time {
	t := snap.LastStatusTime
	if snap.Status == nil {
		for _, l := range snap.Latest {
			if l.Time.After(t) {
				t = l.Time
			}
		}
	}
	return t
}

// days returns the uptime bars: one per local day over history_days, from
// the status column or else the first SLO.
func (s *Site) days(rep *ServiceReport) []Day {
	cfg, now := s.Config, s.Now
	var src source
	if rep.Snapshot.Status != nil {
		src = timeSource{rep.Snapshot.Status}
	} else if len(rep.SLOs) > 0 {
		src = s.sourceFor(rep.Service, rep.Snapshot, 0)
	} else {
		return nil
	}
	today := now.In(cfg.Location)
	first := time.Date(today.Year(), today.Month(), today.Day()-cfg.HistoryDays+1, 0, 0, 0, 0, cfg.Location)
	var out []Day
	for day := first; day.Before(now); day = slo.NextDay(day) {
		end := slo.NextDay(day)
		if end.After(now) {
			end = now
		}
		t := src.totals(day.Unix(), end.Unix())
		d := Day{Date: day, Coverage: t.Coverage, DowntimeMin: (t.Valid - t.Good) / 60}
		for _, in := range rep.Incidents {
			to := in.Resolved
			if to.IsZero() || to.After(now) {
				to = now
			}
			if in.Started.Before(end) && to.After(day) && !in.Started.After(now) {
				d.Incidents = append(d.Incidents, in)
			}
		}
		if t.Valid > 0 {
			a := t.Good / t.Valid
			d.Availability = &a
		}
		out = append(out, d)
	}
	return out
}
