#!/usr/bin/env bash
# Runs every test of the solution (the README's test command; .ci/run calls it).
# Installs what the tests need first, then ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK (dotnet) is required" >&2
  exit 2
fi
dotnet tool restore >/dev/null

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test SoundlinkDashboard.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-project summaries, e.g. "Passed!  - Failed:     0, Passed:    21, Skipped:     0, Total:    21".
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
if [ "$status" -eq 0 ] && ! grep -qE '(Passed|Failed)! +- Failed:' "$log"; then
  echo "error: no test ran" >&2
  exit 1
fi
exit "$status"
