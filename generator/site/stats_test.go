package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/incident"
)

func TestOpenActionItemsByOwner(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	s := &Site{Now: now, Incidents: []*incident.Incident{
		{Slug: "x", Actions: []incident.Action{{Text: "x1", Owner: "data", Due: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)}, {Text: "x2", Owner: "Checkout", Done: true}, {Text: "x3"}}},
		{Slug: "y", Actions: []incident.Action{{Text: "y1", Owner: "data", Due: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}, {Text: "y2", Owner: "data"}}},
	}, Drafts: []*incident.Incident{{Slug: "z", Actions: []incident.Action{{Text: "z1", Owner: "Checkout"}}}}}
	var got []string
	for _, o := range s.OpenActionItems() {
		var items []string
		for _, it := range o.Items {
			items = append(items, it.Text)
		}
		got = append(got, fmt.Sprintf("%q:%s/%d", o.Owner, strings.Join(items, ","), o.Overdue))
	}
	// Owners A–Z case-insensitively, unowned last; items by due date.
	want := `"Checkout":z1/0 "data":y1,x1,y2/1 "":x3/0`
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}
