# Shell helpers the repository's scripts share (test.sh, scripts/, bench/). Source it from the repository root:
#   . scripts/lib.sh

# A free TCP port on loopback.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_up URL: waits up to 30 s for URL to answer with success; fails, saying so, if it never does.
wait_up() {
  for _ in $(seq 1 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$1 did not come up" >&2
  return 1
}

# sources_at DEMO_URL: the arguments that point a gateway at demo upstreams listening on DEMO_URL (every source
# configured on the default demo address follows Demo:Url, whatever sources there are).
sources_at() {
  echo "--Demo:Url=$1"
}

# bench_auth SCOPE: a fresh HS256 key the bench gateways trust (in auth_args) and a token for SCOPE signed with
# it (exported as AUTHORIZATION, which the wrk script and the subscription bench send).
bench_auth() {
  local key
  key=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
  auth_args="--Gateway:Auth:Issuer=bench --Gateway:Auth:Audience=bench --Gateway:Auth:SigningKey=$key"
  AUTHORIZATION="Bearer $(scripts/mint-token.py --key "$key" --issuer bench --audience bench --scope "$1" --hours 6)"
  export AUTHORIZATION
}

# composite_body FILE: writes the benchmark's composite query (50 customers with location, weather, payments).
composite_body() {
  local ids
  ids=$(python3 -c 'print(", ".join("\\\"%d\\\"" % i for i in range(1, 51)))')
  echo "{\"query\":\"{ customers(ids: [$ids]) { name address { location { weather { temperatureC } } } payments(first: 5) { nodes { amount { value } } } } }\"}" > "$1"
}
