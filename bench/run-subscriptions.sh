#!/usr/bin/env bash
# Subscription benchmark (not a test): N concurrent WebSocket subscribers on one gateway instance.
# Builds Release, starts the gateway with its embedded demo upstreams on free ports, runs bench/Subscriptions
# against it, and writes bench/results/subscriptions.md.
#   bench/run-subscriptions.sh [subscribers=1000] [events=20]
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-1000}
events=${2:-20}
. scripts/lib.sh
gw_port=$(free_port); demo_port=$(free_port)
demo="http://127.0.0.1:$demo_port"

dotnet build -c Release -nologo -v q src/Gateway >/dev/null
dotnet build -c Release -nologo -v q bench/Subscriptions >/dev/null
bench_auth crm:write
ASPNETCORE_ENVIRONMENT=Production dotnet src/Gateway/bin/Release/net10.0/Gateway.dll --contentRoot "$PWD/src/Gateway/bin/Release/net10.0" $auth_args \
  --urls "http://127.0.0.1:$gw_port" --Demo:Enabled=true --Demo:Url="$demo" $(sources_at "$demo") \
  --Gateway:Subscriptions:KeepAliveInterval=00:00:00 --Gateway:RateLimit:Enabled=false >/tmp/bench-gateway.log 2>&1 &
gw_pid=$!
trap 'kill $gw_pid 2>/dev/null || true' EXIT
wait_up "http://127.0.0.1:$gw_port/health/live"

table=$(dotnet bench/Subscriptions/bin/Release/net10.0/Subscriptions.dll "http://127.0.0.1:$gw_port" "$gw_pid" "$subscribers" "$events")
mkdir -p bench/results
{
  echo "# Subscription delivery"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, Release build, one gateway instance with its embedded demo upstreams and the"
  echo "in-process event bus. Latency is from sending updateCustomerContact to each subscriber receiving customerUpdated."
  echo
  echo "$table"
} > bench/results/subscriptions.md
cat bench/results/subscriptions.md
