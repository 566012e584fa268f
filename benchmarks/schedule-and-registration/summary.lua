-- The one line per measurement that benchmarks/run-all.sh parses, named by NAME. Alone, for a plain GET: only this at
-- the end, so wrk keeps its fast path (no Lua per request). The other scripts load it (dofile) and call result_line.
local name = os.getenv("NAME") or "get"

function result_line(summary, latency)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT name=%s rps=%.0f p50_ms=%.1f p99_ms=%.1f errors=%d\n", name,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end

done = function(summary, latency, requests)
  result_line(summary, latency)
end
