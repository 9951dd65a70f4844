-- POSTs the body in $BODY_FILE and counts responses that are not a clean GraphQL success, so a fast wrong
-- answer fails the benchmark instead of counting as throughput.
local file = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- The gateway's payments fields need a bearer token; the direct client ignores it.
if os.getenv("AUTHORIZATION") then
  wrk.headers["Authorization"] = os.getenv("AUTHORIZATION")
end
wrk.body = file:read("*a")
file:close()

local failures = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("failures") or 0)
  end
  io.write(string.format("graphql-failures: %d\n", total))
end
