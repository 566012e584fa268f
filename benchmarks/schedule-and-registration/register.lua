-- Each request registers a different resident (no email, as many residents have none) for one course.
-- Names and phone numbers are unique per thread and request, so every request is a new person.
-- With COURSES="4,5,6" in the environment, requests go round those courses instead of the URL's one.
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
end

request = function()
  counter = counter + 1
  local n = tid * 10000000 + counter
  local body = string.format(
    '{"familyName":"負荷%d","givenName":"花子","familyNameKana":"ふか","givenNameKana":"はなこ","phone":"090%08d","consent":true}',
    n, n % 100000000)
  local path = nil
  if #courses > 0 then path = "/api/v1/courses/" .. courses[counter % #courses + 1] .. "/registrations" end
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
