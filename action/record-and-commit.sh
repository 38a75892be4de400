#!/usr/bin/env bash
# Records the result a repository_dispatch event of type statusgen-record
# carries (statusgen record --event reads the payload from the event file;
# nothing of it reaches this script) and commits the new row to the branch
# the workflow runs on, as github-actions[bot]. Used by action.yml with
# record: true. A retry records the same row with the same time, which is
# then already there and not written twice. Environment: CONFIG
# (site.toml), GITHUB_EVENT_PATH, GITHUB_REF_NAME.
set -euo pipefail

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
branch="$GITHUB_REF_NAME"
metrics="$(dirname "$CONFIG")/content/metrics"
# One time for every attempt.
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# record appends the row and commits it: 1 when it was there already, 2
# when the payload was refused.
record() {
  statusgen record -c "$CONFIG" --event "$GITHUB_EVENT_PATH" --now "$now" || return 2
  mkdir -p "$metrics"
  git add -A "$metrics"
  if git diff --cached --quiet; then
    echo "The row was already recorded."
    return 1
  fi
  git commit -q -m "record: pushed result $now [skip ci]"
}

record || exit $(( $? == 1 ? 0 : 1 ))
for attempt in 1 2 3 4 5; do
  if git push -q origin "HEAD:$branch"; then
    exit 0
  fi
  echo "::notice::push $attempt of 5 lost a race; recording again on origin/$branch"
  sleep $((attempt * 3))
  git fetch -q origin "$branch"
  git reset -q --hard "origin/$branch"
  record || exit $(( $? == 1 ? 0 : 1 ))
done
echo "::error::could not push the recorded row after 5 attempts; send the result again"
exit 1
