dofile("benchmarks/schedule-and-registration/summary.lua")
-- Adds a query parameter that changes every request, so the output cache never answers: measures rendering
-- the schedule page from the database.
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "&nocache=" .. n .. "-" .. math.random(1, 1000000000))
end
