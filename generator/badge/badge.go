package badge

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"

	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/site"
)

// Badges (SPEC section 7): badges/<id>.svg, a flat badge of a service's
// first SLO's SLI coloured by the SLO's state, and badges/<id>.json, the
// same as a shields.io endpoint document. A service without SLOs gets a
// badge of its current status. The SVG names only locally installed font
// families, so it loads nothing from anywhere.

// Badge is what a badge says.
type Badge struct {
	Label   string
	Message string
	Color   string // a shields.io colour name
}

// badgeColors are the hex values of the shields.io names a badge uses.
var badgeColors = map[string]string{
	"brightgreen": "#4c1", "yellow": "#dfb317", "orange": "#fe7d37",
	"red": "#e05d44", "blue": "#007ec6", "lightgrey": "#9f9f9f",
}

var (
	stateColor  = map[string]string{"ok": "brightgreen", "warning": "yellow", "breached": "red", "no_data": "lightgrey"}
	statusColor = map[string]string{
		site.StatusOperational: "brightgreen", site.StatusDegraded: "yellow", site.StatusPartial: "orange",
		site.StatusMajor: "red", site.StatusMaintenance: "blue", site.StatusUnknown: "lightgrey",
	}
)

// ForService returns the service's badge: the first SLO's SLI, labelled
// with the service and the SLO's name, or its status. A service whose data
// went stale (status unknown) is grey and says so, never green.
func ForService(r *site.ServiceReport) Badge {
	if len(r.SLOs) == 0 {
		return Badge{Label: r.Name, Message: site.StatusText(r.Status), Color: orDefault(statusColor[r.Status], "lightgrey")}
	}
	o := r.SLOs[0]
	b := Badge{Label: r.Name + ": " + o.Name, Message: format.Pct(o.SLI), Color: orDefault(stateColor[o.State], "lightgrey")}
	if r.Status == site.StatusUnknown {
		b.Message, b.Color = "no recent data", "lightgrey"
	}
	return b
}

func orDefault(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// shieldsEndpoint is the shields.io endpoint schema, version 1.
type shieldsEndpoint struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
}

// JSON renders the badge as a shields.io endpoint document.
func (b Badge) JSON() ([]byte, error) {
	return format.JSON(shieldsEndpoint{SchemaVersion: 1, Label: b.Label, Message: b.Message, Color: b.Color})
}

// badgeTextWidth estimates the width in pixels of s set in 11 px Verdana or a
// look-alike. The SVG pins each text to this width with textLength, so a
// different local font cannot overflow the badge.
func badgeTextWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r == ' ':
			w += 3.9
		case r == 'i' || r == 'l' || r == 'j' || r == '.' || r == ',' || r == ':' || r == ';' || r == '\'' || r == '|' || r == '!':
			w += 3.4
		case r == 'f' || r == 't' || r == 'r' || r == '(' || r == ')' || r == '-' || r == 'I' || r == '/':
			w += 4.6
		case r == 'm' || r == 'w' || r == 'M' || r == 'W':
			w += 10.2
		case r == '%':
			w += 11.9
		case r >= 'A' && r <= 'Z':
			w += 7.6
		case r >= '0' && r <= '9':
			w += 7.0
		case r < 0x80:
			w += 6.6
		default:
			w += 7.6 // wider than most Latin glyphs, so text rather fits
		}
	}
	return math.Ceil(w)
}

// SVG renders the badge as a flat, 20 px high SVG.
func (b Badge) SVG() []byte {
	lw, mw := badgeTextWidth(b.Label)+10, badgeTextWidth(b.Message)+10
	w := lw + mw
	fill := orDefault(badgeColors[b.Color], badgeColors["lightgrey"])
	esc := func(s string) string {
		var buf bytes.Buffer
		xml.EscapeText(&buf, []byte(s))
		return buf.String()
	}
	label, msg := esc(b.Label), esc(b.Message)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="20" role="img" aria-label="%s: %s">`+"\n", w, label, msg)
	fmt.Fprintf(&buf, "<title>%s: %s</title>\n", label, msg)
	buf.WriteString(`<clipPath id="r"><rect width="` + fmt.Sprint(w) + `" height="20" rx="3" fill="#fff"/></clipPath>` + "\n")
	fmt.Fprintf(&buf, `<g clip-path="url(#r)"><rect width="%g" height="20" fill="#555"/><rect x="%g" width="%g" height="20" fill="%s"/></g>`+"\n", lw, lw, mw, fill)
	buf.WriteString(`<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` + "\n")
	for _, t := range []struct {
		x, w float64
		s    string
	}{{lw / 2, lw - 10, label}, {lw + mw/2, mw - 10, msg}} {
		fmt.Fprintf(&buf, `<text x="%g" y="15" fill="#010101" fill-opacity=".3" textLength="%g" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n", t.x, t.w, t.s)
		fmt.Fprintf(&buf, `<text x="%g" y="14" textLength="%g" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n", t.x, t.w, t.s)
	}
	buf.WriteString("</g>\n</svg>\n")
	return buf.Bytes()
}

// Files returns badges/<id>.svg and badges/<id>.json for every service.
func Files(s *site.Site) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, r := range s.Services {
		b := ForService(r)
		j, err := b.JSON()
		if err != nil {
			return nil, err
		}
		out["badges/"+r.ID+".json"] = j
		out["badges/"+r.ID+".svg"] = b.SVG()
	}
	return out, nil
}
