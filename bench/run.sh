#!/usr/bin/env bash
# The benchmark suite: one command, Release build, real processes on loopback, wrk at fixed concurrency after a
# warm-up, RUNS runs per scenario, medians reported with the range of the runs, the scenarios of each latency in a
# random order (every configuration's gateway runs meanwhile, so the order is the only thing that moves), so a change
# can be judged against the noise (a gateway under this load reaches its speed only after 10-20 s of tiered JIT, hence the
# 15 s warm-up per scenario). Writes bench/results/latest.md and a dated copy in bench/results/history/. Fails
# (non-zero) if any request of a scenario failed or returned GraphQL errors. Tunables: RUN_SECONDS (6), WARMUP_SECONDS
# (15), RUNS (3), CONNECTIONS (16), LATENCIES ("0 20"), SUBSCRIBERS (1000), BENCH_SEED (the order's seed; random),
# DEMO_WARMUP_SECONDS (30: the demo upstreams under load before any scenario, through the direct client and a gateway).
set -euo pipefail
cd "$(dirname "$0")/.."
DEMO_WARMUP_SECONDS=${DEMO_WARMUP_SECONDS:-30}; RUN_SECONDS=${RUN_SECONDS:-6}; WARMUP_SECONDS=${WARMUP_SECONDS:-15}; RUNS=${RUNS:-3}; CONNECTIONS=${CONNECTIONS:-16}; LATENCIES=${LATENCIES:-"0 20"}; SUBSCRIBERS=${SUBSCRIBERS:-1000}
BENCH_SEED=${BENCH_SEED:-$RANDOM}
for tool in wrk:wrk redis-server:redis-server python3:python3; do
  command -v "${tool%%:*}" >/dev/null || { echo "bench: installing ${tool##*:}"; apt-get install -y -qq "${tool##*:}" >/dev/null; }
done

. scripts/lib.sh
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
work=$(mktemp -d)

echo "bench: building Release"
for project in src/DemoUpstreams src/Gateway bench/DirectClient bench/Subscriptions bench/Micro; do dotnet build -c Release -nologo -v q "$project" >/dev/null; done

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 & pids+=($!)

single='{"query":"{ weather(lat: 52.52, lng: 13.405) { temperatureC } }"}'
echo "$single" > "$work/single.json"; composite_body "$work/composite.json"; echo '{}' > "$work/empty.json"

# wrk_run URL BODY -> prints "rps p50ms p99ms"; fails on errors.
wrk_run() {
  local out
  out=$(BODY_FILE="$2" wrk -t2 -c"$CONNECTIONS" -d"${RUN_SECONDS}s" --latency -s bench/wrk/post.lua "$1")
  local failures non2xx errors
  failures=$(sed -n 's/^graphql-failures: //p' <<<"$out"); non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: //p' <<<"$out")
  errors=$(sed -n 's/.*Socket errors: .*timeout \([0-9]*\).*/\1/p' <<<"$out")
  if [ "${failures:-0}" != "0" ] || [ -n "$non2xx" ] || [ "${errors:-0}" != "0" ]; then
    echo "bench: FAILED against $1: $failures GraphQL failures, ${non2xx:-0} non-2xx, ${errors:-0} timeouts" >&2; echo "$out" >&2; exit 1
  fi
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() { python3 -c "import re,sys; v,u=re.match(r'([\d.]+)(us|ms|s)',sys.argv[1]).groups(); print(round(float(v)*{'us':0.001,'ms':1,'s':1000}[u],2))" "$1"; }
# scenario URL BODY -> "rps p50 p99 rps_min rps_max": medians of RUNS runs after a warm-up, and the runs' throughput range
scenario() {
  BODY_FILE="$2" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s bench/wrk/post.lua "$1" >/dev/null
  local runs=()
  for _ in $(seq 1 "$RUNS"); do runs+=("$(wrk_run "$1" "$2")"); done
  printf '%s\n' "${runs[@]}" | python3 -c '
import sys, statistics
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
medians = [str(round(statistics.median(c), 2)) for c in zip(*rows)]
print(" ".join(medians + [str(round(min(r[0] for r in rows), 2)), str(round(max(r[0] for r in rows), 2))]))'
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# The composite query reads payments, which need the payments:read scope: the gateways trust a bench-only key
# and every request carries a token signed with it.
bench_auth payments:read

start_gateway() { # PORT DEMO_URL extra-args...
  local port=$1 demo=$2; shift 2
  ASPNETCORE_ENVIRONMENT=Production dotnet src/Gateway/bin/Release/net10.0/Gateway.dll --contentRoot "$PWD/src/Gateway/bin/Release/net10.0" --urls "http://127.0.0.1:$port" \
    --Demo:Enabled=false $(sources_at "$demo") $auth_args --Gateway:RateLimit:Enabled=false \
    --Logging:LogLevel:Default=Warning "$@" >"$work/gateway-$port.log" 2>&1 &
  pids+=($!); echo $!
  wait_up "http://127.0.0.1:$port/health/live"
}
upstream_requests() { # GATEWAY_URL DEMO_URL BODY -> upstream requests for one client request
  curl -sf -X POST "$2/_demo/reset" >/dev/null
  curl -sf -H 'content-type: application/json' -H "Authorization: $AUTHORIZATION" --data @"$3" "$1/graphql" >/dev/null
  curl -sf "$2/_demo/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(sum(s[k] for k in ("crm","maps","weather","payments")))'
}

results=$work/results.md
{
  echo "# Benchmark results"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, Release build, wrk -t2 -c$CONNECTIONS, ${RUN_SECONDS}s runs after a ${WARMUP_SECONDS}s warm-up (the JIT's tiering takes seconds under load) and ${DEMO_WARMUP_SECONDS}s of load on the demo upstreams first, median of $RUNS and the range of their req/s; scenarios in a random order (seed $BENCH_SEED)."
  echo "Upstreams are the demo services in their own process, with the stated latency added to every upstream request."
  echo "gateway-composite-redis is the default Redis setup (local copies for 5 s); redis-only sets Gateway:Cache:LocalTtl=0."
  echo
  echo "| Upstream latency | Scenario | req/s | req/s range | p50 (ms) | p99 (ms) |"
  echo "| --- | --- | --- | --- | --- | --- |"
} > "$results"
summary=$work/summary.md; : > "$summary"

for latency in $LATENCIES; do
  echo "bench: upstream latency ${latency} ms"
  demo_port=$(free_port); demo="http://127.0.0.1:$demo_port"
  dotnet src/DemoUpstreams/bin/Release/net10.0/DemoUpstreams.dll --urls "$demo" --Demo:LatencyMs="$latency" \
    --Logging:LogLevel:Default=Warning >"$work/demo.log" 2>&1 & demo_pid=$!; pids+=($demo_pid)
  wait_up "$demo/_demo/stats"
  direct_port=$(free_port)
  dotnet bench/DirectClient/bin/Release/net10.0/DirectClient.dll --urls "http://127.0.0.1:$direct_port" --Upstreams="$demo/" >/dev/null 2>&1 & pids+=($!)
  wait_up "http://127.0.0.1:$direct_port/health"

  # Every configuration's gateway up first, then the scenarios in a random order.
  cold_port=$(free_port); cold_pid=$(start_gateway "$cold_port" "$demo" --Gateway:Cache:Enabled=false)
  memory_port=$(free_port); memory_pid=$(start_gateway "$memory_port" "$demo")
  redis_gw_port=$(free_port); redis_pid=$(start_gateway "$redis_gw_port" "$demo" --ConnectionStrings:Redis="127.0.0.1:$redis_port")
  redis_only_port=$(free_port); redis_only_pid=$(start_gateway "$redis_only_port" "$demo" --ConnectionStrings:Redis="127.0.0.1:$redis_port" --Gateway:Cache:LocalTtl=00:00:00)
  declare -A r url body
  url[direct-single]="http://127.0.0.1:$direct_port/single"; body[direct-single]="$work/empty.json"
  url[gateway-single]="http://127.0.0.1:$cold_port/graphql"; body[gateway-single]="$work/single.json"
  url[direct-composite]="http://127.0.0.1:$direct_port/composite"; body[direct-composite]="$work/empty.json"
  url[gateway-composite-cold]="http://127.0.0.1:$cold_port/graphql"; body[gateway-composite-cold]="$work/composite.json"
  url[gateway-composite-memory]="http://127.0.0.1:$memory_port/graphql"; body[gateway-composite-memory]="$work/composite.json"
  url[gateway-composite-redis]="http://127.0.0.1:$redis_gw_port/graphql"; body[gateway-composite-redis]="$work/composite.json"
  url[gateway-composite-redis-only]="http://127.0.0.1:$redis_only_port/graphql"; body[gateway-composite-redis-only]="$work/composite.json"
  order=$(printf '%s\n' "${!url[@]}" | sort | python3 -c 'import random, sys; names = sys.stdin.read().split(); random.Random(sys.argv[1]).shuffle(names); print(" ".join(names))' "$BENCH_SEED:$latency")
  echo "bench: order $order"
  # The demo upstreams answer the cold scenarios, and they reach their speed only after tens of seconds under load
  # (measured: the direct client's composite throughput rose 4x over its first 30 s): they are warmed first, through
  # the direct client and the uncached gateway, so the first scenario of the order is not measured against a cold demo.
  for warm in direct-composite gateway-composite-cold; do
    BODY_FILE="${body[$warm]}" wrk -t2 -c"$CONNECTIONS" -d"$((DEMO_WARMUP_SECONDS / 2))s" -s bench/wrk/post.lua "${url[$warm]}" >/dev/null
  done
  for name in $order; do
    r[$name]=$(scenario "${url[$name]}" "${body[$name]}")
    if [ "$name" = gateway-composite-cold ]; then rss_load=$(rss_mb "$cold_pid"); sleep 5; rss_after=$(rss_mb "$cold_pid"); fi
  done
  batched=$(upstream_requests "http://127.0.0.1:$cold_port" "$demo" "$work/composite.json")
  kill "$cold_pid" "$memory_pid" "$redis_pid" "$redis_only_pid"

  unbatched_port=$(free_port); unbatched_pid=$(start_gateway "$unbatched_port" "$demo" --Gateway:Cache:Enabled=false \
    --Sources:Crm:ChunkSize=1 --Sources:Maps:ChunkSize=1 --Sources:Weather:ChunkSize=1 --Sources:Payments:ChunkSize=1)
  unbatched=$(upstream_requests "http://127.0.0.1:$unbatched_port" "$demo" "$work/composite.json"); kill "$unbatched_pid"
  kill "$demo_pid"

  for name in direct-single gateway-single direct-composite gateway-composite-cold gateway-composite-memory gateway-composite-redis gateway-composite-redis-only; do
    read -r rps p50 p99 low high <<<"${r[$name]}"
    echo "| ${latency} ms | $name | $rps | $low–$high | $p50 | $p99 |" >> "$results"
  done
  python3 - "$latency" "${r[direct-single]}" "${r[gateway-single]}" "${r[direct-composite]}" "${r[gateway-composite-cold]}" \
      "${r[gateway-composite-redis]}" "${r[gateway-composite-memory]}" "${r[gateway-composite-redis-only]}" "$batched" "$unbatched" "$rss_load" "$rss_after" >> "$summary" <<'PY'
import sys
lat, ds, gs, dc, gc, gr, gm, go, batched, unbatched, load, after = sys.argv[1:]
ds, gs, dc, gc, gr, gm, go = ([float(x) for x in v.split()] for v in (ds, gs, dc, gc, gr, gm, go))
print(f"| {lat} ms | single-source p50 ratio gateway/direct | {gs[1]/ds[1]:.2f}x (throughput {gs[0]/ds[0]:.2f}x) |")
print(f"| {lat} ms | composite p50 ratio gateway/direct | {gc[1]/dc[1]:.2f}x (throughput {gc[0]/dc[0]:.2f}x) |")
print(f"| {lat} ms | composite warm Redis / cold throughput | {gr[0]/gc[0]:.1f}x |")
print(f"| {lat} ms | composite warm memory / cold throughput | {gm[0]/gc[0]:.1f}x |")
print(f"| {lat} ms | composite warm Redis without local copies / cold throughput | {go[0]/gc[0]:.1f}x |")
print(f"| {lat} ms | upstream requests per composite request, batched / unbatched | {batched} / {unbatched} |")
print(f"| {lat} ms | gateway RSS under load / 5 s after (MiB) | {load} / {after} |")
PY
done

{
  echo
  echo "| Upstream latency | Summary | Result |"
  echo "| --- | --- | --- |"
  cat "$summary"
} >> "$results"

echo "bench: micro-benchmarks (BenchmarkDotNet)"
dotnet bench/Micro/bin/Release/net10.0/Micro.dll --artifacts "$work/bdn" --exporters github >"$work/bdn.log" 2>&1 \
  || { tail -n 40 "$work/bdn.log" >&2; echo "bench: micro-benchmarks failed" >&2; exit 1; }
if grep -q '| *NA *|' "$work"/bdn/results/*-report-github.md; then
  cat "$work/bdn.log" >&2; echo "bench: a micro-benchmark did not run" >&2; exit 1
fi
{
  echo
  echo "Micro-benchmarks of the 50-customer composite query (BenchmarkDotNet, in-process, short job; upstream"
  echo "entities from the warm in-memory cache, so no network):"
  echo
  grep '^|' "$work"/bdn/results/*-report-github.md
} >> "$results"

echo "bench: subscriptions"
bench/run-subscriptions.sh "$SUBSCRIBERS" 20 >/dev/null
{ echo; tail -n 3 bench/results/subscriptions.md; } >> "$results"
mkdir -p bench/results/history
cp "$results" bench/results/latest.md
cp "$results" "bench/results/history/$(date -u +%Y-%m-%dT%H%M).md"
cat bench/results/latest.md
