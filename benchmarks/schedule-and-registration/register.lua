-- Each request registers a different resident for one course; with EMAIL=1 in the environment each has an email address
-- (so each booking queues a confirmation with its check-in pass), otherwise none, as many residents have none.
-- Names and phone numbers are unique per thread and request, so every request is a new person; each run of the script
-- passes its own RUN_OFFSET so that a later run does not meet the people of an earlier one again.
-- With COURSES="4,5,6" in the environment, requests go round those courses instead of the URL's one.
-- With PACE_MS=100, each connection waits that long (±20 %) before its next request: residents at a steady rate
-- instead of a closed loop, so the latency printed is what a resident meets at that rate, not the queue.
local pace = tonumber(os.getenv("PACE_MS") or "")
local offset = tonumber(os.getenv("RUN_OFFSET") or "0")
local email = os.getenv("EMAIL") == "1"
dofile("benchmarks/schedule-and-registration/summary.lua")
local courses = {}
for id in string.gmatch(os.getenv("COURSES") or "", "%d+") do courses[#courses + 1] = id end
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  counter = 0
  math.randomseed(os.time() + tid)
end

if pace then
  delay = function()
    return math.floor(pace * (0.8 + 0.4 * math.random()))
  end
end

request = function()
  counter = counter + 1
  local n = tid * 10000000 + offset + counter
  local contact = email and string.format('"email":"load%d@example.jp"', n) or string.format('"phone":"090%08d"', n % 100000000)
  local body = string.format(
    '{"familyName":"負荷%d","givenName":"花子","familyNameKana":"ふか","givenNameKana":"はなこ",%s,"consent":true}',
    n, contact)
  local path = nil
  if #courses > 0 then path = "/api/v1/courses/" .. courses[counter % #courses + 1] .. "/registrations" end
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("%d requests in %.1f s = %.0f/s; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  result_line(summary, latency)
end
