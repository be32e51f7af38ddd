-- wrk script: GET /v1/users/{u}/recommendations for a user drawn at random (seeded per thread) from the file
-- named by WHYREC_USERS (one user id per line), with the admin key of WHYREC_ADMIN_KEY and the query of
-- WHYREC_QUERY. Prints p50/p90/p99/max latency and non-2xx counts at the end.
local users = {}
local query = os.getenv("WHYREC_QUERY") or "k=10&explain=true&method=exact"
local key = os.getenv("WHYREC_ADMIN_KEY") or ""
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("seed", 42 + thread_no)
end

function init(args)
  for line in io.lines(os.getenv("WHYREC_USERS")) do
    if #line > 0 then users[#users + 1] = line end
  end
  math.randomseed(seed)
  wrk.headers["X-Admin-Key"] = key
end

function request()
  local u = users[math.random(#users)]
  return wrk.format("GET", "/v1/users/" .. u .. "/recommendations?" .. query)
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  io.write(string.format("throughput %.0f req/s\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
