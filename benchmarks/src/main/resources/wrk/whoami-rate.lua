-- wrk script: like whoami.lua, but requests follow a fixed-rate schedule (open model, as wrk2 or
-- Gatling's constant rate): the thread's n-th request is due at start + n / rate. A connection that
-- becomes free takes the next due slot and waits for it (wrk's delay(), in whole milliseconds);
-- a slot taken after its time is "late". Late slots happen only when every connection was busy
-- (the server stalled or the load tool fell behind): their count and p99 lateness are printed, so a
-- run whose latencies would suffer from coordinated omission is visible.
-- Wrk.java prepends whoami-common.lua (credentials, request, response check, result line).
-- Usage: wrk -t1 -c64 -d20s -s whoami-rate.lua URL -- credentials.txt RATE_PER_THREAD CONNECTIONS_PER_THREAD

local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

function init(args)
  load_requests(args[1])
  late = 0
  slots = 0
  late_hist = {}
  interval_ms = 1000 / tonumber(args[2])
  args_connections = args[3]
  start_ms = nil
end

function delay()
  local now = now_ms()
  if start_ms == nil then
    start_ms = now
    slots = tonumber(args_connections) or 0
  end
  local due = start_ms + slots * interval_ms
  slots = slots + 1
  local wait = due - now
  if wait < -1 then
    late = late + 1
    local bucket = math.floor(-wait) -- whole milliseconds late
    late_hist[bucket] = (late_hist[bucket] or 0) + 1
    return 0
  end
  if wait < 0 then
    return 0
  end
  return math.floor(wait + 0.5)
end

function done(summary, latency, requests)
  local hist = {}
  for _, thread in ipairs(threads) do
    local h = thread:get("late_hist")
    for k, v in pairs(h) do hist[k] = (hist[k] or 0) + v end
  end
  local total_late, total_slots = sum_over_threads("late"), sum_over_threads("slots")
  -- p99 lateness over all slots (on-time slots count as 0 ms late)
  local keys = {}
  for k in pairs(hist) do table.insert(keys, k) end
  table.sort(keys, function(a, b) return a > b end)
  local allowed = math.floor(total_slots * 0.01)
  local p99_late, seen = 0, 0
  for _, k in ipairs(keys) do
    seen = seen + hist[k]
    if seen > allowed then p99_late = k break end
  end
  write_result(summary, latency,
    string.format(" late=%d slots=%d p99_late_ms=%d", total_late, total_slots, p99_late))
end
