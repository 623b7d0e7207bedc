-- Shared by the benchmark scripts: stops each wrk thread after MAX_REQUESTS responses
-- (so a run is bounded in count as well as time) and prints one machine-readable line.

local max_requests = tonumber(os.getenv("MAX_REQUESTS_PER_THREAD") or "1000000")
local responses = 0

function response(status, headers, body)
  responses = responses + 1
  if responses >= max_requests then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, socket_errors))
end
