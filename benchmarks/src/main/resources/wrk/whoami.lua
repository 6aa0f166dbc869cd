-- wrk script: authenticated MCP tools/call "whoami" over Streamable HTTP (stateless POST /mcp),
-- closed model. Wrk.java prepends whoami-common.lua (credentials, request, response check, result).
-- Usage: wrk -t1 -c50 -d30s -s whoami.lua http://127.0.0.1:PORT/mcp -- credentials.txt

function init(args)
  load_requests(args[1])
end

function done(summary, latency, requests)
  write_result(summary, latency, "")
end
