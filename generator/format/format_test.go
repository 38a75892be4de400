package format

import (
	"testing"
	"time"
)

func f(v float64) *float64 { return &v }

// The one rule of docs/site.md, "Numbers": half away from zero, never
// floored, no −0, and only exactly 1 reads 100%.
func TestPct(t *testing.T) {
	for _, tt := range []struct {
		in   *float64
		want string
	}{
		{nil, "no data"},
		{f(1), "100%"},
		// 99.4952 → 99.50 (the floor gave 99.49; Upptime says 99.50).
		{f(0.994952), "99.50%"},
		// 99.4949 → 99.49.
		{f(0.994949), "99.49%"},
		// 99.995 is stored as 99.99499…; people round the half up: 99.995
		// has three decimals (≥ 99.99) and stays 99.995.
		{f(0.99995), "99.995%"},
		// 99.9996 → 100.000 at three decimals, so four: 99.9996.
		{f(0.999996), "99.9996%"},
		// 99.99999 → 100.0000 at four, 100.00000 at five: six decimals.
		{f(0.9999999), "99.99999%"},
		// Budget consumed over 100% has two decimals like any other.
		{f(1.11704), "111.70%"},
		{f(-0.117112), "−11.71%"},
		// A tiny negative rounds to zero: 0.00%, never −0.00%.
		{f(-0.0000004), "0.00%"},
		{f(0), "0.00%"},
		// 0.125 → 12.50: half away from zero at 2 decimals of percent.
		{f(0.000125), "0.01%"},
		{f(-0.000125), "−0.01%"},
	} {
		if got := Pct(tt.in); got != tt.want {
			t.Errorf("Pct(%v) = %q, want %q", deref(tt.in), got, tt.want)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestRoundTrimRateNum(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		// 2.675 is stored as 2.67499…: people round it to 2.68.
		{Fixed(2.675, 2), "2.68"},
		{Fixed(-2.675, 2), "−2.68"},
		{Fixed(-0.004, 2), "0.00"},
		{Trim(-0.0001, 2), "0"},
		{Trim(14.40, 2), "14.4"},
		{Trim(-1.5, 2), "−1.5"},
		{Rate(f(-0.001)), "0.00×"},
		{Rate(f(1.005)), "1.01×"},
		{Rate(f(100)), "100.00×"},
		{Num(1234567), "1,234,567"},
		{Num(-1234), "−1,234"},
		{Num(0), "0"},
		{Num(2.345), "2.35"},
		{Objective(0.999), "99.9%"},
		{Objective(0.99995), "99.995%"},
		{Decimal(13.44), "13.44"},
		{Decimal(0.93333333), "0.9333"},
		{Duration(-90 * time.Second), "−2 min"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if r := Round(-0.0001, 2); r != 0 || 1/r < 0 {
		t.Errorf("Round(−0.0001, 2) = %v, want +0", r)
	}
}
