package slo

import (
	"math"
	"testing"
)

func TestGap(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		name      string
		sli       *float64
		objective float64
		want      *float64
	}{
		// 99.95% measured against 99.9%: 0.9995 − 0.999 = 0.0005 above.
		{"above", f(0.9995), 0.999, f(0.0005)},
		// 98.7% against 99%: 0.987 − 0.99 = −0.003, missed by 0.3 points.
		{"below", f(0.987), 0.99, f(-0.003)},
		// exactly on target: 0.
		{"on target", f(0.995), 0.995, f(0)},
		// no SLI, no gap.
		{"no data", nil, 0.99, nil},
	} {
		got := Gap(c.sli, c.objective)
		switch {
		case (got == nil) != (c.want == nil):
			t.Errorf("%s: Gap = %v, want %v", c.name, got, c.want)
		case got != nil && math.Abs(*got-*c.want) > 1e-12:
			t.Errorf("%s: Gap = %v, want %v", c.name, *got, *c.want)
		}
	}
}
