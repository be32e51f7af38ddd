-- wrk script: POST /v1/events batches of WHYREC_BATCH (default 500) new events with unique ids (per thread
-- prefix and counter), for users drawn at random from WHYREC_USERS and items "0".."WHYREC_ITEMS-1" (seeded).
-- Each 200 answer means the batch was committed (durable) before the server replied.
local users = {}
local batch = tonumber(os.getenv("WHYREC_BATCH") or "500")
local nitems = tonumber(os.getenv("WHYREC_ITEMS") or "3260")
local key = os.getenv("WHYREC_ADMIN_KEY") or ""
local thread_no = 0
local counter = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("seed", 1000 + thread_no)
  thread:set("prefix", "b" .. os.time() .. "t" .. thread_no .. "-")
end

function init(args)
  for line in io.lines(os.getenv("WHYREC_USERS")) do
    if #line > 0 then users[#users + 1] = line end
  end
  math.randomseed(seed)
  wrk.headers["X-Admin-Key"] = key
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local parts = {}
  local ts = 1700000000 + counter
  for i = 1, batch do
    counter = counter + 1
    parts[i] = string.format('{"id":"%s%d","user":"%s","item":"%d","ts":%d,"type":"view","value":1}',
      prefix, counter, users[math.random(#users)], math.random(nitems) - 1, ts)
  end
  return wrk.format("POST", "/v1/events", nil, "[" .. table.concat(parts, ",") .. "]")
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("requests %d, errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  io.write(string.format("throughput %.0f batches/s = %.0f events/s (batch %d)\n", summary.requests / secs,
    summary.requests * batch / secs, batch))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
