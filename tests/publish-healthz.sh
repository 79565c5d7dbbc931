#!/usr/bin/env bash
# The Dockerfile's path without Docker: publish the app in Release, start the published output on loopback with
# an empty data folder (Production settings, demo off) and require /healthz to answer "Healthy" within a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
data=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$out" "$data"
}
trap cleanup EXIT

dotnet publish src/SoundlinkDashboard -c Release -o "$out" --nologo -v quiet
port=$(( 20000 + RANDOM % 20000 ))
url="http://127.0.0.1:$port"
(cd "$out" && ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Default="Data Source=$data/soundlink.db" \
  DataProtection__KeysPath="$data/keys" exec dotnet SoundlinkDashboard.dll --urls "$url" >"$data/app.log" 2>&1) &
pid=$!

for _ in $(seq 1 60); do
  if body=$(dotnet "$out/SoundlinkDashboard.dll" health --url "$url/healthz" 2>/dev/null) && [[ "$body" == *'"status":"Healthy"'* ]]; then
    echo "published app healthy: $body"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "error: the published app stopped; its log:" >&2
    cat "$data/app.log" >&2
    exit 1
  fi
  sleep 1
done
echo "error: the published app did not report healthy within 60 s; its log:" >&2
cat "$data/app.log" >&2
exit 1
