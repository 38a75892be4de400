package example

import "time"

type incidentTemplate struct {
	slug  string
	start func(*world) time.Time
	text  string
}

var incidentTemplates = []incidentTemplate{
	{"orders-api-503s-after-deploy", func(e *world) time.Time { return e.apiOutage.from }, `
+++
title     = "Orders API returned 503s after a bad deploy"
services  = ["orders-api"]
severity  = "major"
started   = {{ts .APIOutage.From}}
detected  = {{ts (add .APIOutage.From 6)}}
contained = {{ts (add .APIOutage.From 31)}}
resolved  = {{ts .APIOutage.To}}
owner     = "Checkout team"

[[updates]]
time   = {{ts (add .APIOutage.From 9)}}
status = "investigating"
text   = "Order submission is failing for most customers. We are investigating."

[[updates]]
time   = {{ts (add .APIOutage.From 24)}}
status = "identified"
text   = "A configuration change in today's release exhausted the database connection pool. We are rolling it back."

[[updates]]
time   = {{ts (add .APIOutage.From 35)}}
status = "monitoring"
text   = "The rollback is complete and error rates are falling. Orders placed during the incident can be retried."

[[updates]]
time   = {{ts .APIOutage.To}}
status = "resolved"
text   = "Error rates are back to normal. A postmortem will follow."

[[actions]]
text  = "Alert on the 5xx ratio per deploy, not only on the probe"
owner = "Checkout team"
due   = {{date (days .APIOutage.From 14)}}
issue = "northwind/orders#412"
done  = true

[[actions]]
text  = "Load-test connection pool settings in staging before release"
owner = "Checkout team"
due   = {{date (days .APIOutage.From 10)}}
issue = "northwind/orders#413"
done  = false

[[actions]]
text  = "Canary releases for the Orders API (5% of traffic for 15 minutes)"
owner = "Platform team"
due   = {{date (days .APIOutage.From 45)}}
issue = "northwind/platform#88"
done  = false
+++
## Summary

For 48 minutes the Orders API answered most requests with HTTP 503. A release lowered the
database connection pool from 50 to 5 connections per instance; under the morning peak every
request waited for a connection and timed out. Rolling the release back restored service.

## Impact

- 48 minutes during which roughly 70% of order submissions failed; customers saw
  "Something went wrong" at checkout.
- About 1,900 orders were retried by customers or partners; 230 were abandoned.
- The availability SLO lost more than its monthly error budget in one morning.

## Timeline

All times UTC.

| time | event |
|---|---|
| {{hm .APIOutage.From}} | Release 2026.11.3 reaches all instances; 503s begin |
| {{hm (add .APIOutage.From 6)}} | The status probe fails twice; on-call is paged |
| {{hm (add .APIOutage.From 9)}} | Incident declared; status page updated |
| {{hm (add .APIOutage.From 24)}} | Pool size change identified in the release diff |
| {{hm (add .APIOutage.From 31)}} | Rollback starts; errors stop growing |
| {{hm .APIOutage.To}} | All instances on the previous release; error rate normal |

## Root cause

The release moved connection pool settings from an environment variable to the new
configuration file. The file's default (5 connections) applied because the variable was no
longer read. Staging runs with little traffic, so the smaller pool passed every test.

## Resolution

We rolled back to release 2026.11.2, then shipped 2026.11.4 with the pool size set
explicitly and a start-up check that refuses pool sizes under 20 in production.

## Action items

See the table below: alerting on 5xx per deploy, load tests for pool settings, canaries.

## Lessons learned

- **What went well:** the probe paged within six minutes; the rollback was one command.
- **What went wrong:** nothing compared configuration between releases; the 5xx ratio
  alert did not exist, so we relied on a probe that runs every 5 minutes.
- **Where we got lucky:** the incident started after the overnight partner batch had finished.
`},
	{"event-ingestion-stalled", func(e *world) time.Time { return e.ingestStall.from }, `
+++
title     = "Event ingestion stopped for three hours"
services  = ["events-ingest"]
severity  = "critical"
started   = {{ts .IngestStall.From}}
detected  = {{ts (add .IngestStall.From 52)}}
contained = {{ts (add .IngestStall.From 140)}}
resolved  = {{ts .IngestStall.To}}
owner     = "Data platform team"

[[updates]]
time   = {{ts (add .IngestStall.From 58)}}
status = "investigating"
text   = "No new events have reached the data lake since {{hm .IngestStall.From}} UTC. Dashboards and fraud scoring are working on stale data."

[[updates]]
time   = {{ts (add .IngestStall.From 120)}}
status = "identified"
text   = "The ingestion consumers lost their Kafka credentials after a certificate rotation. We are redeploying them with the new certificates."

[[updates]]
time   = {{ts .IngestStall.To}}
status = "monitoring"
text   = "Ingestion is running again and catching up; data will be current in about 45 minutes."

[[updates]]
time   = {{ts (add .IngestStall.To 50)}}
status = "resolved"
text   = "The backlog has been processed. No events were lost."

[[actions]]
text  = "Alert when lag_s exceeds 10 minutes, independent of consumer health checks"
owner = "Data platform team"
due   = {{date (days .IngestStall.From 7)}}
done  = true

[[actions]]
text  = "Rotate Kafka client certificates through the secrets operator, not by hand"
owner = "Security engineering"
due   = {{date (days .IngestStall.From 30)}}
issue = "northwind/platform#71"
done  = false

[[actions]]
text  = "Document the catch-up procedure in the runbook"
owner = "Data platform team"
due   = {{date (days .IngestStall.From 14)}}
done  = true
+++
## Summary

From {{hm .IngestStall.From}} to {{hm .IngestStall.To}} UTC no events reached the data lake.
A scheduled rotation of the Kafka client certificates replaced the certificates on the
brokers but not in the ingestion consumers, which failed authentication and kept retrying
silently. Freshness lag grew to three hours before the consumers were redeployed.

## Impact

- Fraud scoring ran on rules only for three hours (it needs events under 5 minutes old).
- Morning sales dashboards showed the previous night's figures until 06:00 UTC.
- The freshness SLO spent its whole 28-day budget; no data was lost.

## Timeline

| time (UTC) | event |
|---|---|
| {{hm .IngestStall.From}} | Certificates rotated on the brokers; consumers start failing |
| {{hm (add .IngestStall.From 52)}} | An analyst reports stale dashboards in #data-platform |
| {{hm (add .IngestStall.From 120)}} | Cause identified from broker authentication logs |
| {{hm (add .IngestStall.From 140)}} | First consumer redeployed; lag stops growing |
| {{hm .IngestStall.To}} | All consumers healthy; catch-up begins |

## Root cause

Consumers reported themselves healthy because the health check only verified the process
and its connection to the schema registry, not that messages were being consumed.
The rotation runbook listed the brokers and producers but not the consumers.

## Resolution

The consumers were redeployed with the new certificates and caught up with the backlog
at four times the usual rate.

## Action items

Listed below, with owners and due dates.

## Lessons learned

- Alert on the outcome users care about (freshness), not on component health.
- A detection time of 52 minutes came from a person noticing; the new lag alert would have
  paged within 10 minutes.
`},
	{"event-ingestion-delayed", func(e *world) time.Time { return e.ingestLag.from }, `
+++
title    = "Event ingestion delayed: consumer lag on the clickstream topic"
services = ["events-ingest"]
severity = "major"
started  = {{ts .IngestLag.From}}
detected = {{ts (add .IngestLag.From 35)}}
owner    = "Data platform team"

[[updates]]
time   = {{ts (add .IngestLag.From 40)}}
status = "investigating"
text   = "Events are reaching the data lake with growing delay. Fraud scoring may fall back to rules."

[[updates]]
time   = {{ts (add .IngestLag.From 95)}}
status = "identified"
text   = "A partner's replay doubled traffic on the clickstream topic. We are adding consumers; lag should stop growing within the hour."
+++
## Summary

Ongoing. Lag on the clickstream topic has been growing since
{{hm .IngestLag.From}} UTC after a partner replayed two days of events. Updates follow on
this page; a postmortem will be written once the incident is resolved.
`},
	{"orders-db-failover-test", func(e *world) time.Time { return e.apiMaintenance.from }, `
+++
title    = "Planned database failover test"
services = ["orders-api"]
severity = "maintenance"
started  = {{ts .APIMaintenance.From}}
resolved = {{ts .APIMaintenance.To}}
owner    = "Checkout team"

[[updates]]
time   = {{ts (add .APIMaintenance.From -2880)}}
status = "scheduled"
text   = "We will test failover of the orders database. The Orders API may reject requests for up to 30 minutes."

[[updates]]
time   = {{ts .APIMaintenance.To}}
status = "completed"
text   = "The failover test is complete. Failover took 4 minutes; the API recovered without intervention."
+++
Quarterly failover test of the orders database, announced 48 hours ahead. Probe samples
during the window are recorded as maintenance and do not count against the SLO.
`},
	{"warehouse-upgrade", func(e *world) time.Time { return e.upgrade.from }, `
+++
title    = "Warehouse upgrade to the new storage engine"
services = ["warehouse-quality", "transform-jobs"]
severity = "maintenance"
started  = {{ts .Upgrade.From}}
resolved = {{ts .Upgrade.To}}
owner    = "Analytics engineering"

[[updates]]
time   = {{ts (add .Now -60)}}
status = "scheduled"
text   = "The warehouse will be read-only for up to two hours while it moves to the new storage engine. Transform jobs pause during the window."
+++
Transform jobs and quality checks are paused during the window and resume afterwards;
dashboards stay readable.
`},
	{"null-customer-ids-after-schema-change", func(e *world) time.Time { return e.qualityFail.from }, `
+++
title     = "Null customer ids in the orders fact after an upstream schema change"
services  = ["warehouse-quality"]
severity  = "minor"
started   = {{ts .QualityFail.From}}
detected  = {{ts (add .QualityFail.From 45)}}
contained = {{ts (add .QualityFail.From 300)}}
resolved  = {{ts .QualityFail.To}}
owner     = "Analytics engineering"

[[actions]]
text  = "Add a schema contract test between the shop events and the staging models"
owner = "Analytics engineering"
due   = {{date (days .QualityFail.From 21)}}
done  = false
+++
## Summary

The shop renamed ` + "`customer_id`" + ` to ` + "`customerId`" + ` in its order events. The staging model
read the old field, so new orders landed with a null customer id. Four quality checks failed
for 30 hours until the model was fixed and the affected partitions rebuilt.

## Impact

Customer-level revenue reports under-counted orders for one day; totals were correct.

## Resolution

The staging model reads both field names; the affected partitions were rebuilt.
`},
	{"partner-sftp-certificate-expired", func(e *world) time.Time { return e.sftpCertificate.from }, `
+++
title     = "Partner file drop rejected uploads: expired host certificate"
services  = ["partner-sftp"]
severity  = "major"
started   = {{ts .SFTPCertificate.From}}
detected  = {{ts (add .SFTPCertificate.From 20)}}
contained = {{ts (add .SFTPCertificate.From 100)}}
resolved  = {{ts .SFTPCertificate.To}}
owner     = "Integrations team"

[[updates]]
time   = {{ts (add .SFTPCertificate.From 25)}}
status = "investigating"
text   = "Suppliers report failed uploads to the file drop."

[[updates]]
time   = {{ts .SFTPCertificate.To}}
status = "resolved"
text   = "A renewed certificate is installed; suppliers' retries succeeded."

[[actions]]
text  = "Monitor certificate expiry for every partner endpoint"
owner = "Integrations team"
due   = {{date (days .SFTPCertificate.From 14)}}
issue = "northwind/integrations#19"
done  = false
+++
## Summary

The file drop's host certificate expired at midnight UTC. Suppliers' clients refused the
connection until a renewed certificate was installed two hours later. Suppliers retry for six
hours, so every stock file arrived, late.

## Impact

Stock levels on the shop were up to two hours stale for 40 suppliers.

## Timeline

| time (UTC) | event |
|---|---|
| {{hm .SFTPCertificate.From}} | Certificate expires |
| {{hm (add .SFTPCertificate.From 20)}} | First supplier email reaches the on-call |
| {{hm .SFTPCertificate.To}} | Renewed certificate installed |

## Root cause

The certificate was renewed by hand every year; the reminder went to a former employee.

## Resolution

Certificate renewed; renewal moved to the automated certificate manager.

## Action items

Monitor certificate expiry for every partner endpoint.

## Lessons learned

Anything renewed by hand once a year will eventually be forgotten.
`},
}
