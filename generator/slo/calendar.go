package slo

import (
	"fmt"
	"time"
)

// Calendar periods, in the site's time zone: a period is "month",
// "quarter" or "year".

// NextDay is the start of the day after t's, in t's location.
func NextDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location())
}

// MonthStart is the start of t's month, in t's location.
func MonthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
}

// PeriodStart returns the start of the calendar month, quarter or year
// holding t, in t's location.
func PeriodStart(t time.Time, period string) time.Time {
	switch period {
	case "quarter":
		return time.Date(t.Year(), t.Month()-(t.Month()-1)%3, 1, 0, 0, 0, 0, t.Location())
	case "year":
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, t.Location())
	}
	return MonthStart(t)
}

// PeriodEnd returns the start of the next period.
func PeriodEnd(start time.Time, period string) time.Time {
	switch period {
	case "quarter":
		return start.AddDate(0, 3, 0)
	case "year":
		return start.AddDate(1, 0, 0)
	}
	return start.AddDate(0, 1, 0)
}

// PeriodName names a period: "2026-10", "2026-Q3", "2026".
func PeriodName(start time.Time, period string) string {
	switch period {
	case "quarter":
		return fmt.Sprintf("%d-Q%d", start.Year(), (int(start.Month())-1)/3+1)
	case "year":
		return fmt.Sprintf("%d", start.Year())
	}
	return start.Format("2006-01")
}

// PeriodLength is the length of the calendar period (month, quarter,
// year) in loc that holds t; daylight-saving changes make local months
// an hour shorter or longer than their days.
func PeriodLength(t time.Time, period string, loc *time.Location) time.Duration {
	a := PeriodStart(t.In(loc), period)
	return PeriodEnd(a, period).Sub(a)
}
