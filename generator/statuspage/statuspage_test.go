package statuspage

import (
	"testing"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/site"
)

var outputsNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func TestStatusIndicator(t *testing.T) {
	st := &site.Site{Config: &config.Config{Title: "T", Timezone: "UTC", Location: time.UTC}, Now: outputsNow}
	tests := []struct {
		name     string
		statuses []string
		open     []spIncident
		maint    []spIncident
		want     string
	}{
		{"all operational", []string{site.StatusOperational, site.StatusOperational}, nil, nil, "none All Systems Operational"},
		{"unknown is never green", []string{site.StatusOperational, site.StatusUnknown}, nil, nil, "minor Status Unknown: No Recent Data"},
		{"maintenance in progress", []string{site.StatusOperational}, nil, []spIncident{{Status: "in_progress"}}, "maintenance Service Under Maintenance"},
		{"upcoming maintenance does not count", []string{site.StatusOperational}, nil, []spIncident{{Status: "scheduled"}}, "none All Systems Operational"},
		{"an open critical incident", []string{site.StatusDegraded}, []spIncident{{Impact: "critical"}}, nil, "critical Major System Outage"},
		{"partial outage", []string{site.StatusPartial, site.StatusMaintenance}, nil, nil, "major Partial System Outage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st.Status = site.StatusOperational
			sp := &builder{st: st}
			for _, s := range tt.statuses {
				st.Status = site.WorseStatus(st.Status, s)
				sp.components = append(sp.components, spComponent{Status: statuspageStatus(s)})
			}
			got := sp.indicator(tt.open, tt.maint)
			if g := got.Indicator + " " + got.Description; g != tt.want {
				t.Errorf("got %q, want %q", g, tt.want)
			}
		})
	}
}
