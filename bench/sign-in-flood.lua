-- POST /api/admin/sign-in with a wrong password, as a browser's form: once the
-- attempts are throttled, every further one is refused.
dofile(os.getenv("BENCH_DIR") .. "/wrk-report.lua")

wrk.method = "POST"
wrk.body = "email=" .. os.getenv("BENCH_STAFF_EMAIL") .. "&password=not-the-password"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
