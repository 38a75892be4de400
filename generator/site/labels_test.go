package site

import "testing"

func TestLabelSlug(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"prod", "prod"},
		{"Prod EU", "prod-eu"},
		{"  kafka//v2 ", "kafka-v2"},
		{"data_platform", "data-platform"},
		{"ÄÖ", "value"},
		{"--", "value"},
	} {
		if got := LabelSlug(c.in); got != c.want {
			t.Errorf("LabelSlug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
