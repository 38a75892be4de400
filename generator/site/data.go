package site

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/slo"
)

// The data a service's SLOs and warehouse checks watch, as the service
// page shows it: each numeric column per day with its threshold or
// baseline band, the latest value and its age in words, and the schema
// changes.

// DataSeries is one column per day.
type DataSeries struct {
	Column string
	// SLO is the SLO that watches the column (nil for a check's column).
	SLO *config.SLOConfig
	// Threshold is a threshold SLO's line (nil otherwise).
	Threshold *float64
	Days      []DataDay
	// Sparse is set when no day holds more than one value: each point is
	// one run (a daily load), not a summary of many.
	Sparse bool
	// Per says which value of a day Value is: "last", "greatest" (the
	// worst for a threshold SLO with < or <=, and for a check's count or
	// rate) or "least" (the worst for > or >=).
	Per string
	// Latest says the newest value and its age in words:
	// "5,012 rows on 18 Nov, 2 days ago; expected 48,000–52,000".
	Latest string
}

// DataDay is one day of a column: the value the chart draws (see
// DataSeries.Per; for a daily job, the day's run), the day's least and
// greatest, and the band the newest value was judged against (anomaly
// SLOs).
type DataDay struct {
	Date           time.Time
	Value          *float64
	Min, Max       *float64
	N              int
	BandLo, BandHi *float64
}

// dataSeries computes a service's series: SLO columns in SLO order, then
// the checks' other columns.
func (s *Site) dataSeries(rep *ServiceReport) []*DataSeries {
	snap := rep.Snapshot
	var out []*DataSeries
	add := func(cd *metrics.ColumnDays, o *config.SLOConfig, band slo.Band, latest float64) {
		if cd.Column == "latency_ms" && (o == nil || o.Indicator == config.IndicatorThreshold) {
			return // the latency chart draws it, with its thresholds
		}
		ds := &DataSeries{Column: cd.Column, SLO: o, Sparse: true, Per: "greatest"}
		switch {
		case o != nil && o.Indicator == config.IndicatorThreshold:
			ds.Threshold = o.Threshold
			if o.Op == ">" || o.Op == ">=" {
				ds.Per = "least"
			}
		case o != nil:
			ds.Per = "last" // an anomaly SLO: the value its band judged
		}
		any := false
		var lastDay *metrics.ColumnDay
		for i := range cd.Days {
			d := &cd.Days[i]
			dd := DataDay{Date: d.Date, N: d.N}
			if d.N > 0 {
				any = true
				dd.Value, dd.Min, dd.Max = ptr(d.Last), ptr(d.Min), ptr(d.Max)
				switch ds.Per {
				case "greatest":
					dd.Value = dd.Max
				case "least":
					dd.Value = dd.Min
				}
				if d.Band.OK {
					dd.BandLo, dd.BandHi = ptr(d.Band.Lo), ptr(d.Band.Hi)
				}
				if d.N > 1 {
					ds.Sparse = false
				}
				lastDay = d
			}
			ds.Days = append(ds.Days, dd)
		}
		if !any {
			return
		}
		if math.IsNaN(latest) {
			latest = lastDay.Last
			band = lastDay.Band
		}
		ds.Latest = s.latestWords(cd.Column, latest, lastDay.LastTime, band)
		out = append(out, ds)
	}
	for i, o := range rep.Service.SLOs {
		if snap.Columns == nil || snap.Columns[i] == nil {
			continue
		}
		band, latest := slo.Band{}, math.NaN()
		if snap.LatestBand != nil {
			band = snap.LatestBand[i]
		}
		if snap.LatestValue != nil {
			latest = snap.LatestValue[i]
		}
		add(snap.Columns[i], o, band, latest)
	}
	for _, cd := range snap.CheckColumns {
		add(cd, nil, slo.Band{}, math.NaN())
	}
	return out
}

func ptr(v float64) *float64 { return &v }

// latestWords says a column's newest value in words. lag_s is an age
// itself: "data was 19 min old 5 min ago"; other columns give the value,
// when it came and the band it was expected in.
func (s *Site) latestWords(col string, v float64, at time.Time, band slo.Band) string {
	ago := AgeWords(s.Now.Sub(at))
	if col == "lag_s" {
		return fmt.Sprintf("data is %s old (measured %s ago)", AgeWords(time.Duration(v)*time.Second), ago)
	}
	when := s.dayWords(at)
	text := fmt.Sprintf("%s %s %s", numWords(v), col, when)
	if when != "today" && when != "yesterday" {
		text += ", " + ago
	}
	if band.OK {
		text += fmt.Sprintf("; expected %s–%s", format.Num(math.Round(math.Max(band.Lo, 0))), format.Num(math.Round(band.Hi)))
	}
	return text
}

// dayWords is "today", "yesterday" or "on 18 Nov" in the site's time zone.
func (s *Site) dayWords(t time.Time) string {
	loc := s.Config.Location
	y, m, d := s.Now.In(loc).Date()
	ty, tm, td := t.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	day := time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)
	switch today.Sub(day) / (24 * time.Hour) {
	case 0:
		return "today"
	case 1:
		return "yesterday"
	}
	return "on " + t.In(loc).Format("2 Jan")
}

// AgeWords says an age as people do: "just now", "19 min", "3 h", "2 days".
func AgeWords(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}

// numWords writes a value: whole numbers with thousands separated, small
// ones (a null rate) with three significant digits, others with two
// decimals.
func numWords(v float64) string {
	if v != math.Trunc(v) && math.Abs(v) < 1 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return format.Num(math.Round(v*100) / 100)
}
