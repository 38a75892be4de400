#!/usr/bin/env bash
# Probes the services of the site, collects its declared sources, runs its
# warehouse checks and commits the new snapshot rows to the
# branch the workflow runs on, as github-actions[bot]. Used by action.yml
# with probe: true. Another push may land between checkout and push: the
# commit is rebased onto it and pushed again, up to 5 times; when both
# appended to the same file and the rebase cannot merge, it probes again on
# top of the newer branch. Environment: CONFIG (site.toml), GITHUB_REF_NAME.
set -euo pipefail

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
branch="$GITHUB_REF_NAME"
site="$(dirname "$CONFIG")"
metrics="$site/content/metrics"

# commit stages the snapshot files (and the schemas and draft incidents
# check-data records); it fails when nothing changed.
commit() {
  for p in "$metrics" "$site/content/schemas" "$site/incidents"; do
    if [ -e "$p" ]; then git add -A "$p"; fi
  done
  if git diff --cached --quiet; then
    echo "No new snapshot rows."
    return 1
  fi
  # [skip ci]: a push by GITHUB_TOKEN starts no workflow anyway; this
  # keeps a personal token from looping too.
  git commit -q -m "probe: snapshot rows $(date -u +%Y-%m-%dT%H:%MZ) [skip ci]"
}

# gather probes the services and pulls the new steps of every
# [service.source] (statusgen collect asks only for the steps after the
# newest row already written). A source that fails is reported and the
# rows of the others are still committed.
gather() {
  statusgen probe -c "$CONFIG" || echo "::warning::statusgen probe failed for a service (see above)"
  statusgen collect -c "$CONFIG" || echo "::warning::statusgen collect failed for a source (see above); the next run asks again"
  # The warehouse checks ([[service.check]]); without any, it does nothing.
  statusgen check-data -c "$CONFIG" || echo "::warning::statusgen check-data failed (see above); the next run checks again"
}

gather
commit || exit 0
for attempt in 1 2 3 4 5; do
  if git push -q origin "HEAD:$branch"; then
    exit 0
  fi
  echo "::notice::push $attempt of 5 lost a race; rebasing onto origin/$branch"
  sleep $((attempt * 3))
  git fetch -q origin "$branch"
  if ! git rebase -q "origin/$branch"; then
    git rebase --abort
    git reset -q --hard "origin/$branch"
    gather
    commit || exit 0
  fi
done
echo "::error::could not push the snapshot rows after 5 attempts; the next run probes again"
exit 1
