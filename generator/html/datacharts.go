package html

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/site"
)

// DataChart is the chart of one column an SLO or a check watches, with
// the sentence that says its latest value.
type DataChart struct {
	*Chart
	Latest string
}

const colBand = "#8c959f"

// dataCharts draws the model's data series: the day's value (the run's,
// for a daily job), and the baseline band or threshold it is judged by.
func dataCharts(s *site.Site, rep *site.ServiceReport, idx int) []*DataChart {
	var out []*DataChart
	for k, ds := range rep.Data {
		id := fmt.Sprintf("s%d_data%d", idx, k)
		c := dataChart(s, id, ds)
		c.Live = s.ChartScript != nil
		out = append(out, &DataChart{Chart: c, Latest: ds.Latest})
	}
	return out
}

func dataChart(s *site.Site, id string, ds *site.DataSeries) *Chart {
	var labels []string
	var vals, lo, hi []*float64
	top, bottom := math.Inf(-1), math.Inf(1)
	hasBand := false
	per := "per day (the day's " + ds.Per + " value)"
	if ds.Sparse {
		per = "per run"
	}
	head := []string{"Day", "Value"}
	if !ds.Sparse {
		head = append(head, "Least", "Greatest", "Values")
	}
	table := &ChartTable{Caption: ds.Column + " " + per, Head: head}
	for _, d := range ds.Days {
		labels = append(labels, dayLabel(s, d.Date.Unix()))
		vals, lo, hi = append(vals, d.Value), append(lo, d.BandLo), append(hi, d.BandHi)
		for _, p := range []*float64{d.Value, d.BandLo, d.BandHi, d.Min, d.Max} {
			if p != nil {
				top, bottom = math.Max(top, *p), math.Min(bottom, *p)
			}
		}
		if d.BandLo != nil {
			hasBand = true
		}
		if d.Value == nil {
			continue
		}
		row := []string{longDay(s, d.Date.Unix()), format.Num(round(*d.Value, 2))}
		if !ds.Sparse {
			row = append(row, format.Num(round(*d.Min, 2)), format.Num(round(*d.Max, 2)), strconv.Itoa(d.N))
		}
		if d.BandLo != nil {
			if len(table.Head) == len(row) {
				table.Head = append(table.Head, "Expected")
			}
			row = append(row, format.Num(math.Round(*d.BandLo))+" – "+format.Num(math.Round(*d.BandHi)))
		}
		table.Rows = append(table.Rows, row)
	}
	// Rows without a band get an empty cell, so columns line up.
	for i, r := range table.Rows {
		for len(r) < len(table.Head) {
			r = append(r, "")
		}
		table.Rows[i] = r
	}
	var lines []hline
	var marks []opts.MarkLineNameYAxisItem
	if ds.Threshold != nil {
		name := fmt.Sprintf("%s %s %s", ds.SLO.Name, ds.SLO.Op, format.Num(*ds.Threshold))
		lines = append(lines, hline{*ds.Threshold, "s-threshold", name})
		marks = append(marks, opts.MarkLineNameYAxisItem{Name: name, YAxis: *ds.Threshold})
		top, bottom = math.Max(top, *ds.Threshold), math.Min(bottom, *ds.Threshold)
	}
	if math.IsInf(top, 0) {
		top, bottom = 1, 0
	}
	lower := math.Min(0, axisFloor(bottom))
	upper := axisCeilStep(math.Max(top*1.1, lower+1))
	title := ds.Column + " " + per
	c := &Chart{ID: id, Title: title, Table: table, Summary: strings.ToUpper(ds.Latest[:1]) + ds.Latest[1:] + "."}
	series := []staticSeries{{"s-value", ds.Column, vals}}
	st := staticLines(lower, upper, labels, series, lines, func(v float64) string { return format.Num(round(v, 2)) })
	if hasBand {
		st.Paths = append([]StaticPath{{Class: "s-band", D: bandPath(lo, hi, lower, upper)}}, st.Paths...)
		st.Legend = append(st.Legend, LegendItem{"s-band", "expected (baseline band)"})
	}
	st.Hovers = hovers(len(labels), func(i int) string {
		d := ds.Days[i]
		t := longDay(s, d.Date.Unix()) + ": "
		if d.Value == nil {
			return t + "no value"
		}
		t += format.Num(round(*d.Value, 2))
		if d.BandLo != nil {
			t += ", expected " + format.Num(math.Round(*d.BandLo)) + " – " + format.Num(math.Round(*d.BandHi))
		}
		return t
	})
	c.Static = st
	line := newLine(id, lower, upper, "{value}", "{b}<br/>{a0}: {c0}")
	so := []charts.SeriesOpts{charts.WithItemStyleOpts(opts.ItemStyle{Color: colSeries})}
	if len(marks) > 0 {
		so = append(so, charts.WithMarkLineNameYAxisItemOpts(marks...), charts.WithMarkLineStyleOpts(markStyle(colObjective)))
	}
	line.AddSeries(ds.Column, lineData(vals, 2), so...)
	if hasBand {
		for k, v := range [][]*float64{lo, hi} {
			name := []string{"expected from", "expected to"}[k]
			line.AddSeries(name, lineData(v, 0),
				charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: colBand}),
				charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed"}))
		}
	}
	line.SetXAxis(labels)
	c.Options = chartJSON(line)
	return c
}

// bandPath is the band's area: for each run of days that have a band,
// along the top from left to right and back along the bottom.
func bandPath(lo, hi []*float64, bottom, top float64) string {
	n := len(lo)
	x := func(i int) string { return f1((float64(i) + 0.5) / float64(n) * StaticWidth) }
	var b strings.Builder
	for i := 0; i < n; {
		if lo[i] == nil {
			i++
			continue
		}
		j := i
		for j < n && lo[j] != nil {
			j++
		}
		b.WriteString("M" + x(i) + "," + f1(yPos(*hi[i], bottom, top)))
		for k := i + 1; k < j; k++ {
			b.WriteString("L" + x(k) + "," + f1(yPos(*hi[k], bottom, top)))
		}
		for k := j - 1; k >= i; k-- {
			b.WriteString("L" + x(k) + "," + f1(yPos(*lo[k], bottom, top)))
		}
		b.WriteString("Z")
		i = j
	}
	return b.String()
}
