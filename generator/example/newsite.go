package example

// NewSite returns the files of `statusgen init`: a site.toml with one
// service and one SLO that works before any data exists, comments that
// say what to change next, a README in incidents/ and a .gitignore for
// public/. Nothing in it is probed: it names no address.
func NewSite() map[string][]byte {
	return map[string][]byte{
		"site.toml":           []byte(newSiteTOML),
		"incidents/README.md": []byte(newIncidentsReadme),
		".gitignore":          []byte("# statusgen build writes the site here; it is built, not committed.\npublic/\n"),
	}
}

const newSiteTOML = `# A statusgen site. Every path is relative to the folder of this file.
#   statusgen serve     preview at http://127.0.0.1:8080/, rebuilt as you edit
#   statusgen build     write the site into public/
#   statusgen check     what is wrong, file by file and line by line
# Every key: docs/configuration.md of statusgen.

title    = "Status"               # shown on every page
timezone = "UTC"                  # an IANA zone such as "Europe/Berlin": months and times shown
# base_url = "https://status.example.com/"   # where the site is served; for the feed and links

# One [[service]] per thing you run: an API, a pipeline, a warehouse, a job.
[[service]]
id          = "my-service"        # lower-case letters, digits and dashes; used in URLs
name        = "My service"
description = "What it does, in one line."
owner       = "My team"           # who answers for it
# contact   = "#my-team-oncall"
# labels    = { env = "prod" }    # filter the status page by label

  # What it promises. This SLO needs no data: it counts the time inside the incidents you
  # publish as bad (incidents/README.md says how to write one).
  [[service.slo]]
  id        = "availability"
  name      = "Available"
  indicator = "incidents"
  objective = 99.5                # percent of the window
  window    = "28d"               # rolling 28 days; or "month", "quarter", "year"

  # To measure it from checks instead: uncomment the probe, write your service's address,
  # run "statusgen probe" on a schedule (it appends rows to content/metrics/my-service/),
  # and change the indicator above to "status". Other indicators read any CSV you append:
  # "ratio" (good of total events) and "threshold" (latency, freshness, volume).
  # [service.probe]
  # url = "https://my-service.example.com/healthz"

# Planned work that comes back every week or month (docs/maintenance.md):
# [[maintenance]]
# id       = "patching"
# title    = "Weekly patching"
# services = ["my-service"]
# start    = "2026-01-06T02:00"   # the first window, in the time zone above
# duration = "1h"
# rrule    = "FREQ=WEEKLY;BYDAY=TU"
`

const newIncidentsReadme = `# Incidents

One Markdown file per incident or planned maintenance, named YYYY-MM-DD-some-words.md
(this README is not read as one). Start one with:

    statusgen new incident --service my-service --severity major "What went wrong"

The front matter says what happened and when; the text below it is the report:

    +++
    title    = "My service returned errors after a deploy"
    services = ["my-service"]
    severity = "major"                 # minor | major | critical | maintenance
    started  = 2026-01-05T09:12:00Z
    resolved = 2026-01-05T10:30:00Z    # leave out while it is ongoing
    +++
    ## Summary
    …
`
