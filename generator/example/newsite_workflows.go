package example

import "strings"

// newSiteStatusYML is the workflow `statusgen init` writes: the statusgen
// Action at a pinned version probes, checks, builds and reports; GitHub's
// Pages actions publish. ACTIONREF is replaced by the version.
const newSiteStatusYML = `# Rebuilds the status site and publishes it to GitHub Pages: on a schedule
# (after probing the services that have a [service.probe] and committing the
# new rows), by hand, and when incidents, content or site.toml change.
# To upgrade statusgen, change the version after "statusgen/statusgen@" below.
name: status site

on:
  schedule:
    - cron: "7,22,37,52 * * * *"   # every 15 minutes, off the busy top of the hour
  workflow_dispatch:
  push:
    branches: [main]
    paths: ["incidents/**", "content/**", "templates/**", "site.toml"]

permissions:
  contents: read

concurrency:
  group: status-site-${{ github.ref }}
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    permissions:
      contents: write   # to commit snapshot rows
      issues: read      # live action-item states
    steps:
      - uses: actions/checkout@v6
        with:
          ref: ${{ github.ref }}
      - uses: statusgen/statusgen@ACTIONREF
        with:
          probe: ${{ github.event_name != 'push' }}
      - uses: actions/configure-pages@v5
      - uses: actions/upload-pages-artifact@v4
        with:
          path: public

  deploy:
    needs: build
    # Holds on schedule (always the default branch), push (main only) and a
    # run by hand from the default branch.
    if: >-
      github.event_name == 'schedule' || github.event_name == 'push' ||
      (github.event_name == 'workflow_dispatch' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch))
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`

// newSiteCheckYML checks pull requests with the same pinned statusgen.
const newSiteCheckYML = `# Checks a pull request's site.toml, snapshots and incidents: every problem is
# annotated on its line and an error fails the check; the summary shows the
# SLO report the change would give.
name: check

on:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v6
      - uses: statusgen/statusgen@ACTIONREF
        with:
          strict: true
          assets: false
          output: ${{ runner.temp }}/public
`

// NewSiteWorkflows returns the GitHub workflows of `statusgen init`,
// using the statusgen Action at ref (a release tag such as v1.4.0, or a
// commit).
func NewSiteWorkflows(ref string) map[string][]byte {
	return map[string][]byte{
		".github/workflows/status.yml": []byte(strings.ReplaceAll(newSiteStatusYML, "ACTIONREF", ref)),
		".github/workflows/check.yml":  []byte(strings.ReplaceAll(newSiteCheckYML, "ACTIONREF", ref)),
	}
}
