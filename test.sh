#!/usr/bin/env bash
# Installs what the tests need when it is missing (redis-server and redis-cli for the Redis and Redis Cluster
# tests, Debian's chromium for the browser test, and
# curl and python3 for the two-instance check),
# then runs every test in the solution, the JavaScript client tests (tests/clients, installed with npm ci) and the
# topology checks. The build installs the playground with npm.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
for tool in redis-server:redis-server redis-cli:redis-tools chromium:chromium curl:curl python3:python3; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

results=$(mktemp -d)
status=0
dotnet test Gateway.sln --nologo --results-directory "$results" --logger "trx" "$@" || status=$?

# One closing line over all test assemblies, read from the TRX reports.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
rm -rf "$results"

# The two-instance topology as its script starts it: a webhook on one gateway reaches a subscriber on the other.
. scripts/lib.sh
if REDIS_PORT=$(free_port) DEMO_PORT=$(free_port) GATEWAY1_PORT=$(free_port) GATEWAY2_PORT=$(free_port) \
    scripts/run-two-instances.sh --check; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi
# The same on a three-master Redis Cluster.
if DEMO_PORT=$(free_port) GATEWAY1_PORT=$(free_port) GATEWAY2_PORT=$(free_port) scripts/run-two-instances.sh --check --cluster; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi
# Real JavaScript clients with their defaults against a running gateway; each of their tests counts as one.
if clients=$(scripts/run-client-tests.sh 2>&1); then client_status=0; else client_status=$?; fi
client_counts=$(tail -n 1 <<<"$clients")
if [[ $client_counts =~ ^client-tests:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
else
  failed=$((failed + 1))
fi
if [ "$client_status" -ne 0 ]; then
  echo "$clients" | tail -n 60
  status=1
fi
# The Kubernetes manifests against the API schemas and each other (no cluster needed).
if (cd deploy/kubernetes/validate && npm ci --no-audit --no-fund --loglevel=error >/dev/null && node validate.mjs); then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
exit $status
