#!/usr/bin/env bash
# Profiles the composite query against warm Redis without local copies (Gateway:Cache:LocalTtl=0) at 20 ms
# upstream latency, the one configuration below 5x cold throughput: wrk load for 25 s, System.Runtime counters
# for 12 s (dotnet-counters) and an 8 s sampled thread-time trace (dotnet-trace), then the trace's top methods.
# Needs a Release build (bench/run.sh makes one). Writes bench/results/raw/profile-*.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-trace >/dev/null || dotnet tool install -g dotnet-trace --version 10.0.750501 >/dev/null
command -v dotnet-counters >/dev/null || dotnet tool install -g dotnet-counters --version 10.0.750501 >/dev/null
. scripts/lib.sh
port=$(free_port); demo_port=$(free_port); redis_port=$(free_port)
out=bench/results/raw; mkdir -p "$out"
redis-server --port $redis_port --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 & r=$!
dotnet src/DemoUpstreams/bin/Release/net10.0/DemoUpstreams.dll --urls http://127.0.0.1:$demo_port --Demo:LatencyMs=20 --Logging:LogLevel:Default=Warning >/dev/null 2>&1 & d=$!
demo=http://127.0.0.1:$demo_port
bench_auth payments:read
ASPNETCORE_ENVIRONMENT=Production dotnet src/Gateway/bin/Release/net10.0/Gateway.dll --contentRoot "$PWD/src/Gateway/bin/Release/net10.0" --urls http://127.0.0.1:$port --Demo:Enabled=false $(sources_at "$demo") $auth_args --Gateway:RateLimit:Enabled=false --Logging:LogLevel:Default=Warning --ConnectionStrings:Redis=127.0.0.1:$redis_port --Gateway:Cache:LocalTtl=00:00:00 >"$out/profile-gateway.log" 2>&1 & g=$!
trap 'kill $g $d $r 2>/dev/null || true' EXIT
wait_up "$demo/_demo/stats"
wait_up "http://127.0.0.1:$port/health/live"
composite_body "$out/profile-body.json"
BODY_FILE="$out/profile-body.json" wrk -t2 -c16 -d8s -s bench/wrk/post.lua http://127.0.0.1:$port/graphql >/dev/null
(BODY_FILE="$out/profile-body.json" wrk -t2 -c16 -d25s -s bench/wrk/post.lua http://127.0.0.1:$port/graphql > "$out/profile-wrk.txt") & w=$!
sleep 2
timeout 12 dotnet-counters collect -p $g --refresh-interval 2 --format csv -o "$out/profile-counters.csv" --counters System.Runtime >/dev/null 2>&1 || true
rm -f "$out/profile.nettrace"
dotnet-trace collect -p $g --profile dotnet-sampled-thread-time --duration 00:00:00:08 -o "$out/profile.nettrace" >/dev/null 2>&1 || dotnet-trace collect -p $g --duration 00:00:00:08 -o "$out/profile.nettrace" >/dev/null 2>&1
wait $w
top -b -n1 | head -15 > "$out/profile-top.txt"
kill $g $d $r
grep "Requests/sec" "$out/profile-wrk.txt"
dotnet-trace report "$out/profile.nettrace" topN -n 40 --inclusive | grep -v "Wait\|Semaphore\|WorkerThread\|Missing Symbol"
