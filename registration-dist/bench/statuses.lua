-- Shared by the wrk scripts of registration-dist/bench/run: counts answers by status code and
-- prints them as one "STATUSES code:count ..." line when wrk is done.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("counts")) do
      total[code] = (total[code] or 0) + n
    end
  end
  io.write("STATUSES")
  for code, n in pairs(total) do
    io.write(string.format(" %d:%d", code, n))
  end
  io.write("\n")
end
