package site

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/incident"
)

// incidentTimeScan is how incidentTime was computed before incidentSpans, by\n// scanning every incident for each span: the oracle of the test below. It\n// returns, over [a, b), the bad seconds (overlapping incidents
// count once, at the heaviest weight) and the seconds under maintenance.
func incidentTimeScan(cfg *config.Config, ins []*incident.Incident, a, b int64) (bad, maint float64) {
	type iv struct {
		from, to int64
		w        float64
		m        bool
	}
	var ivs []iv
	points := []int64{a, b}
	for _, in := range ins {
		from, to := in.Started.Unix(), b
		if !in.Resolved.IsZero() {
			to = in.Resolved.Unix()
		}
		from, to = max(from, a), min(to, b)
		if from >= to {
			continue
		}
		ivs = append(ivs, iv{from, to, cfg.IncidentWeight(in.Severity), in.Maintenance()})
		points = append(points, from, to)
	}
	sort.Slice(points, func(i, j int) bool { return points[i] < points[j] })
	for k := 0; k+1 < len(points); k++ {
		p, q := points[k], points[k+1]
		if p == q {
			continue
		}
		w, m := 0.0, false
		for _, v := range ivs {
			if v.from <= p && q <= v.to {
				if v.m {
					m = true
				} else if v.w > w {
					w = v.w
				}
			}
		}
		if m {
			maint += float64(q - p)
		} else {
			bad += w * float64(q-p)
		}
	}
	return bad, maint
}

// incidentSpans gives, for any span, exactly (to the last bit) the bad and
// maintenance seconds a scan of every incident gives: the same elementary
// intervals, in the same order, at the same weights. Random incidents
// (overlapping, ongoing, zero-length, maintenance, resolved before they
// started) and random spans, some ending before they start.
func TestIncidentSpansMatchTheScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cfg := &config.Config{IncidentWeights: map[string]float64{"minor": 0.1}}
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for round := 0; round < 200; round++ {
		var ins []*incident.Incident
		for i := r.IntN(30); i > 0; i-- {
			in := &incident.Incident{Severity: []string{"minor", "major", "critical", "maintenance", ""}[r.IntN(5)]}
			in.Started = base.Add(time.Duration(r.IntN(40*24*60)) * time.Minute)
			switch r.IntN(6) {
			case 0: // ongoing
			case 1:
				in.Resolved = in.Started // zero length
			case 2:
				in.Resolved = in.Started.Add(-time.Hour) // before it started
			default:
				in.Resolved = in.Started.Add(time.Duration(1+r.IntN(3000)) * time.Minute)
			}
			ins = append(ins, in)
		}
		iv := newIncidentSpans(cfg, ins)
		for k := 0; k < 50; k++ {
			a := base.Add(time.Duration(r.IntN(45*24*60)-2*24*60) * time.Minute).Unix()
			b := a + int64(r.IntN(30*24*60)-60)*60
			wantBad, wantMaint := incidentTimeScan(cfg, ins, a, b)
			gotBad, gotMaint := iv.time(a, b)
			if gotBad != wantBad || gotMaint != wantMaint {
				t.Fatalf("round %d, [%d, %d): bad %v, maintenance %v; the scan gives %v, %v (%s)", round, a, b, gotBad, gotMaint, wantBad, wantMaint, fmt.Sprint(len(ins), " incidents"))
			}
		}
	}
}
