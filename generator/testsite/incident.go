package testsite

import (
	"os"
	"path/filepath"
	"testing"
)

// IncidentSiteTOML is the site the incident tests run against: two
// services in Berlin time, so zone-less times are visibly read there.
const IncidentSiteTOML = `title = "Incident tests"
timezone = "Europe/Berlin"

[[service]]
id = "orders-api"
name = "Orders API"
owner = "Payments"

  [[service.slo]]
  id = "availability"
  name = "Incidents"
  indicator = "incidents"
  objective = 99.5
  window = "28d"

[[service]]
id = "warehouse"
name = "Data Warehouse"
owner = "Data"
`

// WriteIncidentSite writes site.toml and the given files (paths relative
// to the site folder) and returns site.toml's path.
func WriteIncidentSite(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["site.toml"]; !ok {
		files["site.toml"] = IncidentSiteTOML
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "site.toml")
}

// FullTOML is an incident with every key of SPEC section 5 in TOML front
// matter.
const FullTOML = `+++
title     = "Orders API returned 503s after a bad deploy"
services  = ["orders-api", "Data Warehouse"]
severity  = "major"
started   = 2026-11-03T09:12:00Z
detected  = 2026-11-03T09:20:00Z
contained = 2026-11-03T09:45:00Z
resolved  = 2026-11-03T10:30:00Z
owner     = "Payments team"
draft     = false

[[updates]]
time   = 2026-11-03T09:25:00Z
status = "investigating"
text   = "Elevated error rates on order submission."

[[updates]]
time   = 2026-11-03T10:30:00Z
status = "resolved"
text   = "Rolled back."

[[actions]]
text  = "Alert on 5xx ratio per deploy"
owner = "Payments team"
due   = 2026-11-30
issue = "acme/orders#412"
done  = false
+++
## Summary

The deploy broke checkout.
`
