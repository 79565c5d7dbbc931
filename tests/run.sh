#!/usr/bin/env bash
# Runs every test of the solution (the README's test command; .ci/run calls it).
# Installs what the tests need first, then ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK (dotnet) is required" >&2
  exit 2
fi

# The browser tests (tests/SoundlinkDashboard.EndToEnd) drive Debian's Chromium at this path; Playwright's own
# browser download is never used. Install it when it is missing: as root directly, otherwise through sudo.
chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
  echo "Chromium is missing ($chromium): installing Debian's chromium package for the browser tests" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get)
  elif command -v sudo >/dev/null 2>&1; then
    apt_get=(sudo env DEBIAN_FRONTEND=noninteractive apt-get)
  else
    apt_get=()
  fi
  if [ ${#apt_get[@]} -eq 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: cannot install Chromium here (needs apt-get, as root or with sudo); install Debian's chromium package so that $chromium exists" >&2
    exit 2
  fi
  if ! "${apt_get[@]}" update -qq || ! "${apt_get[@]}" install -y -qq chromium; then
    echo "error: installing Chromium failed (apt-get install chromium); the browser tests need $chromium" >&2
    exit 2
  fi
  if [ ! -x "$chromium" ]; then
    echo "error: apt-get installed chromium but $chromium is still missing" >&2
    exit 2
  fi
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
