package example

// siteTOML is the example's configuration. It is also the starting point a
// user edits into their own site, so it explains itself.
const siteTOML = `# statusgen site configuration. Every path is relative to this file's folder.
# The full reference is docs/configuration.md.

title        = "Northwind Data Platform"
base_url     = "https://status.northwind.example/"   # absolute; used for the feed and canonical links
timezone     = "Europe/Berlin"                       # calendar months and displayed times
description  = "Availability and service levels of the Northwind data platform: APIs, pipelines and the warehouse."
history_days = 90                                    # days of uptime bars on the status page

# How the figures count (defaults shown):
degraded_weight     = 0.0    # a "degraded" sample counts this much as bad time
exclude_maintenance = true   # "maintenance" samples count neither good nor bad
min_coverage        = 0.9    # an SLO with less of its window covered by data shows "no data"

[[group]]
id   = "apis"
name = "Public APIs"

[[group]]
id   = "pipelines"
name = "Data pipelines"

[[group]]
id   = "warehouse"
name = "Warehouse"

# An API probed every 5 minutes: status and latency (content/metrics/orders-api/).
[[service]]
id          = "orders-api"
name        = "Orders API"
group       = "apis"
description = "REST API that takes orders from the shop and partner integrations."
owner       = "Checkout team"
contact     = "#checkout-oncall"
runbook     = "https://wiki.northwind.example/runbooks/orders-api"
labels      = { env = "prod", team = "checkout" }   # shown on pages, filterable: labels/env/prod/
interval    = "5m"

  # An example address: statusgen probe skips hosts reserved for examples (*.example,
  # example.com, …), so a copy of this site probes nothing until you write your own URL here.
  [service.probe]
  url           = "https://orders.northwind.example/healthz"
  method        = "GET"
  timeout       = "10s"
  expect_status = [200]
  degraded_ms   = 1500

  [[service.slo]]
  id         = "availability"
  name       = "Requests succeed"
  indicator  = "status"
  objective  = 99.9
  window     = "28d"
  sla        = 99.5
  sla_period = "quarter"
  rationale  = "Checkout depends on it; 99.9% matches what our payment provider promises us."

    # The same SLO in real time, from the API's request counters in Prometheus:
    # statusgen export prometheus-rules turns it into recording rules and alerts.
    [service.slo.prometheus]
    error_query = 'sum(rate(http_requests_total{job="orders-api",code=~"5.."}[{{.window}}]))'
    total_query = 'sum(rate(http_requests_total{job="orders-api"}[{{.window}}]))'

  [[service.slo]]
  id        = "latency"
  name      = "Responses within 300 ms"
  indicator = "threshold"
  column    = "latency_ms"
  op        = "<="
  threshold = 300
  objective = 99.0
  window    = "28d"
  rationale = "Above 300 ms the shop's checkout step times out on slow mobile connections."

# A streaming pipeline that reports its freshness: the age of the newest event in the lake.
[[service]]
id          = "events-ingest"
name        = "Event ingestion"
group       = "pipelines"
description = "Streams clickstream and order events from Kafka into the data lake."
owner       = "Data platform team"
contact     = "#data-platform"
runbook     = "https://wiki.northwind.example/runbooks/events-ingest"
labels      = { env = "prod", source = "kafka", team = "data-platform" }
interval    = "5m"

  [[service.slo]]
  id        = "freshness"
  name      = "Data at most 5 minutes old"
  indicator = "threshold"
  column    = "lag_s"
  op        = "<="
  threshold = 300
  budgeting = "timeslices"   # each sample stands for its 5 minutes
  objective = 99.0
  window    = "28d"
  rationale = "Fraud scoring reads the lake; beyond 5 minutes of lag it falls back to rules."

# A batch job that appends one row per run: models built (good) of models run (total).
[[service]]
id          = "transform-jobs"
name        = "Transform jobs"
group       = "pipelines"
description = "Hourly dbt run that builds the reporting models from raw events."
owner       = "Analytics engineering"
contact     = "#analytics-eng"
runbook     = "https://wiki.northwind.example/runbooks/dbt-hourly"
labels      = { env = "prod", source = "dbt", team = "analytics" }
interval    = "1h"

  [[service.slo]]
  id        = "models-built"
  name      = "Models build successfully"
  indicator = "ratio"
  good      = "good"
  total     = "total"
  objective = 99.0
  window    = "28d"
  rationale = "Dashboards tolerate an hour of staleness; a model failing for a day is noticed by finance."

# A data-quality suite: expectations passed (good) of expectations evaluated (total).
[[service]]
id          = "warehouse-quality"
name        = "Warehouse data quality"
group       = "warehouse"
description = "Great Expectations suite over the orders and customers facts, every 3 hours."
owner       = "Analytics engineering"
contact     = "#analytics-eng"
runbook     = "https://wiki.northwind.example/runbooks/data-quality"
labels      = { env = "prod", team = "analytics" }
interval    = "3h"

  [[service.slo]]
  id        = "checks-pass"
  name      = "Quality checks pass"
  indicator = "ratio"
  objective = 99.5
  window    = "month"
  sla       = 99.0
  sla_period = "month"
  rationale = "Finance closes the books from these tables; the SLA is in the internal data contract."

# No metrics at all: availability comes from the incidents filed against it.
[[service]]
id          = "partner-sftp"
name        = "Partner file drop"
group       = "pipelines"
description = "SFTP endpoint where suppliers upload stock files every night."
owner       = "Integrations team"
contact     = "integrations@northwind.example"
runbook     = "https://wiki.northwind.example/runbooks/partner-sftp"
labels      = { env = "external", team = "integrations" }

  [[service.slo]]
  id        = "availability"
  name      = "Accepting uploads"
  indicator = "incidents"
  objective = 99.5
  window    = "28d"
  rationale = "Suppliers retry for 6 hours; we count incident time, weighted by severity."

# Recurring maintenance: left out of the SLOs as one-off maintenance is, announced on the
# status page, in api/v2/scheduled-maintenances.json and in maintenance.ics (docs/maintenance.md).
[[maintenance]]
id          = "sftp-patching"
title       = "Partner file drop: weekly patching"
description = "Security updates of the SFTP hosts. Uploads are refused for up to an hour; suppliers' clients retry."
services    = ["partner-sftp"]
start       = "2025-01-05T03:00"          # the first window, in the site's time zone (a Sunday)
duration    = "1h"
rrule       = "FREQ=WEEKLY;BYDAY=SU"      # RFC 5545: every Sunday
`

const slaPage = `# Service level agreement

The Orders API is promised to be available **99.5% of each calendar quarter**, measured
by the status probe every 5 minutes. Planned maintenance announced at least 48 hours ahead
does not count against it.

The warehouse quality suite is promised to pass **99.0% of checks each calendar month**
(internal data contract with Finance).
`
