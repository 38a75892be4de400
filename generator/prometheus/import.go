package prometheus

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// MaxPointsPerRequest is how many steps one request asks for: Prometheus
// refuses a range query of more than 11,000 points per series.
const MaxPointsPerRequest = 11000

// MaxSteps bounds the steps of one import, whose rows are held in memory:
// five million is ten years at one minute.
const MaxSteps = 5_000_000

// Imported times lie in 1970..2199, as everywhere in statusgen.
var (
	minTime = time.Unix(0, 0).UTC()
	endTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Query is an import: a good and a total PromQL expression, each returning
// one series (aggregate with sum()), evaluated every Step from Start to End.
type Query struct {
	Good, Total string
	Start, End  time.Time
	// Step is whole seconds. Evaluation times are the multiples of Step
	// since the Unix epoch inside [Start, End], so runs over overlapping
	// ranges evaluate at the same times and their rows deduplicate.
	Step time.Duration
	// MaxPoints caps the steps of one request; 0 means MaxPointsPerRequest.
	MaxPoints int
}

// Range is the span of one request: evaluations at Start, Start+step, ...,
// End, both included.
type Range struct {
	Start, End time.Time
}

// Row is one step at which both queries had a finite value.
type Row struct {
	Time        time.Time
	Good, Total float64
}

// Skip counts the steps left out for one reason, e.g. "good missing".
type Skip struct {
	Reason string
	Count  int
	First  time.Time // the first step it happened at
}

// Result is what an import read.
type Result struct {
	Start, End time.Time // the range after alignment to the step
	Steps      int       // evaluation times in it
	Requests   int       // HTTP requests made
	Rows       []Row     // in time order
	NoData     int       // steps where neither query had a value: no row, never zero
	Skipped    []Skip    // steps where one value was missing or unusable, by first occurrence
	Warnings   []string  // the server's warnings, each once
}

// SkippedSteps is the number of steps in Skipped.
func (r *Result) SkippedSteps() int {
	n := 0
	for _, s := range r.Skipped {
		n += s.Count
	}
	return n
}

// Split aligns [start, end] to step (start rounded up, end down, to
// multiples of step since the Unix epoch) and cuts it into consecutive
// ranges of at most maxPoints steps, which neither overlap nor leave a gap.
// The range must lie in 1970..2199 and hold at most MaxSteps steps.
func Split(start, end time.Time, step time.Duration, maxPoints int) ([]Range, error) {
	if step < time.Second || step%time.Second != 0 {
		return nil, fmt.Errorf("the step %s is not a whole number of seconds of at least 1s", step)
	}
	if start.Before(minTime) || !end.Before(endTime) {
		return nil, fmt.Errorf("the range %s to %s is not within 1970..2199", start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339))
	}
	if maxPoints <= 0 {
		maxPoints = MaxPointsPerRequest
	}
	st := int64(step / time.Second)
	s, e := start.Unix(), end.Unix()
	if start.Nanosecond() > 0 {
		s++
	}
	s = ceilDiv(s, st) * st
	e = floorDiv(e, st) * st
	if s > e {
		return nil, fmt.Errorf("no step of %s falls between %s and %s: widen the range or shorten the step", step,
			start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339))
	}
	if steps := (e-s)/st + 1; steps > MaxSteps {
		return nil, fmt.Errorf("%s to %s every %s is %d steps, more than the %d one import takes: use a larger step or import the range in parts",
			start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339), step, steps, MaxSteps)
	} else if int64(maxPoints) > steps {
		maxPoints = int(steps)
	}
	var out []Range
	chunk := int64(maxPoints) * st
	for a := s; a <= e; a += chunk {
		b := min(a+chunk-st, e)
		out = append(out, Range{time.Unix(a, 0).UTC(), time.Unix(b, 0).UTC()})
	}
	return out, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

// Import runs the two queries over every range of Split and merges them
// into rows. A step gives a row only when both values are there and
// finite, 0 ≤ good ≤ total; otherwise the step is counted in NoData (both
// missing) or in Skipped with the reason. It stops at the first failed
// request; a query answering with more than one series is an error
// wrapping ErrManySeries.
func Import(ctx context.Context, c *Client, q Query) (*Result, error) {
	if strings.TrimSpace(q.Good) == "" || strings.TrimSpace(q.Total) == "" {
		return nil, errors.New("both the good and the total query are needed")
	}
	ranges, err := Split(q.Start, q.End, q.Step, q.MaxPoints)
	if err != nil {
		return nil, err
	}
	res := &Result{Start: ranges[0].Start, End: ranges[len(ranges)-1].End}
	skips := map[string]int{} // reason → index in res.Skipped
	skip := func(reason string, t time.Time) {
		i, ok := skips[reason]
		if !ok {
			i = len(res.Skipped)
			skips[reason] = i
			res.Skipped = append(res.Skipped, Skip{Reason: reason, First: t})
		}
		res.Skipped[i].Count++
	}
	warned := map[string]bool{}
	stepMS := q.Step.Milliseconds()
	for _, r := range ranges {
		var values [2]map[int64]float64
		for i, expr := range []string{q.Good, q.Total} {
			series, warnings, err := c.QueryRange(ctx, expr, r.Start, r.End, q.Step)
			res.Requests++
			for _, w := range warnings {
				if !warned[w] {
					warned[w] = true
					res.Warnings = append(res.Warnings, w)
				}
			}
			if err != nil {
				return res, err
			}
			if len(series) > 1 {
				return res, manySeries([]string{"good", "total"}[i], expr, series)
			}
			values[i] = map[int64]float64{}
			if len(series) == 1 {
				for _, s := range series[0].Samples {
					values[i][s.T] = s.V
				}
			}
		}
		for t := r.Start.UnixMilli(); t <= r.End.UnixMilli(); t += stepMS {
			res.Steps++
			at := time.UnixMilli(t).UTC()
			g, gok := values[0][t]
			tot, tok := values[1][t]
			switch {
			case !gok && !tok:
				res.NoData++
			case !gok:
				skip("good missing", at)
			case !tok:
				skip("total missing", at)
			case unusable(g) != "":
				skip("good "+unusable(g), at)
			case unusable(tot) != "":
				skip("total "+unusable(tot), at)
			case g > tot && g-tot > 1e-9*math.Max(1, tot):
				skip("good above total", at)
			default:
				// increase() over a subset of total's series can come out a
				// rounding error above total; such a good is total.
				res.Rows = append(res.Rows, Row{Time: at, Good: math.Min(g, tot), Total: tot})
			}
		}
	}
	return res, nil
}

// unusable says why a value cannot be a count of events, or "".
func unusable(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v < 0:
		return "negative"
	}
	return ""
}

func manySeries(which, expr string, series []Series) error {
	var names []string
	for i, s := range series {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(series)-3))
			break
		}
		names = append(names, FormatLabels(s.Labels))
	}
	return manySeriesError(fmt.Sprintf("the %s query returned %d series (%s); aggregate it to one, e.g. sum(%s)",
		which, len(series), strings.Join(names, ", "), expr))
}

// manySeriesError is ErrManySeries with the query and its series.
type manySeriesError string

func (e manySeriesError) Error() string        { return string(e) }
func (e manySeriesError) Is(target error) bool { return target == ErrManySeries }
