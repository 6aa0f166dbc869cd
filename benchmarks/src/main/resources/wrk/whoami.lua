-- wrk script: authenticated MCP tools/call "whoami" over Streamable HTTP (stateless POST /mcp).
-- Usage: wrk -t1 -c50 -d30s -s whoami.lua http://127.0.0.1:PORT/mcp -- credentials.txt
-- Each request takes the next credential of the file (one per logged-in virtual user), round robin.
-- A 2xx whose body is not a successful JSON-RPC tool result counts as a JSON-RPC error; non-2xx and
-- socket errors are counted by wrk itself. done() prints one machine-readable line.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  rpc_errors = 0
  responses = 0
  local body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}'
  for credential in io.lines(args[1]) do
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
  responses = responses + 1
  if status >= 200 and status < 300 then
    if not string.find(body, '"result"', 1, true) or string.find(body, '"isError":true', 1, true) then
      rpc_errors = rpc_errors + 1
    end
  end
end

function done(summary, latency, requests)
  local rpc = 0
  for _, thread in ipairs(threads) do
    rpc = rpc + thread:get("rpc_errors")
  end
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d rpc=%d" ..
    " p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, rpc,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
