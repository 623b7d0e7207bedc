-- GET the simulator's me/accounts?limit=100 with one user token, over and over: each
-- call lists 100 pages with their page tokens.
dofile(os.getenv("BENCH_DIR") .. "/wrk-report.lua")

function request()
  return wrk.format("GET", os.getenv("FLOOD_PATH"))
end
