-- Shared by whoami.lua and whoami-rate.lua; Wrk.java puts it in front of each script.
-- The credentials file holds one credential per logged-in virtual user; requests take them round
-- robin. A 2xx whose body is not a successful JSON-RPC tool result counts as a JSON-RPC error;
-- non-2xx and socket errors are counted by wrk itself.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function load_requests(credentials_file)
  requests = {}
  rpc_errors = 0
  local body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}'
  for credential in io.lines(credentials_file) do
    if #credential > 0 then
      local headers = {}
      headers["X-MCP-Session-ID"] = credential
      headers["Content-Type"] = "application/json"
      headers["Accept"] = "application/json, text/event-stream"
      table.insert(requests, wrk.format("POST", nil, headers, body))
    end
  end
  next_index = math.random(#requests)
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    if not string.find(body, '"result"', 1, true) or string.find(body, '"isError":true', 1, true) then
      rpc_errors = rpc_errors + 1
    end
  end
end

-- Sums a per-thread counter over all threads.
function sum_over_threads(name)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get(name)
  end
  return total
end

-- The machine-readable line Wrk.java parses; `extra` is appended before the newline.
function write_result(summary, latency, extra)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d rpc=%d" ..
    " p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f%s\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    sum_over_threads("rpc_errors"),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    extra))
end
