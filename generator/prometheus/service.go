package prometheus

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/diag"
	"github.com/statusgen/statusgen/generator/metrics"
)

// ImportOptions is one `statusgen import prometheus`: the queries, the
// range as the user wrote it, and the service whose snapshots get the
// rows. Its messages name the command's flags, which carry these values.
type ImportOptions struct {
	ConfigPath string // site.toml
	Service    string // the id of the service whose content/metrics/<id>/ gets the rows
	// Good and Total are PromQL expressions, one series each.
	Good, Total string
	// Start is an RFC 3339 time, or a duration before End such as 28d;
	// End an RFC 3339 time, "" for Now.
	Start, End string
	Step       string // a duration of whole seconds, such as 5m
	// StepDefault says Step is the command's default, not the user's:
	// a declared source's step then wins.
	StepDefault bool
	MaxPoints   int // steps per request, at least 1
	// FilePrefix names the files content/metrics/<id>/<prefix><YYYY-MM>.csv.
	FilePrefix string
	Now        time.Time
	DryRun     bool // query, but write nothing; the result says what would be written
}

// ServiceImport is what ImportService did, as far as it got.
type ServiceImport struct {
	// Diagnostics are site.toml's, when it has errors (ErrConfig).
	Diagnostics diag.Diagnostics
	Query       Query   // the query run, once the options were read
	Result      *Result // what the queries read; nil until they ran
	Service     string  // the service id
	SiteDir     string  // the folder of site.toml, which Files lie in
	// Appended is set once the rows went to the snapshot files; Files
	// says what was (or, in a dry run, would be) written to each.
	Appended          bool
	Files             []metrics.MonthFile
	Added, Duplicates int // rows, over Files
	// NoRatioSLO is set when the service has no SLO with indicator =
	// "ratio", the only kind that uses these rows.
	NoRatioSLO bool
	// Hint, after an error, is a line saying what to do, or "".
	Hint string
}

// UsageError is an option ImportService cannot take: the command's
// usage is at fault, not the site or the server.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usage(format string, args ...any) error { return &UsageError{fmt.Sprintf(format, args...)} }

// ErrConfig is returned when site.toml has errors; they are in
// ServiceImport.Diagnostics.
var ErrConfig = errors.New("site.toml has errors")

// Columns are the snapshot columns the rows fill (SPEC section 3: the
// events of the interval that ends at time).
var Columns = []string{"time", "good", "total"}

var filePrefixRE = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*$|^$`)

// ImportService reads opts, loads site.toml, runs the queries (Import)
// and appends one time,good,total row per usable step to the service's
// monthly snapshot files (metrics.AppendMetricsPrefixed), which leave out
// the times already there. The returned ServiceImport is never nil and
// says how far it got: a *UsageError or ErrConfig come before any
// request; a failed query writes nothing; an append that fails reports
// the files it did write.
//
// Without Good and Total, a service with a [service.source] that has good
// and total is imported with the source's queries and step into the
// source's files (source-<YYYY-MM>.csv), the backfill `statusgen collect`
// leaves to it.
func ImportService(ctx context.Context, c *Client, opts ImportOptions) (*ServiceImport, error) {
	out := &ServiceImport{Service: opts.Service}
	if opts.Good == "" && opts.Total == "" && opts.Service != "" {
		if cfg, ds := config.LoadConfig(opts.ConfigPath); !ds.HasErrors() {
			if svc := cfg.Service(opts.Service); svc != nil && svc.Source != nil && svc.Source.Good != "" {
				opts.Good, opts.Total = svc.Source.Good, svc.Source.Total
				if opts.FilePrefix == "" {
					opts.FilePrefix = SourceFilePrefix
				}
				if opts.Step == "" || opts.StepDefault {
					opts.Step = strconv.FormatInt(int64(svc.Source.StepDur/time.Second), 10) + "s"
				}
			}
		}
	}
	q, err := queryOf(opts)
	if err != nil {
		return out, err
	}
	out.Query = q
	if opts.Service == "" {
		return out, usage("--service is needed: the id of the service whose snapshots get the rows")
	}
	if !filePrefixRE.MatchString(opts.FilePrefix) {
		return out, usage("--file-prefix %q: use letters, digits, '.', '_' and '-' only, such as prometheus-", opts.FilePrefix)
	}
	cfg, ds := config.LoadConfig(opts.ConfigPath)
	if ds.HasErrors() {
		out.Diagnostics = ds
		return out, ErrConfig
	}
	out.SiteDir = cfg.Dir
	svc := cfg.Service(opts.Service)
	if svc == nil {
		ids := make([]string, len(cfg.Services))
		for i, s := range cfg.Services {
			ids[i] = s.ID
		}
		return out, usage("--service %q: %s has no such service (it has: %s)", opts.Service, opts.ConfigPath, strings.Join(ids, ", "))
	}
	out.NoRatioSLO = !hasRatioSLO(svc)

	res, err := Import(ctx, c, q)
	out.Result = res
	if err != nil {
		if errors.Is(err, ErrUnreachable) {
			out.Hint = fmt.Sprintf("is a query API listening at --url %s?", c.URL)
		}
		return out, err
	}
	rows := make([]metrics.MetricRow, len(res.Rows))
	for i, r := range res.Rows {
		rows[i] = metrics.MetricRow{Time: r.Time, Values: map[string]string{"good": formatCount(r.Good), "total": formatCount(r.Total)}}
	}
	dir := filepath.Join(cfg.Dir, "content", "metrics", svc.ID)
	out.Files, err = metrics.AppendMetricsPrefixed(cfg.Dir, dir, opts.FilePrefix, Columns, rows, opts.DryRun)
	out.Appended = true
	for _, f := range out.Files {
		out.Added += f.Added
		out.Duplicates += f.Duplicates
	}
	if err != nil && opts.FilePrefix == "" && strings.Contains(err.Error(), "lacks") {
		out.Hint = "or pass --file-prefix prometheus- to write these rows to prometheus-<YYYY-MM>.csv beside it"
	}
	return out, err
}

// queryOf reads the query options. Start may be a duration before End.
func queryOf(opts ImportOptions) (Query, error) {
	q := Query{Good: opts.Good, Total: opts.Total, MaxPoints: opts.MaxPoints}
	if strings.TrimSpace(q.Good) == "" || strings.TrimSpace(q.Total) == "" {
		return q, usage("--good and --total are needed: a PromQL expression each, returning one series")
	}
	if q.MaxPoints < 1 {
		return q, usage("--max-points must be 1 or more")
	}
	step, err := config.ParseDuration(opts.Step)
	if err != nil || step < time.Second || step%time.Second != 0 {
		return q, usage("--step %q is not a duration of whole seconds such as 5m", opts.Step)
	}
	q.Step = step
	q.End = opts.Now
	if v := opts.End; v != "" {
		if q.End, err = time.Parse(time.RFC3339, v); err != nil {
			return q, usage("--end %q is not an RFC 3339 time such as 2026-11-23T12:00:00Z", v)
		}
	}
	v := opts.Start
	switch {
	case v == "":
		return q, usage("--start is needed: an RFC 3339 time, or a duration before --end such as 28d")
	case strings.ContainsAny(v, "T:"):
		if q.Start, err = time.Parse(time.RFC3339, v); err != nil {
			return q, usage("--start %q is not an RFC 3339 time such as 2026-11-01T00:00:00Z", v)
		}
	default:
		d, err := config.ParseDuration(v)
		if err != nil || d <= 0 {
			return q, usage("--start %q is neither an RFC 3339 time nor a duration such as 28d", v)
		}
		q.Start = q.End.Add(-d)
	}
	if q.Start.After(q.End) {
		return q, usage("--start %s is after --end %s", q.Start.UTC().Format(time.RFC3339), q.End.UTC().Format(time.RFC3339))
	}
	return q, nil
}

// formatCount writes an event count: increase() extrapolates, so counts
// are rarely whole; six decimals keep the files readable.
func formatCount(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

func hasRatioSLO(s *config.Service) bool {
	for _, o := range s.SLOs {
		if o.Indicator == "ratio" {
			return true
		}
	}
	return false
}

// Hint is a line of advice for steps skipped for this reason, or "".
func (s Skip) Hint() string {
	if s.Reason == "good missing" {
		return "if no good events means 0, write the good query as (… or vector(0))"
	}
	return ""
}
