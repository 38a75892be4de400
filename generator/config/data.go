package config

import (
	"fmt"
	"regexp"
	"strconv"
)

// The indicators that watch data itself (docs/checks.md):
//
//	[[service.slo]]
//	id = "volume"
//	indicator = "anomaly"        # each value of column inside its baseline band
//	column = "rows"
//	season = "day_of_week"       # or "hour_of_week" (default)
//	baseline_weeks = 4           # past weeks the band learns from (1–52, default 4)
//	baseline_k = 3               # half-width in MADs (> 0, default 3)
//	baseline_min = 3             # past weeks with data needed for a band (default 3, at most baseline_weeks)
//	baseline_min_width = 0.05    # the band is at least ± this share of the median (0–1, default 0.05)
//	draft_incident = true        # statusgen check-data writes a draft incident when the newest value is outside its band
//
//	[[service.slo]]
//	id = "on-time"
//	indicator = "deadline"       # data for each period lands by a local time
//	period = "day"               # or "hour"
//	deadline = "06:00"           # local time of day (day) or minutes into the hour ("00:15", hour)
//	column = "rows"              # optional: only rows with a value above 0 here count as a load

// DataSLO holds an anomaly or deadline SLO's keys, parsed and defaulted.
type DataSLO struct {
	Weeks, MinHistory int
	K, MinWidth       float64
	DayOfWeek         bool
	Hourly            bool
	Hours, Minutes    int
}

var clockPattern = regexp.MustCompile(`^([0-9]{1,2}):([0-9]{2})$`)

func (c *Config) validateDataSLO(errf func(table, key, format string, args ...any), t string, o *SLOConfig) {
	d := DataSLO{Weeks: 4, K: 3, MinHistory: 3, MinWidth: 0.05}
	if o.Indicator == IndicatorAnomaly {
		if o.Column == "" {
			errf(t, "column", "missing; an anomaly SLO names the CSV column it watches, e.g. column = \"rows\"")
		}
		if o.BaselineWeeks != nil {
			d.Weeks = *o.BaselineWeeks
			if d.Weeks < 1 || d.Weeks > 52 {
				errf(t, "baseline_weeks", "must be from 1 to 52 (past weeks the band learns from), got %d", d.Weeks)
			}
		}
		if o.BaselineMin != nil {
			d.MinHistory = *o.BaselineMin
		} else {
			d.MinHistory = min(d.MinHistory, d.Weeks)
		}
		if d.MinHistory < 1 || d.MinHistory > d.Weeks {
			errf(t, "baseline_min", "must be from 1 to baseline_weeks (%d), got %d", d.Weeks, d.MinHistory)
		}
		if o.BaselineK != nil {
			d.K = *o.BaselineK
			if !(d.K > 0 && d.K <= 100) {
				errf(t, "baseline_k", "must be more than 0 and at most 100 (the band's half-width in MADs, e.g. 3), got %v", d.K)
			}
		}
		if o.BaselineWidth != nil {
			d.MinWidth = *o.BaselineWidth
			if !(d.MinWidth >= 0 && d.MinWidth <= 1) {
				errf(t, "baseline_min_width", "must be from 0 to 1 (a share of the median, e.g. 0.05), got %v", d.MinWidth)
			}
		}
		switch o.Season {
		case "", "hour_of_week":
		case "day_of_week":
			d.DayOfWeek = true
		default:
			errf(t, "season", "must be \"hour_of_week\" or \"day_of_week\", got %q", o.Season)
		}
		for _, k := range []string{"deadline", "period"} {
			if (k == "deadline" && o.Deadline != "") || (k == "period" && o.Period != "") {
				errf(t, k, "belongs to a deadline SLO; remove it or write indicator = \"deadline\"")
			}
		}
	} else {
		switch o.Period {
		case "", "day":
		case "hour":
			d.Hourly = true
		default:
			errf(t, "period", "must be \"day\" or \"hour\", got %q", o.Period)
		}
		m := clockPattern.FindStringSubmatch(o.Deadline)
		if o.Deadline == "" {
			errf(t, "deadline", "missing; write the local time by which each period's data must land, e.g. deadline = \"06:00\"")
		} else if m == nil {
			errf(t, "deadline", "%q is not a time of day; write it as \"HH:MM\", e.g. \"06:00\"", o.Deadline)
		} else {
			d.Hours, _ = strconv.Atoi(m[1])
			d.Minutes, _ = strconv.Atoi(m[2])
			switch {
			case d.Minutes > 59 || d.Hours > 23:
				errf(t, "deadline", "%q is not a time of day; hours go from 00 to 23, minutes from 00 to 59", o.Deadline)
			case d.Hourly && d.Hours != 0:
				errf(t, "deadline", "%q is more than an hour; for period = \"hour\" write the minutes into the hour, e.g. \"00:15\"", o.Deadline)
			}
		}
		keys := []string{"season", "baseline_weeks", "baseline_k", "baseline_min", "baseline_min_width"}
		for i, set := range []bool{o.Season != "", o.BaselineWeeks != nil, o.BaselineK != nil, o.BaselineMin != nil, o.BaselineWidth != nil} {
			if set {
				errf(t, keys[i], "belongs to an anomaly SLO; remove it or write indicator = \"anomaly\"")
			}
		}
	}
	o.Data = d
}

// DeadlineText is the deadline as the pages show it: "06:00" or
// ":15 past each hour".
func (o *SLOConfig) DeadlineText() string {
	if o.Data.Hourly {
		return fmt.Sprintf(":%02d past each hour", o.Data.Minutes)
	}
	return fmt.Sprintf("%02d:%02d", o.Data.Hours, o.Data.Minutes)
}
