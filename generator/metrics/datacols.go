package metrics

import (
	"math"
	"sort"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/slo"
)

// The values of the columns an SLO watches, per local day of the uptime
// history, so the service page can chart them with their threshold or
// baseline band without keeping rows.

// ColumnDay is one day of a column's values.
type ColumnDay struct {
	Date           time.Time // local midnight
	N              int       // values that day
	Min, Max, Last float64   // NaN without values
	LastTime       time.Time
	// Band is the baseline band of the day's last value (anomaly SLOs);
	// Band.OK is false without one.
	Band slo.Band
}

// ColumnDays holds one column's values per day.
type ColumnDays struct {
	Column string
	Days   []ColumnDay
	starts []int64
	cur    int
}

func newColumnDays(col string, lat *LatencyDays, loc *time.Location) *ColumnDays {
	n := len(lat.Starts) - 1
	c := &ColumnDays{Column: col, Days: make([]ColumnDay, max(n, 0)), starts: lat.Starts}
	for i := range c.Days {
		c.Days[i] = ColumnDay{Date: time.Unix(lat.Starts[i], 0).In(loc), Min: math.NaN(), Max: math.NaN(), Last: math.NaN()}
	}
	return c
}

func (c *ColumnDays) add(t int64, v float64, band *slo.Band) {
	n := len(c.Days)
	if n == 0 || t < c.starts[0] || t >= c.starts[n] {
		return
	}
	if !(c.starts[c.cur] <= t && t < c.starts[c.cur+1]) {
		c.cur = sort.Search(n, func(i int) bool { return c.starts[i+1] > t })
	}
	d := &c.Days[c.cur]
	if d.N == 0 || v < d.Min {
		d.Min = v
	}
	if d.N == 0 || v > d.Max {
		d.Max = v
	}
	d.N++
	d.Last, d.LastTime = v, time.Unix(t, 0).UTC()
	if band != nil {
		d.Band = *band
	} else {
		d.Band = slo.Band{}
	}
}

// dataState is what the anomaly and deadline SLOs of a snapshot need while
// rows are folded.
type dataState struct {
	base []*slo.Baseline
	dl   []*slo.Deadline
}

func (s *Snapshot) initDataSLO(cfg *config.Config, i int, o *config.SLOConfig, tl *slo.Timeline) {
	if s.data.base == nil {
		n := len(s.Service.SLOs)
		s.data.base, s.data.dl = make([]*slo.Baseline, n), make([]*slo.Deadline, n)
		s.Columns = make([]*ColumnDays, n)
		s.LatestBand = make([]slo.Band, n)
	}
	d := o.Data
	switch o.Indicator {
	case config.IndicatorAnomaly:
		s.kinds[i] = kindAnomaly
		s.es[i] = slo.NewEventSeries(tl, s.Interval)
		s.data.base[i] = slo.NewBaseline(cfg.Location, d.Weeks, d.K, d.MinWidth, d.MinHistory, d.DayOfWeek)
	case config.IndicatorDeadline:
		s.kinds[i] = kindDeadline
		period := int64(86400)
		if d.Hourly {
			period = 3600
		}
		es := slo.NewEventSeries(tl, period)
		s.es[i] = es
		s.data.dl[i] = slo.NewDeadline(cfg.Location, d.Hourly, d.Hours, d.Minutes, func(start, _ int64, onTime bool) {
			g := 0.0
			if onTime {
				g = 1
			}
			es.Event(start, g, 1)
			s.latest(i, start, g, 1)
		})
	}
	s.Series[i] = s.es[i]
}

// ensureColumns gives every threshold and anomaly SLO its per-day values,
// and every numeric column a warehouse check writes that no such SLO
// watches (with checks_failed).
func (s *Snapshot) ensureColumns(cfg *config.Config) {
	watched := map[string]bool{}
	for i, o := range s.Service.SLOs {
		if o.Indicator != config.IndicatorThreshold && o.Indicator != config.IndicatorAnomaly {
			continue
		}
		if s.Columns == nil {
			s.Columns = make([]*ColumnDays, len(s.Service.SLOs))
		}
		s.Columns[i] = newColumnDays(o.Column, s.Latency, cfg.Location)
		watched[o.Column] = true
	}
	var cols []string
	for _, k := range s.Service.Checks {
		cols = append(cols, k.OutputColumns()...)
	}
	if len(cols) > 0 {
		cols = append(cols, "checks_failed")
	}
	for _, c := range cols {
		if !watched[c] {
			watched[c] = true
			s.CheckColumns = append(s.CheckColumns, newColumnDays(c, s.Latency, cfg.Location))
		}
	}
}

// foldData adds a row's value to an anomaly or deadline SLO.
func (s *Snapshot) foldData(i int, k sloKind, t int64, v float64) {
	switch k {
	case kindAnomaly:
		if v != v {
			return
		}
		band := s.data.base[i].Observe(t, v)
		s.Columns[i].add(t, v, band)
		s.LatestBand[i] = *band
		s.latestValue(i, t, v)
		if !band.OK {
			return // too little history: no data, never good
		}
		g := 0.0
		if band.Contains(v) {
			g = 1
		}
		s.es[i].Event(t, g, 1)
		s.latest(i, t, g, 1)
	case kindDeadline:
		// A load is a row with data: a value above 0 (an hourly volume
		// check's 0 rows is no load). Judged here, not while parsing, so a
		// row read back from the build cache counts the same.
		if !(v > 0) {
			return
		}
		s.data.dl[i].Row(t)
	}
}

func (s *Snapshot) latestValue(i int, t int64, v float64) {
	if s.LatestValue == nil {
		s.LatestValue = make([]float64, len(s.Service.SLOs))
		for j := range s.LatestValue {
			s.LatestValue[j] = math.NaN()
		}
	}
	s.LatestValue[i] = v
}

func (s *Snapshot) finishData(now int64) {
	for _, d := range s.data.dl {
		if d != nil {
			d.Finish(now)
		}
	}
}
