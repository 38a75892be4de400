package feed

import (
	"strings"
	"testing"

	"github.com/statusgen/statusgen/generator/site"
	"github.com/statusgen/statusgen/generator/testsite"
)

// A service's feed holds only the incidents on that service, with its own
// id and self link.
func TestServiceFeeds(t *testing.T) {
	cfg := testsite.SiteFiles(t, map[string]string{
		"site.toml": "title = \"Acme\"\nbase_url = \"https://status.example.com/\"\n" +
			"[[service]]\nid = \"api\"\nname = \"API\"\n  [[service.slo]]\n  id = \"i\"\n  indicator = \"incidents\"\n  objective = 99\n" +
			"[[service]]\nid = \"db\"\nname = \"DB\"\n  [[service.slo]]\n  id = \"i\"\n  indicator = \"incidents\"\n  objective = 99\n",
		"incidents/2026-11-20-api.md": "+++\ntitle = \"API errors\"\nservices = [\"api\"]\nseverity = \"major\"\nstarted = 2026-11-20T10:00:00Z\nresolved = 2026-11-20T11:00:00Z\n+++\n",
		"incidents/2026-11-21-db.md":  "+++\ntitle = \"DB slow\"\nservices = [\"db\"]\nseverity = \"minor\"\nstarted = 2026-11-21T10:00:00Z\nresolved = 2026-11-21T11:00:00Z\n+++\n",
	})
	st, ds := site.Load(cfg, testsite.Time(t, "2026-11-23T12:00:00Z"))
	if st == nil || ds.HasErrors() {
		t.Fatal(ds)
	}
	files, err := Files(st)
	if err != nil {
		t.Fatal(err)
	}
	api := string(files["services/api/feed.xml"])
	for _, want := range []string{
		"<id>https://status.example.com/services/api/</id>",
		`<link rel="self" type="application/atom+xml" href="https://status.example.com/services/api/feed.xml"></link>`,
		"<title type=\"text\">Acme: API: incidents and maintenance</title>",
		"API errors",
	} {
		if !strings.Contains(api, want) {
			t.Errorf("services/api/feed.xml lacks %q:\n%s", want, api)
		}
	}
	if strings.Contains(api, "DB slow") {
		t.Errorf("the API's feed holds the DB's incident")
	}
	if all := string(files[Path]); !strings.Contains(all, "API errors") || !strings.Contains(all, "DB slow") {
		t.Errorf("feed.xml lacks an incident:\n%s", all)
	}
}
