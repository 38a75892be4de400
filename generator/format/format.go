// Package format writes figures the way the pages and machine outputs
// show them: percentages, durations, rates, dates and rounding. It
// computes no figure and imports nothing of the project but slo.
package format

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/slo"
)

// Pct writes a ratio as a percentage, cut rather than rounded, so a
// figure is never shown better than it is; nil is "no data".
func Pct(p *float64) string {
	if p == nil {
		return "no data"
	}
	v := *p * 100
	switch {
	case v == 100:
		return "100%"
	case v >= 99.99:
		return fmt.Sprintf("%.3f%%", math.Floor(v*1000)/1000)
	default:
		return fmt.Sprintf("%.2f%%", math.Floor(v*100)/100)
	}
}

// Num writes a number: whole numbers with thousands separated, others
// with two decimals.
func Num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return groupThousands(fmt.Sprintf("%.0f", v))
	}
	return fmt.Sprintf("%.2f", v)
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Minutes writes optional minutes as a duration, "—" when nil.
func Minutes(p *float64) string {
	if p == nil {
		return "—"
	}
	return Duration(time.Duration(*p * float64(time.Minute)))
}

// Rate writes a burn rate, "1.50×"; nil is "no data".
func Rate(p *float64) string {
	if p == nil {
		return "no data"
	}
	return fmt.Sprintf("%.2f×", *p)
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

// Objective writes an objective ratio as a percentage without trailing
// zeros: 0.999 is "99.9%".
func Objective(ratio float64) string {
	return fmt.Sprintf("%s%%", Decimal(slo.Round(ratio*100, 4)))
}

// Decimal writes v with at most 4 decimals and no trailing zeros: 14.4.
func Decimal(v float64) string {
	s := fmt.Sprintf("%.4f", v)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

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
