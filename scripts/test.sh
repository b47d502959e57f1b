#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# The OpenAI SDK contract tests (tests/sdk) need their npm packages.
if [ ! -d tests/sdk/node_modules/openai7 ]; then
  (cd tests/sdk && npm ci --no-audit --no-fund --loglevel=error)
fi
# The dashboard's browser tests (tests/web) drive Debian's Chromium with playwright-core.
if [ ! -d tests/web/node_modules/playwright-core ]; then
  (cd tests/web && npm ci --no-audit --no-fund --loglevel=error)
fi
# The S3 blob store's tests run against s3rver (tests/s3), a local S3-compatible server.
if [ ! -d tests/s3/node_modules/s3rver ]; then
  (cd tests/s3 && npm ci --no-audit --no-fund --loglevel=error)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# One test project at a time: renders are CPU-bound and this machine has two cores.
dotnet test Reelforge.slnx -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status before running every test (see above)." >&2
fi
exit "$status"
