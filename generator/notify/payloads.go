package notify

import (
	"strings"
	"unicode/utf8"
)

// Slack's Block Kit limits: a header's text 150 characters, a section's
// fields at most 10 of at most 2000 characters, a section's text 3000.
const (
	slackHeaderMax = 150
	slackFieldsMax = 10
	slackTextMax   = 2000
)

// slackMessage is an event as a Slack incoming-webhook message: a header,
// the figures as fields, the incident's update, owner and runbook, and a
// button to the page. text is the notification's plain fallback.
func slackMessage(ev Event) map[string]any {
	blocks := []any{
		map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "text": clip(ev.Title, slackHeaderMax), "emoji": true}},
	}
	var fields []any
	for _, f := range eventFields(ev) {
		if len(fields) == slackFieldsMax {
			break
		}
		fields = append(fields, map[string]any{"type": "mrkdwn", "text": clip("*"+slackEscape(f.Name)+"*\n"+slackEscape(f.Value), slackTextMax)})
	}
	if len(fields) > 0 {
		blocks = append(blocks, map[string]any{"type": "section", "fields": fields})
	}
	if ev.Text != "" {
		blocks = append(blocks, map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": clip(slackEscape(ev.Text), slackTextMax)}})
	}
	var ctx []string
	if ev.Owner != "" {
		ctx = append(ctx, "Owner: "+slackEscape(ev.Owner))
	}
	if ev.Runbook != "" {
		ctx = append(ctx, "<"+ev.Runbook+"|Runbook>")
	}
	if len(ctx) > 0 {
		blocks = append(blocks, map[string]any{"type": "context", "elements": []any{map[string]any{"type": "mrkdwn", "text": strings.Join(ctx, " · ")}}})
	}
	if strings.HasPrefix(ev.Link, "http://") || strings.HasPrefix(ev.Link, "https://") {
		blocks = append(blocks, map[string]any{"type": "actions", "elements": []any{
			map[string]any{"type": "button", "text": map[string]any{"type": "plain_text", "text": "Open the status page"}, "url": ev.Link},
		}})
	}
	return map[string]any{"text": clip(ev.Title, slackTextMax), "blocks": blocks}
}

// eventFields are the message's fields: service, SLO, severity, then the
// figures.
func eventFields(ev Event) []Field {
	var out []Field
	if ev.ServiceName != "" {
		out = append(out, Field{"Service", ev.ServiceName})
	}
	if ev.SLOName != "" {
		out = append(out, Field{"SLO", ev.SLOName})
	}
	out = append(out, Field{"Severity", ev.Severity})
	if ev.Rule != "" {
		out = append(out, Field{"Rule", ev.Rule})
	}
	return append(out, ev.Figures...)
}

// slackEscape escapes the three characters Slack's mrkdwn reserves.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// googleChatMessage is an event as a Google Chat incoming-webhook message:
// the plain text (what notifications show) and a cardsV2 card with the
// figures and a button to the page.
func googleChatMessage(ev Event) map[string]any {
	var widgets []any
	for _, f := range eventFields(ev) {
		widgets = append(widgets, map[string]any{"decoratedText": map[string]any{"topLabel": f.Name, "text": htmlEscape(f.Value)}})
	}
	if ev.Text != "" {
		widgets = append(widgets, map[string]any{"textParagraph": map[string]any{"text": htmlEscape(ev.Text)}})
	}
	if ev.Owner != "" {
		widgets = append(widgets, map[string]any{"decoratedText": map[string]any{"topLabel": "Owner", "text": htmlEscape(ev.Owner)}})
	}
	var buttons []any
	if strings.HasPrefix(ev.Link, "http://") || strings.HasPrefix(ev.Link, "https://") {
		buttons = append(buttons, map[string]any{"text": "Open the status page", "onClick": map[string]any{"openLink": map[string]any{"url": ev.Link}}})
	}
	if ev.Runbook != "" {
		buttons = append(buttons, map[string]any{"text": "Runbook", "onClick": map[string]any{"openLink": map[string]any{"url": ev.Runbook}}})
	}
	if len(buttons) > 0 {
		widgets = append(widgets, map[string]any{"buttonList": map[string]any{"buttons": buttons}})
	}
	text := ev.Title
	if ev.Link != "" {
		text += "\n" + ev.Link
	}
	return map[string]any{
		"text": text,
		"cardsV2": []any{map[string]any{
			"cardId": "statusgen-" + ev.ID,
			"card": map[string]any{
				"header":   map[string]any{"title": ev.Title, "subtitle": ev.Kind},
				"sections": []any{map[string]any{"widgets": widgets}},
			},
		}},
	}
}

// htmlEscape escapes text for Google Chat's card text, which reads a
// little HTML.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
