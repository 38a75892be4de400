package openslo

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/statusgen/statusgen/generator/config"
)

// The documents Export writes, in OpenSLO's field order.
type (
	yService struct {
		APIVersion string    `yaml:"apiVersion"`
		Kind       string    `yaml:"kind"`
		Metadata   yMetadata `yaml:"metadata"`
		Spec       struct {
			Description string `yaml:"description,omitempty"`
		} `yaml:"spec"`
	}
	yMetadata struct {
		Name        string            `yaml:"name"`
		DisplayName string            `yaml:"displayName,omitempty"`
		Labels      map[string]string `yaml:"labels,omitempty"`
		Annotations map[string]string `yaml:"annotations,omitempty"`
	}
	ySLO struct {
		APIVersion string    `yaml:"apiVersion"`
		Kind       string    `yaml:"kind"`
		Metadata   yMetadata `yaml:"metadata"`
		Spec       ySLOSpec  `yaml:"spec"`
	}
	ySLOSpec struct {
		Description     string        `yaml:"description,omitempty"`
		Service         string        `yaml:"service"`
		Indicator       yIndicator    `yaml:"indicator"`
		TimeWindow      []yTimeWindow `yaml:"timeWindow"`
		BudgetingMethod string        `yaml:"budgetingMethod"`
		Objectives      []yObjective  `yaml:"objectives"`
	}
	yIndicator struct {
		Metadata yMetadata `yaml:"metadata"`
		Spec     struct {
			ThresholdMetric *yMetric `yaml:"thresholdMetric,omitempty"`
			RatioMetric     *yRatio  `yaml:"ratioMetric,omitempty"`
		} `yaml:"spec"`
	}
	yMetric struct {
		MetricSource ySource `yaml:"metricSource"`
	}
	ySource struct {
		Type string            `yaml:"type"`
		Spec map[string]string `yaml:"spec"`
	}
	yRatio struct {
		Counter bool    `yaml:"counter"`
		Good    yMetric `yaml:"good"`
		Total   yMetric `yaml:"total"`
	}
	yTimeWindow struct {
		Duration  string     `yaml:"duration"`
		IsRolling bool       `yaml:"isRolling"`
		Calendar  *yCalendar `yaml:"calendar,omitempty"`
	}
	yCalendar struct {
		StartTime string `yaml:"startTime"`
		TimeZone  string `yaml:"timeZone"`
	}
	yObjective struct {
		DisplayName     string   `yaml:"displayName,omitempty"`
		Op              string   `yaml:"op,omitempty"`
		Value           *float64 `yaml:"value,omitempty"`
		Target          float64  `yaml:"target"`
		TimeSliceWindow string   `yaml:"timeSliceWindow,omitempty"`
	}
)

var opNames = map[string]string{"<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}

// Export writes the site's services and SLOs as OpenSLO v1 YAML: one
// Service document per service, then one SLO document per SLO, each with
// its indicator inline and its metric source of type statusgen naming
// the snapshot columns. What OpenSLO has no field for (owner, contact,
// runbook, interval, sla, sla_period, min_coverage, the SLO's own id) is
// kept in statusgen.dev/ annotations, so Read gives it back.
//
// SLOs whose indicator OpenSLO cannot say (anomaly, deadline: judged
// against a baseline or a clock, not a metric and a target) are left out,
// one note each.
func Export(cfg *config.Config) ([]byte, []string, error) {
	var notes []string
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	for _, s := range cfg.Services {
		svc := yService{APIVersion: APIVersion, Kind: "Service",
			Metadata: yMetadata{Name: s.ID, DisplayName: s.Name, Labels: s.Labels, Annotations: annotations(
				annOwner, s.Owner, annContact, s.Contact, annRunbook, s.Runbook, annInterval, s.Interval)}}
		svc.Spec.Description = s.Description
		if err := enc.Encode(svc); err != nil {
			return nil, nil, err
		}
		for _, o := range s.SLOs {
			if !Exportable(o) {
				notes = append(notes, fmt.Sprintf("service %s, SLO %s: OpenSLO has no %s indicator; left out", s.ID, o.ID, o.Indicator))
				continue
			}
			d, err := sloDoc(cfg, s, o)
			if err != nil {
				return nil, nil, err
			}
			if err := enc.Encode(d); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := enc.Close(); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), notes, nil
}

// Exportable reports whether OpenSLO can say an SLO: status, incidents,
// threshold and ratio SLOs, not anomaly or deadline ones.
func Exportable(o *config.SLOConfig) bool {
	switch o.Indicator {
	case config.IndicatorStatus, config.IndicatorIncidents, config.IndicatorThreshold, config.IndicatorRatio:
		return true
	}
	return false
}

func annotations(kv ...string) map[string]string {
	out := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out[kv[i]] = kv[i+1]
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func sloDoc(cfg *config.Config, s *config.Service, o *config.SLOConfig) (ySLO, error) {
	name := s.ID + "-" + o.ID
	ann := map[string]string{annSLOID: o.ID}
	if o.SLA != nil {
		ann[annSLA] = num(*o.SLA)
		ann[annSLAPeriod] = o.SLAPeriod
	}
	if o.MinCoverage != nil {
		ann[annMinCoverage] = num(*o.MinCoverage)
	}
	d := ySLO{APIVersion: APIVersion, Kind: "SLO", Metadata: yMetadata{Name: name, DisplayName: o.Name, Annotations: ann}}
	d.Spec.Description = o.Rationale
	d.Spec.Service = s.ID
	d.Spec.Indicator.Metadata = yMetadata{Name: name + "-sli"}
	obj := yObjective{DisplayName: o.Name, Target: ratio(o.Objective)}
	d.Spec.BudgetingMethod = "Occurrences"
	src := func(kv ...string) ySource { return ySource{Type: "statusgen", Spec: annotations(kv...)} }
	switch o.Indicator {
	case config.IndicatorStatus, config.IndicatorIncidents:
		d.Spec.Indicator.Spec.ThresholdMetric = &yMetric{src("indicator", o.Indicator)}
		d.Spec.BudgetingMethod = "Timeslices"
	case config.IndicatorThreshold:
		d.Spec.Indicator.Spec.ThresholdMetric = &yMetric{src("column", o.Column)}
		obj.Op, obj.Value = opNames[o.Op], o.Threshold
		if o.Budgeting == "timeslices" {
			d.Spec.BudgetingMethod = "Timeslices"
		}
	case config.IndicatorRatio:
		d.Spec.Indicator.Spec.RatioMetric = &yRatio{Counter: false, Good: yMetric{src("column", o.Good)}, Total: yMetric{src("column", o.Total)}}
	}
	if d.Spec.BudgetingMethod == "Timeslices" && s.Interval != "" {
		obj.TimeSliceWindow = s.Interval
	}
	d.Spec.Objectives = []yObjective{obj}
	tw, err := timeWindow(o.WindowSpec, cfg.Timezone)
	if err != nil {
		return d, fmt.Errorf("service %s, SLO %s: %w", s.ID, o.ID, err)
	}
	d.Spec.TimeWindow = []yTimeWindow{tw}
	return d, nil
}

// timeWindow writes a statusgen window as OpenSLO's: rolling windows in
// the largest whole unit of d, h (28d stays 28d, 4w stays 4w); calendar
// ones as 1M, 1Q or 1Y anchored at the start of 2020 in the site's zone.
func timeWindow(w config.WindowSpec, tz string) (yTimeWindow, error) {
	if w.Calendar != "" {
		return yTimeWindow{Duration: map[string]string{"month": "1M", "quarter": "1Q", "year": "1Y"}[w.Calendar],
			Calendar: &yCalendar{StartTime: "2020-01-01 00:00:00", TimeZone: tz}}, nil
	}
	if shorthand.MatchString(w.Text) {
		return yTimeWindow{Duration: w.Text, IsRolling: true}, nil
	}
	d := w.Rolling
	switch {
	case d%(24*time.Hour) == 0:
		return yTimeWindow{Duration: strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d", IsRolling: true}, nil
	case d%time.Hour == 0:
		return yTimeWindow{Duration: strconv.FormatInt(int64(d/time.Hour), 10) + "h", IsRolling: true}, nil
	}
	return yTimeWindow{}, fmt.Errorf("window %q is not whole hours, which OpenSLO cannot write", w.Text)
}
