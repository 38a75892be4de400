package site

import (
	"math"
	"sort"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/incident"
)

// incidentSpans is one service's incidents as elementary intervals: the
// sorted edges of every incident with a positive length, and on each
// interval between two edges the heaviest weight of the incidents that
// cover it and whether maintenance does. Built once per service, it
// answers incidentTime over any span by walking only the edges inside it,
// instead of scanning every incident for every span (which made budget
// figures quadratic in the incidents of a service).
type incidentSpans struct {
	edges []int64   // sorted, distinct
	w     []float64 // per interval [edges[i], edges[i+1]): heaviest weight, 0 when none
	m     []bool    // per interval: under maintenance
}

// open is the end of an incident not resolved: it covers every span up
// to the span's end.
const open = math.MaxInt64

func newIncidentSpans(cfg *config.Config, ins []*incident.Incident) *incidentSpans {
	type edge struct {
		t     int64
		delta int // +1 at a start, −1 at an end
		w     float64
		m     bool
	}
	var es []edge
	for _, in := range ins {
		from, to := in.Started.Unix(), int64(open)
		if !in.Resolved.IsZero() {
			to = in.Resolved.Unix()
		}
		if from >= to {
			continue
		}
		w, m := cfg.IncidentWeight(in.Severity), in.Maintenance()
		es = append(es, edge{from, 1, w, m}, edge{to, -1, w, m})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].t < es[j].t })
	iv := &incidentSpans{}
	active := map[float64]int{} // non-maintenance incidents covering, by weight
	maint := 0
	for i := 0; i < len(es); {
		t := es[i].t
		for ; i < len(es) && es[i].t == t; i++ {
			switch e := es[i]; {
			case e.m:
				maint += e.delta
			default:
				active[e.w] += e.delta
			}
		}
		w := 0.0
		for x, n := range active {
			if n > 0 && x > w {
				w = x
			}
		}
		iv.edges = append(iv.edges, t)
		iv.w = append(iv.w, w)
		iv.m = append(iv.m, maint > 0)
	}
	return iv
}

// time returns, over [a, b), the bad seconds (overlapping incidents count
// once, at the heaviest weight) and the seconds under maintenance, summed
// interval by interval in time order.
func (iv *incidentSpans) time(a, b int64) (bad, maint float64) {
	if a >= b {
		return 0, 0
	}
	// The first edge after a; the interval holding a is the one before.
	i := sort.Search(len(iv.edges), func(k int) bool { return iv.edges[k] > a })
	for p := a; p < b; i++ {
		q := b
		if i < len(iv.edges) && iv.edges[i] < b {
			q = iv.edges[i]
		}
		w, m := 0.0, false
		if i > 0 {
			w, m = iv.w[i-1], iv.m[i-1]
		}
		if m {
			maint += float64(q - p)
		} else {
			bad += w * float64(q-p)
		}
		p = q
	}
	return bad, maint
}
