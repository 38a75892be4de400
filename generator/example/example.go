// Package example writes statusgen's built-in example: a fictional data
// platform with an API, an ingestion pipeline, a batch job, a warehouse
// quality suite and a partner file drop, 120 days of snapshots ending at a
// given now, and the postmortems of the outages those snapshots show.
//
// The same now always gives the same files: the randomness comes from a
// fixed seed, and every time is placed relative to now.
package example

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"time"
)

// Days is how much history the example holds.
const Days = 120

// Marker is the file that marks a folder as written by `statusgen demo`,
// which may then clear and rewrite it. Write does not create it: only a
// folder the demo created for itself is marked.
const Marker = ".statusgen-demo"

// MarkerText is the marker file's content.
const MarkerText = "This folder holds statusgen's example site; `statusgen demo` may clear and rewrite it.\n"

// Write writes the example site into dir: site.toml, content/metrics/,
// incidents/ and content/pages/. Existing files of the same names are
// replaced; nothing else in dir is touched.
func Write(dir string, now time.Time) error {
	files, err := Files(now)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(n)), files[n]); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes through a temporary file and a rename, so a reader
// never sees half a file.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Files returns the example's files keyed by slash-separated path.
func Files(now time.Time) (map[string][]byte, error) {
	now = now.UTC().Truncate(time.Minute)
	e := &world{now: now, rng: rand.New(rand.NewPCG(20261123, 42))}
	e.plan()
	files := map[string][]byte{
		"site.toml":            []byte(siteTOML + dataTOML),
		"content/pages/sla.md": []byte(slaPage),
	}
	e.apiRows(files)
	e.ingestRows(files)
	e.transformRows(files)
	e.qualityRows(files)
	e.dataRows(files)
	if err := e.incidents(files); err != nil {
		return nil, err
	}
	return files, nil
}

// world holds the example's timeline: when each outage happens, relative
// to now.
type world struct {
	now time.Time
	rng *rand.Rand

	start time.Time // first sample

	apiOutage       span // orders-api 503s after a bad deploy (major)
	apiMaintenance  span // database failover test (maintenance, completed)
	apiSlowQuery    span // latency regression from a missing index
	apiBlip         span // ten minutes down, no incident filed
	ingestStall     span // ingestion stopped (critical)
	ingestLag       span // ongoing: consumer lag rising (major, open)
	transformFail   span // transform jobs failing after a warehouse quota change
	qualityFail     span // data-quality regression after a schema change (minor)
	sftpCertificate span // partner drop rejecting uploads (major)
	upgrade         span // warehouse upgrade (maintenance, upcoming)
}

type span struct{ from, to time.Time }

func (s span) has(t time.Time) bool { return !t.Before(s.from) && t.Before(s.to) }

// at returns the time d days before now's UTC midnight plus hh:mm.
func (e *world) at(daysAgo, hh, mm int) time.Time {
	mid := time.Date(e.now.Year(), e.now.Month(), e.now.Day(), 0, 0, 0, 0, time.UTC)
	return mid.AddDate(0, 0, -daysAgo).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func (e *world) plan() {
	e.start = e.now.AddDate(0, 0, -Days).Truncate(time.Hour)
	e.apiOutage = span{e.at(17, 9, 12), e.at(17, 10, 0)}
	e.apiMaintenance = span{e.at(25, 5, 0), e.at(25, 5, 35)}
	e.apiSlowQuery = span{e.at(44, 7, 0), e.at(42, 16, 0)}
	e.apiBlip = span{e.at(63, 3, 40), e.at(63, 3, 50)}
	e.ingestStall = span{e.at(38, 2, 10), e.at(38, 5, 15)}
	e.ingestLag = span{e.now.Add(-160 * time.Minute), e.now.Add(time.Hour)}
	e.transformFail = span{e.at(12, 1, 0), e.at(12, 5, 0)}
	e.qualityFail = span{e.at(9, 6, 0), e.at(8, 12, 0)}
	e.sftpCertificate = span{e.at(5, 0, 0), e.at(5, 2, 5)}
	e.upgrade = span{e.at(-2, 21, 0), e.at(-2, 23, 0)}
}

// csvFiles collects rows into one file per UTC month, as `statusgen probe`
// writes them.
type csvFiles struct {
	service, header string
	buf             map[string]*bytes.Buffer
}

func newCSV(service, header string) *csvFiles {
	return &csvFiles{service: service, header: header, buf: map[string]*bytes.Buffer{}}
}

func (c *csvFiles) row(t time.Time, cells ...string) {
	month := t.UTC().Format("2006-01")
	b := c.buf[month]
	if b == nil {
		b = &bytes.Buffer{}
		b.WriteString(c.header + "\n")
		c.buf[month] = b
	}
	b.WriteString(t.UTC().Format(time.RFC3339))
	for _, cell := range cells {
		b.WriteByte(',')
		b.WriteString(cell)
	}
	b.WriteByte('\n')
}

func (c *csvFiles) into(files map[string][]byte) {
	for month, b := range c.buf {
		files["content/metrics/"+c.service+"/"+month+".csv"] = b.Bytes()
	}
}

// lognormal returns median × e^(σ·N(0,1)).
func (e *world) lognormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*e.rng.NormFloat64())
}

// apiRows: the Orders API, probed every 5 minutes.
func (e *world) apiRows(files map[string][]byte) {
	c := newCSV("orders-api", "time,status,latency_ms,code")
	for t := e.start; t.Before(e.now); t = t.Add(5 * time.Minute) {
		// Daily traffic shape: slower in the European afternoon peak.
		hour := float64(t.Hour()) + float64(t.Minute())/60
		peak := 1 + 0.25*math.Max(0, math.Sin((hour-8)/12*math.Pi))
		lat := e.lognormal(105*peak, 0.28)
		status, code := "up", "200"
		switch {
		case e.apiMaintenance.has(t):
			status, code, lat = "maintenance", "503", e.lognormal(40, 0.2)
		case e.apiOutage.has(t) || e.apiBlip.has(t):
			status, code, lat = "down", "503", e.lognormal(30, 0.3)
		case e.apiOutage.to.Add(-5*time.Minute).Before(t) && t.Before(e.apiOutage.to.Add(25*time.Minute)):
			lat = e.lognormal(480, 0.25) // warming caches after the rollback
		case e.apiSlowQuery.has(t):
			lat = e.lognormal(290*peak, 0.35)
		case e.rng.Float64() < 0.004:
			lat = e.lognormal(900, 0.5) // the odd slow request
		}
		if status == "up" && lat > 1500 {
			status = "degraded"
		}
		c.row(t, status, fmt.Sprintf("%.0f", lat), code)
	}
	c.into(files)
}

// ingestRows: the event ingestion pipeline reports its lag (age of the
// newest event in the lake) and rows loaded every 5 minutes.
func (e *world) ingestRows(files map[string][]byte) {
	c := newCSV("events-ingest", "time,lag_s,rows")
	catchUp := e.ingestStall.to.Add(45 * time.Minute)
	for t := e.start; t.Before(e.now); t = t.Add(5 * time.Minute) {
		hour := float64(t.Hour())
		volume := 42000 + 18000*math.Sin((hour-6)/24*2*math.Pi)
		lag := e.lognormal(75, 0.3)
		rows := e.lognormal(volume, 0.08)
		switch {
		case e.ingestStall.has(t):
			lag = t.Sub(e.ingestStall.from).Seconds() + 70
			rows = 0
		case !t.Before(e.ingestStall.to) && t.Before(catchUp):
			left := catchUp.Sub(t).Seconds() / catchUp.Sub(e.ingestStall.to).Seconds()
			lag = 70 + left*e.ingestStall.to.Sub(e.ingestStall.from).Seconds()
			rows = volume * 4
		case e.ingestLag.has(t):
			lag = 90 + t.Sub(e.ingestLag.from).Seconds()*0.11 + e.lognormal(20, 0.3)
			rows = volume * 0.7
		}
		c.row(t, fmt.Sprintf("%.0f", lag), fmt.Sprintf("%.0f", rows))
	}
	c.into(files)
}

// transformRows: the hourly dbt run; good = models built, total = models.
func (e *world) transformRows(files map[string][]byte) {
	c := newCSV("transform-jobs", "time,good,total")
	const models = 48
	for t := e.start.Truncate(time.Hour).Add(17 * time.Minute); t.Before(e.now); t = t.Add(time.Hour) {
		failed := 0
		switch {
		case e.transformFail.has(t):
			failed = 18 + e.rng.IntN(6)
		case e.rng.Float64() < 0.03:
			failed = 1 + e.rng.IntN(2) // a flaky model now and then
		}
		c.row(t, fmt.Sprint(models-failed), fmt.Sprint(models))
	}
	c.into(files)
}

// qualityRows: the warehouse's data-quality suite every 3 hours;
// good = expectations passed, total = expectations evaluated.
func (e *world) qualityRows(files map[string][]byte) {
	c := newCSV("warehouse-quality", "time,good,total")
	const checks = 64
	for t := e.start.Truncate(time.Hour).Add(45 * time.Minute); t.Before(e.now); t = t.Add(3 * time.Hour) {
		failed := 0
		switch {
		case e.qualityFail.has(t):
			failed = 4
		case e.rng.Float64() < 0.02:
			failed = 1
		}
		c.row(t, fmt.Sprint(checks-failed), fmt.Sprint(checks))
	}
	c.into(files)
}

// incidents renders the postmortems with the world's times.
func (e *world) incidents(files map[string][]byte) error {
	funcs := template.FuncMap{
		"ts":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"date": func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"hm":   func(t time.Time) string { return t.UTC().Format("15:04") },
		"add":  func(t time.Time, minutes int) time.Time { return t.Add(time.Duration(minutes) * time.Minute) },
		"days": func(t time.Time, days int) time.Time { return t.AddDate(0, 0, days) },
	}
	for _, inc := range incidentTemplates {
		tmpl, err := template.New(inc.slug).Funcs(funcs).Parse(strings.TrimLeft(inc.text, "\n"))
		if err != nil {
			return fmt.Errorf("example incident %s: %w", inc.slug, err)
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, e); err != nil {
			return fmt.Errorf("example incident %s: %w", inc.slug, err)
		}
		start := inc.start(e)
		files["incidents/"+start.UTC().Format("2006-01-02")+"-"+inc.slug+".md"] = buf.Bytes()
	}
	return nil
}

// Exported spans for the templates.

func (e *world) Now() time.Time        { return e.now }
func (e *world) APIOutage() span       { return e.apiOutage }
func (e *world) APIMaintenance() span  { return e.apiMaintenance }
func (e *world) IngestStall() span     { return e.ingestStall }
func (e *world) IngestLag() span       { return e.ingestLag }
func (e *world) TransformFail() span   { return e.transformFail }
func (e *world) QualityFail() span     { return e.qualityFail }
func (e *world) SFTPCertificate() span { return e.sftpCertificate }
func (e *world) Upgrade() span         { return e.upgrade }
func (s span) From() time.Time         { return s.from }
func (s span) To() time.Time           { return s.to }
