-- The portal's admin API over BENCH_TOKENS stored tokens named BenchToken000001... (created at
-- 1795000000000000 + i microseconds, as the run script stores them):
--   BENCH_ADMIN_MODE=get     one random token
--   BENCH_ADMIN_MODE=list    a random page of 50 after a cursor (keyset paging: what the Link
--                            header of the page before gives; cost independent of the depth)
--   BENCH_ADMIN_MODE=offset  a random page of 50 at ?offset= (the older form; it also counts the
--                            matching tokens for X-Total-Count, so it grows with the store)
dofile(os.getenv("BENCH_LUA_DIR") .. "/statuses.lua")

local tokens = tonumber(os.getenv("BENCH_TOKENS"))
local mode = os.getenv("BENCH_ADMIN_MODE")
local headers = { ["Authorization"] = "SharedSecret " .. os.getenv("BENCH_ADMIN_SECRET") }

function init(args)
  counts = {}
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  if mode == "offset" then
    return wrk.format("GET", string.format("/api/token?limit=50&offset=%d", math.random(0, tokens - 50)), headers)
  end
  if mode == "list" then
    -- Newest first: the page after token i holds tokens i-1 down to i-50.
    local i = math.random(51, tokens + 1)
    return wrk.format("GET", string.format("/api/token?limit=50&after=%d-BenchToken%06d", 1795000000000000 + i, i), headers)
  end
  return wrk.format("GET", string.format("/api/token/BenchToken%06d", math.random(1, tokens)), headers)
end
