package html

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/statusgen/statusgen/generator/config"
	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/slo"
)

// Chart is one figure of a service page, said twice: as ECharts options
// (built with go-echarts, injected as JSON through html/template and drawn
// by assets/charts.js when the charting script is there) and as a static
// SVG plus a data table that say the same without JavaScript.
type Chart struct {
	ID      string // the element id, from [A-Za-z0-9_] only
	Title   string
	Summary string // one sentence: the chart's message, also its text alternative
	// Options are the ECharts options, ready for json.Marshal.
	Options map[string]any
	Static  *StaticChart
	Table   *ChartTable
	// Live is set when the charting script is in the build: the page then
	// carries Options and draws the interactive chart over the static one.
	Live bool
}

// StaticChart is a chart drawn in an SVG viewBox of StaticWidth ×
// StaticHeight, stretched to its box; labels are HTML placed in percent so
// they keep their size at any width. Every coordinate is computed here:
// templates only print.
type StaticChart struct {
	Paths  []StaticPath
	Bars   []StaticBar
	Hovers []StaticBar // invisible columns with a tooltip each
	YTicks []Tick
	XTicks []Tick
	Legend []LegendItem
	// Cut labels the bars that reach past the top of the axis with their
	// value, at Pos percent from the left.
	Cut []Tick
}

// Size of the static charts' viewBox.
const (
	StaticWidth  = 1000
	StaticHeight = 300
)

// StaticPath is one line of a static chart, as SVG path data.
type StaticPath struct {
	Class string
	D     string
}

// StaticBar is one rectangle with a tooltip.
type StaticBar struct {
	X, Y, W, H string
	Class      string
	Title      string
}

// Tick is an axis label at Pos percent (from the top for y, the left for x).
type Tick struct {
	Pos   string
	Label string
	Line  string // y of the grid line in viewBox units ("" for x ticks)
	Mark  bool   // the label of a marked line (objective, threshold), drawn inside the plot
	Class string // the marked line's class, so its label takes its colour
}

// LegendItem names one series and its CSS class.
type LegendItem struct {
	Class, Label string
}

// ChartTable is the data behind a chart.
type ChartTable struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// ServiceCharts are the charts of one service page.
type ServiceCharts struct {
	SLOs    []*SLOCharts // in the order of the service's SLOs
	Latency *Chart       // nil when the service has no latency_ms values
	Data    []*DataChart // the columns SLOs and checks watch (datacharts.go)
}

// SLOCharts are the charts of one SLO.
type SLOCharts struct {
	SLI    *Chart // SLI per day against the objective
	Budget *Chart // error budget remaining over the window against the ideal burn-down
	Burn   *Chart // burn rates over the alert windows against the thresholds
}

// Colours of the series, readable on light and dark backgrounds; the CSS
// classes of the static charts use the same.
const (
	colSeries    = "#2f81f7"
	colObjective = "#cf222e"
	colIdeal     = "#8c959f"
	colP50       = "#2da44e"
	colP95       = "#d4a72c"
	colP99       = "#cf222e"
	colOver      = "#cf222e" // a burn-rate bar at or over an alert's threshold
	colThreshold = "#6e7781" // alert thresholds: grey, apart from the red bars over them
)

// serviceCharts computes the charts of a service page from its snapshot.
func serviceCharts(s *site.Site, rep *site.ServiceReport, idx int) *ServiceCharts {
	sc := &ServiceCharts{}
	for i, r := range rep.SLOs {
		id := fmt.Sprintf("s%d_%d", idx, i)
		sc.SLOs = append(sc.SLOs, &SLOCharts{
			SLI:    sliChart(s, id+"_sli", rep, r),
			Budget: budgetChart(s, id+"_budget", r),
			Burn:   burnChart(id+"_burn", r),
		})
	}
	if days := s.Latency(rep); days != nil {
		sc.Latency = latencyChart(s, fmt.Sprintf("s%d_latency", idx), rep, days)
		sc.Latency.Live = s.ChartScript != nil
	}
	sc.Data = dataCharts(s, rep, idx)
	for _, c := range sc.SLOs {
		c.SLI.Live, c.Budget.Live, c.Burn.Live = s.ChartScript != nil, s.ChartScript != nil, s.ChartScript != nil
	}
	return sc
}

// dayLabel is the short date on a chart axis.
func dayLabel(s *site.Site, unix int64) string {
	return time.Unix(unix, 0).In(s.Config.Location).Format("2 Jan")
}

func longDay(s *site.Site, unix int64) string {
	return time.Unix(unix, 0).In(s.Config.Location).Format("Mon 2 Jan 2006")
}

// sliChart: one point per day of the uptime history, in percent, and the
// objective as a line.
func sliChart(s *site.Site, id string, rep *site.ServiceReport, r *site.SLOReport) *Chart {
	var labels []string
	var vals []*float64
	lo := 100.0
	obj := r.Objective * 100
	table := &ChartTable{Caption: "SLI per day: " + r.Name, Head: []string{"Day", "SLI", "Objective"}}
	met, missed, empty := 0, 0, 0
	for _, d := range s.DailySLI(rep, r) {
		a := d.Date.Unix()
		labels = append(labels, dayLabel(s, a))
		row := []string{longDay(s, a), "no data", format.Objective(r.Objective)}
		if d.SLI != nil {
			v := *d.SLI * 100
			vals = append(vals, &v)
			lo = math.Min(lo, v)
			row[1] = format.Pct(d.SLI)
			if *d.SLI >= r.Objective {
				met++
			} else {
				missed++
			}
		} else {
			vals = append(vals, nil)
			empty++
		}
		table.Rows = append(table.Rows, row)
	}
	lo = axisFloor(math.Min(lo, obj-2*(100-obj)))
	c := &Chart{ID: id, Title: "SLI per day", Table: table,
		Summary: fmt.Sprintf("%s per day over the last %s: %s met the %s objective, %d missed it, %d without data.",
			r.Name, days(len(rep.Days)), days(met), format.Objective(r.Objective), missed, empty)}
	c.Static = staticLines(lo, 100, labels, []staticSeries{{"s-sli", "SLI", vals}},
		[]hline{{obj, "s-objective", "objective " + format.Objective(r.Objective)}}, pctLabel)
	c.Static.Hovers = hovers(len(labels), func(i int) string { return table.Rows[i][0] + ": " + table.Rows[i][1] })
	line := newLine(id, lo, 100, "{value}%", "{b}<br/>{a0}: {c0}%")
	line.SetXAxis(labels).AddSeries("SLI", lineData(vals, 3),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colSeries}),
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "objective", YAxis: round(obj, 3)}),
		charts.WithMarkLineStyleOpts(markStyle(colObjective)))
	c.Options = chartJSON(line)
	return c
}

// budgetChart: the share of the error budget left at each local midnight
// of the SLO window, spent at the pace the data shows, against the ideal
// straight burn-down from 100% at the window's start to 0% at its end.
func budgetChart(s *site.Site, id string, r *site.SLOReport) *Chart {
	var labels []string
	var left, ideal []*float64
	lo := 0.0
	table := &ChartTable{Caption: "Error budget left: " + r.Name, Head: []string{"At", "Budget left", "Ideal"}}
	for _, bp := range s.BudgetBurnDown(r) {
		p := bp.At.Unix()
		labels = append(labels, dayLabel(s, p))
		iv := 100 * bp.Ideal
		ideal = append(ideal, &iv)
		row := []string{longDay(s, p), "no data", format.Pct(&bp.Ideal)}
		if bp.Left != nil {
			v := 100 * *bp.Left
			left = append(left, &v)
			lo = math.Min(lo, v)
			row[1] = format.Pct(bp.Left)
		} else {
			left = append(left, nil)
		}
		if bp.Now {
			row[0] = "now"
		}
		table.Rows = append(table.Rows, row)
	}
	if lo < 0 {
		lo = -axisCeilStep(-lo)
	}
	c := &Chart{ID: id, Title: "Error budget left over the window", Table: table}
	if r.Remaining != nil {
		c.Summary = fmt.Sprintf("%s left of the error budget of the %s window now; the ideal even pace would leave %s.",
			format.Pct(r.Remaining), r.WindowSpec.Text, table.Rows[len(table.Rows)-1][2])
	} else {
		c.Summary = "No data in the window yet: the error budget cannot be judged."
	}
	c.Static = staticLines(lo, 100, labels, []staticSeries{{"s-ideal", "ideal burn-down", ideal}, {"s-budget", "budget left", left}},
		[]hline{{0, "s-zero", "0%"}}, pctLabel)
	c.Static.Hovers = hovers(len(labels), func(i int) string {
		return table.Rows[i][0] + ": " + table.Rows[i][1] + " left (ideal " + table.Rows[i][2] + ")"
	})
	line := newLine(id, lo, 100, "{value}%", "{b}<br/>{a1}: {c1}%<br/>{a0}: {c0}%")
	line.SetXAxis(labels).
		AddSeries("ideal burn-down", lineData(ideal, 1),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colIdeal}),
			charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Color: colIdeal})).
		AddSeries("budget left", lineData(left, 1),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colSeries}),
			charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.12)}))
	c.Options = chartJSON(line)
	return c
}

// burnChart: the burn rate over each span ending now, as bars, and the
// thresholds of the multi-window alerts as lines.
func burnChart(id string, r *site.SLOReport) *Chart {
	var labels []string
	var vals []*float64
	hi := 1.0
	table := &ChartTable{Caption: "Burn rates: " + r.Name, Head: []string{"Over the last", "Burn rate"}}
	for _, br := range r.BurnRates {
		labels = append(labels, br.Window)
		vals = append(vals, br.Rate)
		if br.Rate != nil {
			hi = math.Max(hi, *br.Rate)
		}
		table.Rows = append(table.Rows, []string{br.Window, format.Rate(br.Rate)})
	}
	var lines []hline
	var marks []opts.MarkLineNameYAxisItem
	seen := map[float64]bool{}
	top := 1.0 // the highest threshold
	for _, al := range r.Alerts {
		if al.Kind != slo.KindBurnRate || seen[al.Threshold] {
			continue
		}
		seen[al.Threshold] = true
		name := fmt.Sprintf("%s %s/%s ≥ %s×", al.Severity, al.Long, al.Short, format.Decimal(al.Threshold))
		lines = append(lines, hline{al.Threshold, "s-threshold", name})
		marks = append(marks, opts.MarkLineNameYAxisItem{Name: name, YAxis: al.Threshold})
		top = math.Max(top, al.Threshold)
	}
	// The axis reaches a little over the highest threshold and no further
	// than 1.5 times it: a 100× bar does not flatten the thresholds; it is
	// cut at the top and labelled with its value.
	hi = axisCeilStep(math.Max(math.Min(hi, 1.5*top), top) * 1.1)
	firing := 0
	for _, al := range r.Alerts {
		if al.Firing {
			firing++
		}
	}
	over := make([]bool, len(vals))
	anyOver := false
	for i, br := range r.BurnRates {
		over[i] = br.Over
		anyOver = anyOver || br.Over
	}
	c := &Chart{ID: id, Title: "Burn rates", Table: table,
		Summary: fmt.Sprintf("Burn rate over %d spans ending now (1× spends the budget exactly over the window); %d of %d alerts firing.",
			len(labels), firing, len(r.Alerts))}
	st := &StaticChart{YTicks: yTicks(0, hi, nil, rateLabel)}
	n := len(vals)
	for i, v := range vals {
		if v == nil {
			continue
		}
		x := (float64(i) + 0.2) / float64(n) * StaticWidth
		h := math.Min(*v, hi) / hi * StaticHeight
		class := "s-bar"
		if over[i] {
			class = "s-bar s-over"
		}
		st.Bars = append(st.Bars, StaticBar{X: f1(x), Y: f1(StaticHeight - h), W: f1(0.6 / float64(n) * StaticWidth), H: f1(h),
			Class: class, Title: labels[i] + ": " + format.Rate(v)})
		if *v > hi {
			st.Cut = append(st.Cut, Tick{Pos: f1((float64(i) + 0.5) / float64(n) * 100), Label: format.Trim(*v, 0) + "×"})
		}
	}
	for _, l := range lines {
		st.Paths = append(st.Paths, StaticPath{Class: l.class, D: "M0," + f1(yPos(l.v, 0, hi)) + "H" + strconv.Itoa(StaticWidth)})
		st.YTicks = append(st.YTicks, Tick{Pos: f1(yPos(l.v, 0, hi) / StaticHeight * 100), Label: l.label, Mark: true, Class: l.class})
	}
	st.XTicks = categoryTicks(labels, len(labels))
	st.Legend = []LegendItem{{"s-bar", "burn rate"}}
	if anyOver {
		st.Legend = append(st.Legend, LegendItem{"s-over", "over an alert's threshold"})
	}
	st.Legend = append(st.Legend, LegendItem{"s-threshold", "alert thresholds"})
	c.Static = st
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts(id, 0, hi, "{value}×", "last {b}: {c}×")...)
	data := make([]opts.BarData, len(vals))
	for i, v := range vals {
		if v == nil {
			data[i] = opts.BarData{Value: "-"}
			continue
		}
		data[i] = opts.BarData{Value: round(*v, 2)}
		if over[i] {
			data[i].ItemStyle = &opts.ItemStyle{Color: colOver}
		}
		if *v > hi {
			data[i].Label = &opts.Label{Show: opts.Bool(true), Position: "insideTop", Formatter: "{c}×", Color: "#ffffff"}
		}
	}
	bar.SetXAxis(labels).AddSeries("burn rate", data,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colSeries}),
		charts.WithMarkLineNameYAxisItemOpts(marks...),
		charts.WithMarkLineStyleOpts(markStyle(colThreshold)))
	c.Options = chartJSON(bar)
	return c
}

// latencyChart: p50, p95 and p99 of latency_ms per day, and the threshold
// of each latency SLO.
func latencyChart(s *site.Site, id string, rep *site.ServiceReport, perDay []site.LatencyDay) *Chart {
	var labels []string
	p := [3][]*float64{}
	hi := 0.0
	table := &ChartTable{Caption: "Latency per day (ms)", Head: []string{"Day", "p50", "p95", "p99", "Samples"}}
	for _, d := range perDay {
		labels = append(labels, dayLabel(s, d.Date.Unix()))
		row := []string{longDay(s, d.Date.Unix())}
		for k, v := range []*float64{d.P50, d.P95, d.P99} {
			if v != nil {
				r := round(*v, 0)
				v = &r
				hi = math.Max(hi, r)
				row = append(row, format.Num(r))
			} else {
				row = append(row, "—")
			}
			p[k] = append(p[k], v)
		}
		row = append(row, format.Num(float64(d.Samples)))
		table.Rows = append(table.Rows, row)
	}
	var lines []hline
	var marks []opts.MarkLineNameYAxisItem
	for _, o := range rep.Service.SLOs {
		if o.Indicator == config.IndicatorThreshold && o.Column == "latency_ms" && o.Threshold != nil {
			name := fmt.Sprintf("threshold %s %s ms", opSymbol(o.Op), format.Decimal(*o.Threshold))
			lines = append(lines, hline{*o.Threshold, "s-limit", name})
			marks = append(marks, opts.MarkLineNameYAxisItem{Name: name, YAxis: *o.Threshold})
			hi = math.Max(hi, *o.Threshold)
		}
	}
	hi = axisCeilStep(hi * 1.1)
	last := len(table.Rows) - 1
	c := &Chart{ID: id, Title: "Latency per day", Table: table}
	c.Summary = fmt.Sprintf("Response time percentiles per day over the last %s (±2%%).", days(len(labels)))
	if last >= 0 && p[1][last] != nil {
		c.Summary = fmt.Sprintf("Response time percentiles per day over the last %s; today p50 %s ms, p95 %s ms, p99 %s ms (±2%%).",
			days(len(labels)), table.Rows[last][1], table.Rows[last][2], table.Rows[last][3])
	}
	c.Static = staticLines(0, hi, labels, []staticSeries{{"s-p50", "p50", p[0]}, {"s-p95", "p95", p[1]}, {"s-p99", "p99", p[2]}}, lines, msLabel)
	c.Static.Hovers = hovers(len(labels), func(i int) string {
		r := table.Rows[i]
		return r[0] + ": p50 " + r[1] + " ms, p95 " + r[2] + " ms, p99 " + r[3] + " ms"
	})
	line := newLine(id, 0, hi, "{value} ms", "{b}<br/>{a0}: {c0} ms<br/>{a1}: {c1} ms<br/>{a2}: {c2} ms")
	for k, name := range []string{"p50", "p95", "p99"} {
		so := []charts.SeriesOpts{
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: []string{colP50, colP95, colP99}[k]}),
		}
		if k == 2 && len(marks) > 0 {
			so = append(so, charts.WithMarkLineNameYAxisItemOpts(marks...), charts.WithMarkLineStyleOpts(markStyle(colIdeal)))
		}
		line.AddSeries(name, lineData(p[k], 0), so...)
	}
	line.SetXAxis(labels)
	c.Options = chartJSON(line)
	return c
}

// --- go-echarts options ---

// commonOpts are the options every chart shares; unit formats the y axis
// labels and tip the tooltip (ECharts string templates).
func commonOpts(id string, lo, hi float64, unit, tip string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, BackgroundColor: "transparent"}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", Formatter: toFunc(tip)}),
		// The legend is the page's, under the chart, shared with the static one.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "4", Right: "16", Top: "12", Bottom: "4", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: lo, Max: hi, AxisLabel: &opts.AxisLabel{Formatter: toFunc(unit)}}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
	}
}

func newLine(id string, lo, hi float64, unit, tip string) *charts.Line {
	line := charts.NewLine()
	line.SetGlobalOptions(commonOpts(id, lo, hi, unit, tip)...)
	return line
}

func markStyle(color string) opts.MarkLineStyle {
	return opts.MarkLineStyle{Symbol: []string{"none", "none"},
		LineStyle: &opts.LineStyle{Color: color, Type: "dashed", Width: 1.5},
		Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "{b}"}}
}

func lineData(vals []*float64, digits int) []opts.LineData {
	out := make([]opts.LineData, len(vals))
	for i, v := range vals {
		if v == nil {
			out[i] = opts.LineData{Value: "-"} // ECharts' "no value": the line breaks
		} else {
			out[i] = opts.LineData{Value: round(*v, digits)}
		}
	}
	return out
}

// charter is what go-echarts charts share.
type charter interface {
	Validate()
	JSON() map[string]any
}

func chartJSON(c charter) map[string]any {
	c.Validate()
	return c.JSON()
}

// --- static charts ---

type staticSeries struct {
	class, label string
	vals         []*float64
}

type hline struct {
	v     float64
	class string
	label string
}

func yPos(v, lo, hi float64) float64 {
	if hi <= lo {
		return StaticHeight
	}
	v = math.Max(lo, math.Min(hi, v))
	return (hi - v) / (hi - lo) * StaticHeight
}

// staticLines draws category series as lines; a value missing breaks the
// line. Each category sits in the middle of its column.
func staticLines(lo, hi float64, labels []string, series []staticSeries, lines []hline, label func(float64) string) *StaticChart {
	st := &StaticChart{}
	n := len(labels)
	xPos := func(i int) float64 { return (float64(i) + 0.5) / float64(n) * StaticWidth }
	var marks []float64
	for _, l := range lines {
		marks = append(marks, l.v)
	}
	st.YTicks = yTicks(lo, hi, marks, label)
	for _, l := range lines {
		st.Paths = append(st.Paths, StaticPath{Class: l.class, D: "M0," + f1(yPos(l.v, lo, hi)) + "H" + strconv.Itoa(StaticWidth)})
		st.YTicks = append(st.YTicks, Tick{Pos: f1(yPos(l.v, lo, hi) / StaticHeight * 100), Label: l.label, Mark: true, Class: l.class})
	}
	for _, s := range series {
		var b strings.Builder
		pen := false
		for i, v := range s.vals {
			if v == nil {
				pen = false
				continue
			}
			if pen {
				b.WriteByte('L')
			} else {
				b.WriteByte('M')
			}
			b.WriteString(f1(xPos(i)) + "," + f1(yPos(*v, lo, hi)))
			// A lone point still shows as a short dash.
			if !pen && (i+1 >= n || s.vals[i+1] == nil) {
				b.WriteString("h2")
			}
			pen = true
		}
		st.Paths = append(st.Paths, StaticPath{Class: s.class, D: b.String()})
		st.Legend = append(st.Legend, LegendItem{s.class, s.label})
	}
	for _, l := range lines {
		st.Legend = append(st.Legend, LegendItem{l.class, l.label})
	}
	st.XTicks = categoryTicks(labels, 5)
	return st
}

// yTicks labels the y axis at round steps (1, 2, 2.5 or 5 times a power
// of ten, four to six of them). Marked lines carry their own labels,
// inside the plot.
func yTicks(lo, hi float64, _ []float64, label func(float64) string) []Tick {
	if hi <= lo {
		return nil
	}
	step := niceStep((hi - lo) / 5)
	var out []Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+1e-9; k++ {
		v := k * step
		y := yPos(v, lo, hi)
		out = append(out, Tick{Pos: f1(y / StaticHeight * 100), Label: label(v), Line: f1(y)})
	}
	return out
}

// niceStep rounds a step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// categoryTicks labels at most max categories, evenly spread, always the
// first and the last.
func categoryTicks(labels []string, max int) []Tick {
	n := len(labels)
	if n == 0 {
		return nil
	}
	var idx []int
	if n <= max {
		for i := range labels {
			idx = append(idx, i)
		}
	} else {
		for k := 0; k < max; k++ {
			idx = append(idx, k*(n-1)/(max-1))
		}
	}
	out := make([]Tick, 0, len(idx))
	for _, i := range idx {
		out = append(out, Tick{Pos: f1((float64(i) + 0.5) / float64(n) * 100), Label: labels[i]})
	}
	return out
}

// hovers returns one invisible column per category with a tooltip, so the
// static chart can be read day by day.
func hovers(n int, title func(int) string) []StaticBar {
	out := make([]StaticBar, n)
	w := float64(StaticWidth) / float64(n)
	for i := range out {
		out[i] = StaticBar{X: f1(float64(i) * w), Y: "0", W: f1(w), H: strconv.Itoa(StaticHeight), Class: "s-hover", Title: title(i)}
	}
	return out
}

// opSymbol writes a comparison as people read it: "<=" is "≤".
func opSymbol(op string) string {
	if t, ok := map[string]string{"<=": "≤", ">=": "≥", "==": "=", "!=": "≠"}[op]; ok {
		return t
	}
	return op
}

// --- numbers ---

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// round rounds a value the charts plot, as format rounds figures (no −0).
func round(v float64, digits int) float64 { return format.Round(v, digits) }

// f1 writes an SVG coordinate.
func f1(v float64) string { return strconv.FormatFloat(round(v, 1), 'f', -1, 64) }

// Axis labels: at most two decimals, no trailing zeros, never "−0".
func pctLabel(v float64) string  { return format.Trim(v, 2) + "%" }
func rateLabel(v float64) string { return format.Trim(v, 2) + "×" }

// msLabel writes an axis value in ms, from 1000 ms on in seconds ("1.5 s"),
// so the labels fit the narrow axis of a phone.
func msLabel(v float64) string {
	if v >= 1000 {
		return format.Trim(v/1000, 2) + " s"
	}
	return format.Trim(v, 0) + " ms"
}

// axisFloor rounds an SLI axis bottom (percent) down to a readable value.
func axisFloor(v float64) float64 {
	for _, c := range []float64{99.9, 99.5, 99, 98, 95, 90, 80, 50} {
		if v >= c {
			return c
		}
	}
	return 0
}

// axisCeilStep rounds a positive value up to a readable axis top: 1, 1.2,
// 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten.
func axisCeilStep(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// toFunc passes an ECharts string template ("{value}%") where go-echarts
// types the field as a formatter.
func toFunc(s string) types.FuncStr { return types.FuncStr(s) }
