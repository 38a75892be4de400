package badge

import (
	"encoding/json"
	"testing"

	"github.com/statusgen/statusgen/generator/testsite"
)

func TestBadgeTextWidth(t *testing.T) {
	// "100%": three digits of 7 px and a percent sign of 11.9 px = 32.9 → 33.
	if w := badgeTextWidth("100%"); w != 33 {
		t.Errorf("width = %v, want 33", w)
	}
}

func TestBadgeEscapes(t *testing.T) {
	b := Badge{Label: `A&B <"x">`, Message: "no data", Color: "lightgrey"}
	testsite.CheckSVG(t, b.SVG())
	j, err := b.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var e shieldsEndpoint
	if err := json.Unmarshal(j, &e); err != nil || e.Label != b.Label {
		t.Errorf("json = %s (%v)", j, err)
	}
}
