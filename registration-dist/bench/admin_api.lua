-- The portal's admin API over BENCH_TOKENS stored tokens named BenchToken000001...:
-- BENCH_ADMIN_MODE=get fetches one random token, BENCH_ADMIN_MODE=list a random page of 50.
dofile(os.getenv("BENCH_LUA_DIR") .. "/statuses.lua")

local tokens = tonumber(os.getenv("BENCH_TOKENS"))
local mode = os.getenv("BENCH_ADMIN_MODE")
local headers = { ["Authorization"] = "SharedSecret " .. os.getenv("BENCH_ADMIN_SECRET") }

function init(args)
  counts = {}
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  if mode == "list" then
    return wrk.format("GET", string.format("/api/token?limit=50&offset=%d", math.random(0, tokens - 50)), headers)
  end
  return wrk.format("GET", string.format("/api/token/BenchToken%06d", math.random(1, tokens)), headers)
end
