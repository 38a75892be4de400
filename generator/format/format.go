// Package format writes figures the way the pages and machine outputs
// show them: percentages, durations, rates, dates and rounding. It
// computes no figure and imports nothing of the project but slo and diag.
package format

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/slo"
)

// The one rule for figures people read (docs/site.md, "Numbers"): a
// figure is rounded half away from zero (99.4952% is 99.50%, 99.995% is
// 99.995%), never floored; a value that rounds to zero is 0, never −0;
// negative numbers take the minus sign "−" (U+2212); the same figure has
// the same text on every page.

// Round rounds v to n decimals, half away from zero, as people round:
// the binary noise of v (99.995 stored as 99.99499999…) is ignored, and
// −0 becomes 0.
func Round(v float64, n int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, float64(n))
	x := v * p
	// Decide halves on x with its last few binary digits cleared.
	x = math.Round(x*1e6) / 1e6
	r := math.Round(x) / p
	if r == 0 {
		return 0
	}
	return r
}

// Fixed writes v rounded to n decimals, with them all: Fixed(−0.004, 2)
// is "0.00", Fixed(−1.5, 1) "−1.5".
func Fixed(v float64, n int) string {
	return minus(strconv.FormatFloat(Round(v, n), 'f', n, 64))
}

// Trim writes v rounded to at most n decimals, without trailing zeros:
// Trim(14.40, 2) is "14.4", Trim(−0.001, 2) "0". Axis labels and
// configured values use it.
func Trim(v float64, n int) string {
	return minus(strconv.FormatFloat(Round(v, n), 'f', -1, 64))
}

func minus(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

// Pct writes a ratio as a percentage with two decimals, rounded half away
// from zero: 0.994952 is "99.50%", 1.11704 "111.70%", −0.1171 "−11.71%".
// Between 99.99% and 100% it has three decimals ("99.995%"), and more
// when needed so that only exactly 1 reads "100%"; nil is "no data".
func Pct(p *float64) string {
	if p == nil {
		return "no data"
	}
	v := *p * 100
	if v == 100 {
		return "100%"
	}
	n := 2
	if v >= 99.99 && v < 100 {
		n = 3
		for n < 6 && Round(v, n) >= 100 {
			n++
		}
	}
	return Fixed(v, n) + "%"
}

// Num writes a number: whole numbers with thousands separated, others
// with two decimals.
func Num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return minus(diag.GroupDigits(int64(v)))
	}
	return Fixed(v, 2)
}

// Minutes writes optional minutes as a duration, "—" when nil.
func Minutes(p *float64) string {
	if p == nil {
		return "—"
	}
	return Duration(time.Duration(*p * float64(time.Minute)))
}

// Rate writes a burn rate with two decimals, "1.50×"; nil is "no data".
func Rate(p *float64) string {
	if p == nil {
		return "no data"
	}
	return Fixed(*p, 2) + "×"
}

// DateTime writes t in loc, "3 Nov 2026 09:12 CET"; "—" when zero.
func DateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("2 Jan 2006 15:04 MST")
}

// Duration prints a duration the way people say it: "1 h 18 min".
func Duration(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	d = d.Round(time.Minute)
	days := int(d / (24 * time.Hour))
	h := int(d/time.Hour) % 24
	m := int(d/time.Minute) % 60
	var parts []string
	if days > 0 {
		parts = append(parts, fmt.Sprintf("%d d", days))
	}
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
	}
	if m > 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	s := strings.Join(parts, " ")
	if neg {
		return "−" + s
	}
	return s
}

// StateText is the label of an SLO state of SPEC section 4.
func StateText(s string) string {
	return map[string]string{"ok": "Meeting objective", "warning": "At risk", "breached": "Objective missed", "no_data": "Not enough data"}[s]
}

// OptionalDuration prints an optional duration, "—" when there is none.
func OptionalDuration(d *time.Duration) string {
	if d == nil {
		return "—"
	}
	return Duration(*d)
}

// Objective writes a configured ratio (an objective, an SLA target) as a
// percentage without trailing zeros: 0.999 is "99.9%".
func Objective(ratio float64) string {
	return Trim(ratio*100, 4) + "%"
}

// Decimal writes v with at most 4 decimals and no trailing zeros: 14.4.
func Decimal(v float64) string { return Trim(v, 4) }

// Rounding of published figures: ratios to 6 places, budget shares and
// burn rates to 4, minutes to 2.

// Round6 rounds a published ratio to 6 places.
func Round6(p *float64) *float64 { return roundPtr(p, 6) }

// Round4 rounds a published budget share or burn rate to 4 places.
func Round4(p *float64) *float64 { return roundPtr(p, 4) }

// Round2 rounds published minutes to 2 places.
func Round2(p *float64) *float64 { return roundPtr(p, 2) }

func roundPtr(p *float64, n int) *float64 {
	if p == nil {
		return nil
	}
	v := slo.Round(*p, n)
	return &v
}

// RFC3339 writes t in UTC as RFC 3339, as the machine outputs do.
func RFC3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
