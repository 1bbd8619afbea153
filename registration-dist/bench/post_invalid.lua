-- POST /register with a token that does not exist, as a script sends it (JSON answer).
-- BENCH_SPREAD_CLIENTS=1 gives every request its own X-Forwarded-For address (the portal trusts
-- loopback as a proxy), so the per-client failed-token limit does not answer instead of the portal.
dofile(os.getenv("BENCH_LUA_DIR") .. "/statuses.lua")

local spread = os.getenv("BENCH_SPREAD_CLIENTS") == "1"
local body = "username=benchuser&password=bench-Password-1&confirm=bench-Password-1&token=NoSuchBenchToken"
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Accept"] = "application/json",
}

function init(args)
  counts = {}
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  if spread then
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255),
      math.random(1, 254))
  end
  return wrk.format("POST", "/register", headers, body)
end
