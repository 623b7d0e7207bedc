-- GET /healthz: the HTTP ceiling of the machine.
dofile(os.getenv("BENCH_DIR") .. "/wrk-report.lua")
