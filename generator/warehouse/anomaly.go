package warehouse

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/metrics"
	"github.com/statusgen/statusgen/generator/slo"
)

// Anomaly is an anomaly SLO whose newest value lies outside its band.
type Anomaly struct {
	Service *config.Service
	SLO     *config.SLOConfig
	Time    time.Time
	Value   float64
	Band    slo.Band
}

// DraftAnomalies reads the snapshots of every service with an anomaly SLO
// that has draft_incident = true, and writes a draft incident for each
// whose newest value (before or at now) is outside its baseline band:
// incidents/<date>-anomaly-<service>-<slo>.md, never over an existing
// file. It returns the anomalies found, the files written and notes.
func DraftAnomalies(cfg *config.Config, now time.Time, dryRun bool, ds *diag.Diagnostics) (found []Anomaly, written, notes []string, err error) {
	end := now.UTC().Truncate(time.Second).Add(time.Second) // rows at now count
	tl := slo.NewTimeline([]int64{end.Add(-time.Hour).Unix(), end.Unix()})
	for _, s := range cfg.Services {
		want := false
		for _, o := range s.SLOs {
			want = want || o.Indicator == config.IndicatorAnomaly && o.DraftIncident
		}
		if !want {
			continue
		}
		snap := metrics.ReadSnapshot(cfg, s, tl, end, ds)
		for i, o := range s.SLOs {
			if o.Indicator != config.IndicatorAnomaly || !o.DraftIncident || snap.LatestBand == nil {
				continue
			}
			band, v := snap.LatestBand[i], snap.LatestValue
			if v == nil || !band.OK || band.Contains(v[i]) {
				continue
			}
			a := Anomaly{Service: s, SLO: o, Time: snap.Latest[i].Time, Value: v[i], Band: band}
			found = append(found, a)
			if dryRun {
				continue
			}
			path, data := anomalyDraft(cfg, a)
			switch err := incident.WriteNew(cfg.Dir, path, data); {
			case errors.Is(err, incident.ErrExists):
				notes = append(notes, fmt.Sprintf("%s exists already; no draft incident written for the anomaly", diag.RelPath(cfg.Dir, path)))
			case err != nil:
				return found, written, notes, err
			default:
				written = append(written, diag.RelPath(cfg.Dir, path))
			}
		}
	}
	return found, written, notes, nil
}

func anomalyDraft(cfg *config.Config, a Anomaly) (string, []byte) {
	slug := strings.Trim(slugRE.ReplaceAllString("anomaly-"+a.Service.ID+"-"+a.SLO.ID, "-"), "-")
	path := filepath.Join(cfg.Dir, "incidents", a.Time.In(cfg.Location).Format("2006-01-02")+"-"+slug+".md")
	season := "hour of the week"
	if a.SLO.Data.DayOfWeek {
		season = "day of the week"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\nservices = [%q]\nseverity = \"minor\"\nstarted = %s\ndraft = true\n+++\n",
		fmt.Sprintf("Unusual %s in %s", a.SLO.Column, a.Service.Name), a.Service.ID, a.Time.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "## Summary\n\n`statusgen check-data` found %s = %s at %s (UTC), outside the %s's usual range. "+
		"This draft was written for an engineer to check, complete and publish (set draft = false), or delete.\n\n",
		a.SLO.Column, format.Num(a.Value), a.Time.UTC().Format("2006-01-02 15:04"), season)
	fmt.Fprintf(&b, "## Evidence\n\n| | |\n|---|---|\n| SLO | %s (`%s`) |\n| value | %s |\n| expected | %s – %s |\n| baseline | median %s of %d past weeks, ± %v × MAD (at least ± %v%% of the median) |\n",
		a.SLO.Name, a.SLO.ID, format.Num(a.Value), format.Num(a.Band.Lo), format.Num(a.Band.Hi), format.Num(a.Band.Median),
		a.Band.History, a.SLO.Data.K, a.SLO.Data.MinWidth*100)
	b.WriteString("\n## Impact\n\n## Root cause\n\n## Resolution\n")
	return path, []byte(b.String())
}
