package feed

import (
	"bytes"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/format"
	"github.com/statusgen/statusgen/generator/incident"
	"github.com/statusgen/statusgen/generator/site"
)

// feed.xml (SPEC section 7): an Atom feed (RFC 4287) of the newest
// incidents and maintenances, each with its public updates as content.
// Ids are stable across builds: the absolute URL of the incident page
// under base_url, else a name-based UUID of the site title and the slug.
// Times are RFC 3339 UTC whatever the site's time zone.

const (
	Path      = "feed.xml"
	feedLimit = 50
	atomNS    = "http://www.w3.org/2005/Atom"
)

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Content    atomText       `xml:"content"`
}

// nameUUID returns a version 5 (SHA-1, name-based) UUID URN of name in the
// URL namespace of RFC 4122: the same name always gives the same id.
func nameUUID(name string) string {
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// feedID is the id of the feed, or of an incident when slug is set.
func feedID(s *site.Site, slug string) string {
	p := ""
	if slug != "" {
		p = "incidents/" + slug + "/"
	}
	if s.Config.BaseURL != "" {
		return s.Config.BaseURL + p
	}
	return nameUUID("statusgen:" + s.Config.Title + ":" + p)
}

// XML renders feed.xml.
func XML(s *site.Site) ([]byte, error) {
	return render(s, Path, "", s.Config.Title+": incidents and maintenance", s.Incidents)
}

// ServicePath is the path of a service's own feed.
func ServicePath(id string) string { return "services/" + id + "/feed.xml" }

// ServiceXML renders a service's own feed, services/<id>/feed.xml: the
// incidents and maintenance that affect it, for readers who follow one
// service. Its id is the service page's URL (or a name-based UUID).
func ServiceXML(s *site.Site, rep *site.ServiceReport) ([]byte, error) {
	return render(s, ServicePath(rep.ID), "services/"+rep.ID+"/", s.Config.Title+": "+rep.Name+": incidents and maintenance", rep.Incidents)
}

// Files renders feed.xml and every service's feed.
func Files(s *site.Site) (map[string][]byte, error) {
	out := map[string][]byte{}
	x, err := XML(s)
	if err != nil {
		return nil, err
	}
	out[Path] = x
	for _, rep := range s.Services {
		x, err := ServiceXML(s, rep)
		if err != nil {
			return nil, err
		}
		out[ServicePath(rep.ID)] = x
	}
	return out, nil
}

// render writes a feed at path of the incidents (newest first); page is
// the page it belongs to ("" for the home page).
func render(s *site.Site, path, page, title string, incidents []*incident.Incident) ([]byte, error) {
	id := feedID(s, "")
	if page != "" {
		id = pageID(s, page)
	}
	f := atomFeed{
		ID:        id,
		Title:     atomText{Type: "text", Body: title},
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: s.Link(path, path)}, {Rel: "alternate", Type: "text/html", Href: s.Link(path, page)}},
		Author:    atomPerson{Name: s.Config.Title},
		Generator: "statusgen",
	}
	if s.Config.Description != "" {
		f.Subtitle = &atomText{Type: "text", Body: s.Config.Description}
	}
	var newest time.Time
	for i, in := range incidents {
		if i == feedLimit {
			break
		}
		e := feedEntry(s, path, in)
		f.Entries = append(f.Entries, e)
		if _, u := in.PublicTimes(s.Now); u.After(newest) {
			newest = u
		}
	}
	if newest.IsZero() || newest.After(s.Now) {
		newest = s.Now
	}
	f.Updated = format.RFC3339(newest)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// pageID is the id of a page's feed: its URL under base_url, else a
// name-based UUID.
func pageID(s *site.Site, page string) string {
	if s.Config.BaseURL != "" {
		return s.Config.BaseURL + page
	}
	return nameUUID("statusgen:" + s.Config.Title + ":" + page)
}

func feedEntry(s *site.Site, path string, in *incident.Incident) atomEntry {
	created, updated := in.PublicTimes(s.Now)
	title := in.Title
	if in.Maintenance() {
		title = "Maintenance: " + title
	}
	e := atomEntry{
		ID:         feedID(s, in.Slug),
		Title:      atomText{Type: "text", Body: title},
		Published:  format.RFC3339(created),
		Updated:    format.RFC3339(updated),
		Links:      []atomLink{{Rel: "alternate", Type: "text/html", Href: s.Link(path, "incidents/"+in.Slug+"/")}},
		Categories: []atomCategory{{Term: in.Severity, Label: feedSeverity(in.Severity)}},
		Content:    atomText{Type: "html", Body: feedContent(s, in)},
	}
	if in.Owner != "" {
		e.Author = &atomPerson{Name: in.Owner}
	}
	for _, id := range in.Services {
		e.Categories = append(e.Categories, atomCategory{Term: id, Label: s.ServiceName(id)})
	}
	return e
}

// feedContent is the entry's HTML: what, where, when, and the public
// updates newest first.
func feedContent(s *site.Site, in *incident.Incident) string {
	const layout = "2006-01-02 15:04 UTC"
	at := func(t time.Time) string { return t.UTC().Format(layout) }
	var b strings.Builder
	var names []string
	for _, id := range in.Services {
		names = append(names, s.ServiceName(id))
	}
	names = append(names, in.Unmatched...)
	kind := feedSeverity(in.Severity) + " incident"
	if in.Maintenance() {
		kind = "Planned maintenance"
	}
	fmt.Fprintf(&b, "<p><strong>%s</strong>", html.EscapeString(kind))
	if len(names) > 0 {
		fmt.Fprintf(&b, " · %s", html.EscapeString(strings.Join(names, ", ")))
	}
	fmt.Fprintf(&b, " · status: %s</p>\n", html.EscapeString(strings.ReplaceAll(in.PublicStatus(s.Now), "_", " ")))
	if in.Maintenance() {
		fmt.Fprintf(&b, "<p>Scheduled from %s", at(in.Started))
		if !in.Resolved.IsZero() {
			fmt.Fprintf(&b, " to %s", at(in.Resolved))
		}
		b.WriteString("</p>\n")
	} else {
		fmt.Fprintf(&b, "<p>Started %s", at(in.Started))
		if r := in.Resolved; !r.IsZero() && !r.After(s.Now) {
			fmt.Fprintf(&b, "; resolved %s after %s", at(r), format.Duration(r.Sub(in.Started)))
		}
		b.WriteString("</p>\n")
	}
	var shown []incident.Update
	for _, u := range in.Updates {
		if !u.Time.After(s.Now) {
			shown = append(shown, u)
		}
	}
	if len(shown) > 0 {
		b.WriteString("<ul>\n")
		for i := len(shown) - 1; i >= 0; i-- {
			u := shown[i]
			fmt.Fprintf(&b, "<li><strong>%s</strong> (%s): %s</li>\n",
				html.EscapeString(strings.ReplaceAll(u.Status, "_", " ")), at(u.Time), html.EscapeString(u.Text))
		}
		b.WriteString("</ul>\n")
	}
	fmt.Fprintf(&b, "<p><a href=\"%s\">Read the full report</a></p>", html.EscapeString(s.Link(Path, "incidents/"+in.Slug+"/")))
	return b.String()
}

func feedSeverity(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
