#!/usr/bin/env bash
# The scaled-out topology of docker-compose.yml without Docker: one redis-server, the demo upstreams as their own
# process, and two gateway processes sharing Redis (cache, persisted documents, subscription fan-out).
#
#   scripts/run-two-instances.sh           # runs until Ctrl-C; prints the URLs
#   scripts/run-two-instances.sh --check   # starts everything, proves a webhook received by gateway 1 reaches a
#                                          # subscriber on gateway 2, stops, and exits non-zero if it did not
#   scripts/run-two-instances.sh --cluster [--check]   # the same on a three-master Redis Cluster instead of one
#                                          # redis-server (nodes on free ports; needs redis-cli)
#
# Ports: REDIS_PORT (6399), DEMO_PORT (5100), GATEWAY1_PORT (5001), GATEWAY2_PORT (5002). Development mode, so the
# playground is on and the static token "dev-token" carries every scope.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

check=false; cluster=false
for argument in "$@"; do
  case "$argument" in
    --check) check=true ;;
    --cluster) cluster=true ;;
    *) echo "run-two-instances: unknown argument $argument (use --check, --cluster)" >&2; exit 2 ;;
  esac
done
redis_port=${REDIS_PORT:-6399}
demo_port=${DEMO_PORT:-5100}
gateway_ports=("${GATEWAY1_PORT:-5001}" "${GATEWAY2_PORT:-5002}")
configuration=${CONFIGURATION:-Debug}
webhook_secret=${WEBHOOK_SECRET:-whsec_demo_change_me}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

command -v redis-server >/dev/null || { echo "run-two-instances: redis-server is required (apt-get install redis-server)" >&2; exit 1; }

dotnet build -c "$configuration" -nologo -v q src/Gateway >/dev/null
dotnet build -c "$configuration" -nologo -v q src/DemoUpstreams >/dev/null
gateway_bin=$PWD/src/Gateway/bin/$configuration/net10.0
demo_bin=$PWD/src/DemoUpstreams/bin/$configuration/net10.0

if $cluster; then
  command -v redis-cli >/dev/null || { echo "run-two-instances: redis-cli is required for --cluster (apt-get install redis-tools)" >&2; exit 1; }
  nodes=()
  for _ in 1 2 3; do
    port=$(free_port)
    # The cluster bus port is given too: port + 10000 is past 65535 for high ports.
    redis-server --port "$port" --cluster-port "$(free_port)" --bind 127.0.0.1 --save '' --appendonly no \
      --cluster-enabled yes --cluster-config-file "nodes-$port.conf" --dir "$work" --cluster-node-timeout 1000 \
      >"$work/redis-$port.log" 2>&1 &
    pids+=($!)
    nodes+=("127.0.0.1:$port")
  done
  for node in "${nodes[@]}"; do
    for _ in $(seq 1 100); do redis-cli -h 127.0.0.1 -p "${node#*:}" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-yes >"$work/cluster-create.log" 2>&1 \
    || { echo "run-two-instances: redis-cli --cluster create failed" >&2; cat "$work/cluster-create.log" >&2; exit 1; }
  for node in "${nodes[@]}"; do
    for _ in $(seq 1 100); do redis-cli -h 127.0.0.1 -p "${node#*:}" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
  done
  redis=$(IFS=,; echo "${nodes[*]}")
else
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  pids+=($!)
  redis="127.0.0.1:$redis_port"
fi
dotnet "$demo_bin/DemoUpstreams.dll" --contentRoot "$demo_bin" --urls "http://127.0.0.1:$demo_port" \
  --Payments:WebhookUrl="http://127.0.0.1:${gateway_ports[0]}/webhooks/payments" --Payments:SettleDelayMs=300 \
  --Payments:WebhookSecret="$webhook_secret" \
  >"$work/demo.log" 2>&1 &
pids+=($!)

demo="http://127.0.0.1:$demo_port"
for port in "${gateway_ports[@]}"; do
  # Development for its token, with the build's copy of the sources (Development otherwise reads the repository's,
  # relative to a content root inside the project) and without watching them.
  ASPNETCORE_ENVIRONMENT=Development dotnet "$gateway_bin/Gateway.dll" --contentRoot "$gateway_bin" \
    --Gateway:SourcesPath="$gateway_bin/sources" --Gateway:ReloadSources=false \
    --urls "http://127.0.0.1:$port" --ConnectionStrings:Redis="$redis" --Demo:Enabled=false \
    $(sources_at "$demo") --Sources:Payments:WebhookSecret="$webhook_secret" >"$work/gateway-$port.log" 2>&1 &
  pids+=($!)
done
logs() { echo "run-two-instances: logs in $work" >&2; tail -n 30 "$work"/*.log >&2; exit 1; }
wait_up "$demo/_demo/stats" || logs
for port in "${gateway_ports[@]}"; do wait_up "http://127.0.0.1:$port/health/ready" || logs; done

if ! $check; then
  echo "redis $redis, demo upstreams $demo"
  for port in "${gateway_ports[@]}"; do echo "gateway http://127.0.0.1:$port/graphql (Authorization: Bearer dev-token)"; done
  echo "payment webhooks go to the first gateway; subscribe on the second to see them fan out. Ctrl-C stops."
  wait
  exit 0
fi

# A subscriber on gateway 2 (Server-Sent Events), a payment created through gateway 1: the demo's webhooks reach
# gateway 1, and Redis carries the events to gateway 2.
events="$work/events.txt"
curl -sN --max-time 20 -H 'Accept: text/event-stream' -H 'Authorization: Bearer dev-token' -H 'Content-Type: application/json' \
  --data '{"query":"subscription { paymentStatusChanged(customerId: \"7\") { id status } }"}' \
  "http://127.0.0.1:${gateway_ports[1]}/graphql" >"$events" &
subscriber=$!
sleep 1
curl -sf -H 'Authorization: Bearer dev-token' -H 'Content-Type: application/json' \
  --data '{"query":"mutation { createPayment(input: { customerId: \"7\", amount: 12.5, currency: \"EUR\" }) { payment { id } userErrors { message } } }"}' \
  "http://127.0.0.1:${gateway_ports[0]}/graphql" >"$work/mutation.json"
for _ in $(seq 1 100); do
  grep -q '"status":"SUCCEEDED"\|"status":"FAILED"' "$events" && break
  sleep 0.2
done
kill "$subscriber" 2>/dev/null || true
if grep -q '"paymentStatusChanged"' "$events" && grep -q '"status":"SUCCEEDED"\|"status":"FAILED"' "$events"; then
  echo "run-two-instances: ok, a webhook received by gateway 1 reached the subscriber on gateway 2 ($($cluster && echo 'Redis Cluster' || echo 'one Redis'))"
  grep '^data:' "$events" | head -n 3
else
  echo "run-two-instances: FAILED, no settled payment event on gateway 2" >&2
  echo "mutation: $(cat "$work/mutation.json")" >&2
  echo "events: $(cat "$events")" >&2
  exit 1
fi
