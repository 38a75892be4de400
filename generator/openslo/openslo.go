// Package openslo reads OpenSLO v1 documents into statusgen services and
// SLOs, writes them into site.toml without touching what is there, and
// writes a site's SLOs back out as OpenSLO (docs/openslo.md).
//
// YAML is read with go.yaml.in/yaml/v3 (already the project's YAML
// library): its nodes carry lines, so every field without a counterpart
// in statusgen is a warning naming its file and line.
package openslo

import (
	"math"
	"strconv"
)

// APIVersion is the OpenSLO version read and written.
const APIVersion = "openslo/v1"

// annotation keys under which export keeps what OpenSLO has no field for,
// so a round trip keeps it.
const (
	annPrefix      = "statusgen.dev/"
	annOwner       = annPrefix + "owner"
	annContact     = annPrefix + "contact"
	annRunbook     = annPrefix + "runbook"
	annInterval    = annPrefix + "interval"
	annSLA         = annPrefix + "sla"
	annSLAPeriod   = annPrefix + "sla-period"
	annMinCoverage = annPrefix + "min-coverage"
	annSLOID       = annPrefix + "slo-id"
)

// Service is a service as imported: what becomes a [[service]].
type Service struct {
	ID, Name, Description   string
	Owner, Contact, Runbook string
	Interval                string
	Labels                  map[string]string
	SLOs                    []*SLO
	// Where is "file:line" of the document it came from.
	Where string
}

// SLO is one [[service.slo]] as imported: one objective of an OpenSLO SLO.
type SLO struct {
	ID, Name, Rationale string
	Indicator           string // status, ratio, threshold or incidents
	Objective           float64
	Window              string
	Budgeting           string // "", events or timeslices (threshold SLOs)
	Column, Op          string
	Threshold           *float64
	Good, Total         string
	SLA                 *float64
	SLAPeriod           string
	MinCoverage         *float64
	Where               string
}

// percent turns an OpenSLO target (0.999) into an objective (99.9)
// without the float noise of *100 (0.999*100 = 99.89999999999999): the
// result is rounded to 10 decimal places, far below any objective's
// precision.
func percent(target float64) float64 { return round10(target * 100) }

// ratio turns an objective (99.9) into an OpenSLO target (0.999).
func ratio(objective float64) float64 { return round10(objective / 100) }

func round10(x float64) float64 { return math.Round(x*1e10) / 1e10 }

// num writes a number as TOML and YAML both read it back exactly.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
