-- Twenty coordinators on tablets, not twenty robots: each connection waits a random 1–3 s between requests, as a
-- coordinator does between taps, so the latency printed is what a person sees at a realistic pace.
-- Run by benchmarks/attendance/run.sh after the saturation run.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() + (seed or 0))
end

function delay()
  return math.random(1000, 3000)
end

function done(summary, latency, requests)
  io.write(string.format("paced: %d requests, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
