#!/usr/bin/env bash
# Real JavaScript clients with their default settings (tests/clients: Apollo Client, urql, graphql-request,
# graphql-ws, graphql-sse, and the graphql-http audit) against a gateway started here on free ports: Development,
# with its embedded demo upstreams and in-memory cache. Installs the clients with npm ci (tests/clients/package-lock.json).
# Ends with "client-tests: <passed> passed, <failed> failed", which test.sh adds to its count; exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

configuration=${CONFIGURATION:-Debug}
gateway_port=${GATEWAY_PORT:-$(free_port)}
demo_port=${DEMO_PORT:-$(free_port)}
work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c "$configuration" -nologo -v q src/Gateway >/dev/null
(cd tests/clients && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
gateway_bin=$PWD/src/Gateway/bin/$configuration/net10.0

# The demo's weather changes every second and the poller looks every half second, so a weather subscription gets
# its first event soon after it starts, without anything to trigger it.
ASPNETCORE_ENVIRONMENT=Development dotnet "$gateway_bin/Gateway.dll" --contentRoot "$gateway_bin" \
  --Gateway:SourcesPath="$gateway_bin/sources" --Gateway:ReloadSources=false \
  --urls "http://127.0.0.1:$gateway_port" $(sources_at "http://127.0.0.1:$demo_port") \
  --Demo:Weather:StepSeconds=1 --Sources:Weather:PollInterval=00:00:00.500 >"$work/gateway.log" 2>&1 &
pid=$!
wait_up "http://127.0.0.1:$gateway_port/health/ready" || { tail -n 30 "$work/gateway.log" >&2; exit 1; }

status=0
(cd tests/clients && GATEWAY_URL="http://127.0.0.1:$gateway_port/graphql" GATEWAY_TOKEN=dev-token \
  node --test --test-reporter=tap --test-reporter-destination="$work/tap.txt" --test-reporter=spec --test-reporter-destination=stdout) \
  || status=$?
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$work/tap.txt")
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$work/tap.txt")
if [ "$status" -ne 0 ]; then
  echo "run-client-tests: the gateway's log ends with:" >&2
  tail -n 20 "$work/gateway.log" >&2
fi
echo "client-tests: ${passed:-0} passed, ${failed:-0} failed"
exit $status
