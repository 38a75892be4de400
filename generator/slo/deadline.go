package slo

import "time"

// The deadline indicator: data for each period (a local day or hour) must
// land by a deadline, an offset from the period's start in local civil
// time ("06:00" on each day, or "00:15" into each hour). A period is good
// when a row landed in [start, deadline] (at 06:00:00 is still on time),
// bad when none did; it is judged only once its deadline has passed, so
// the current day is not counted until after 06:00. Periods before the first row are not judged.

// Deadline judges the periods of one series as rows arrive in time order.
type Deadline struct {
	Hourly bool
	// Hours and Minutes are the deadline after the period's start, in
	// local civil time (so "06:00" is 06:00 on the day of a DST change).
	Hours, Minutes int
	// Judge is called once for each period judged, in time order, with
	// the period's start and deadline and whether a row landed before it.
	Judge func(start, deadline int64, onTime bool)

	loc     *time.Location
	started bool
	start   time.Time // the current period's start, local (days only)
	startU  int64     // the current period's start
	due     int64     // its deadline
	nextAt  int64     // the next period's start
	landed  bool      // a row came in [start, due]
	judged  bool
}

// NewDeadline returns a deadline tracker in loc.
func NewDeadline(loc *time.Location, hourly bool, hours, minutes int, judge func(start, deadline int64, onTime bool)) *Deadline {
	return &Deadline{Hourly: hourly, Hours: hours, Minutes: minutes, Judge: judge, loc: loc}
}

// PeriodStart is the start of the local day or hour holding t.
func (d *Deadline) PeriodStart(t int64) time.Time {
	l := time.Unix(t, 0).In(d.loc)
	if d.Hourly {
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), 0, 0, 0, d.loc)
	}
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, d.loc)
}

func (d *Deadline) next(start time.Time) time.Time {
	if d.Hourly {
		return start.Add(time.Hour)
	}
	return NextDay(start)
}

// DeadlineOf returns the deadline of the period that starts at start.
func (d *Deadline) DeadlineOf(start time.Time) int64 {
	if d.Hourly {
		return start.Add(time.Duration(d.Hours)*time.Hour + time.Duration(d.Minutes)*time.Minute).Unix()
	}
	return time.Date(start.Year(), start.Month(), start.Day(), d.Hours, d.Minutes, 0, 0, d.loc).Unix()
}

func (d *Deadline) enter(start time.Time) {
	d.start, d.startU, d.due, d.landed, d.judged = start, start.Unix(), d.DeadlineOf(start), false, false
	d.nextAt = d.next(start).Unix()
}

// enterNext moves to the period after the current one. Hours follow each
// other in absolute time, so they need no calendar.
func (d *Deadline) enterNext() {
	if d.Hourly {
		d.startU = d.nextAt
		d.due = d.startU + int64(d.Hours)*3600 + int64(d.Minutes)*60
		d.nextAt += 3600
		d.landed, d.judged = false, false
		return
	}
	d.enter(time.Unix(d.nextAt, 0).In(d.loc))
}

func (d *Deadline) judge() {
	if !d.judged {
		d.judged = true
		d.Judge(d.startU, d.due, d.landed)
	}
}

// advance judges every period that ends at or before t, enters the one
// holding t, and judges it too when its deadline is before t.
func (d *Deadline) advance(t int64) {
	for d.nextAt <= t {
		d.judge()
		d.enterNext()
	}
	if d.due < t {
		d.judge()
	}
}

// Row records that data landed at t.
func (d *Deadline) Row(t int64) {
	if !d.started {
		d.started = true
		d.enter(d.PeriodStart(t))
	}
	d.advance(t)
	if !d.judged {
		d.landed = true
	}
}

// Finish judges every period whose deadline is before now.
func (d *Deadline) Finish(now int64) {
	if d.started {
		d.advance(now)
	}
}
