-- POST /api/vendor/sessions with a distinct externalId on every request.
dofile(os.getenv("BENCH_DIR") .. "/wrk-report.lua")

local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"workspaceName":"Bench Co","externalId":"%s-%d-%d","origin":"%s","state":"bench"}',
    os.getenv("BENCH_RUN"), thread_id, counter, os.getenv("BENCH_ORIGIN"))
  return wrk.format("POST", "/api/vendor/sessions", {
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY"),
    ["Content-Type"] = "application/json",
  }, body)
end
