-- serve-decode.lua - wrk script for tests/bench/bench_serve.sh: GET
-- /v1/decode over a list of codes, one a line in the file named
-- by the script's first argument (wrk ... -s serve-decode.lua URL -- FILE).
-- Each thread walks the list from its own place, one after the other, over
-- keep-alive connections. done() prints one line of figures for the shell
-- script: "vpc-bench requests=N duration_us=N p50_us=N p99_us=N non2xx=N
-- connect=N read=N write=N timeout=N".
local paths = {}
local next_index = 0
local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   local f = assert(io.open(args[1], "r"))
   for line in f:lines() do
      local code = line:match("^(%S+)")
      if code then
         paths[#paths + 1] = wrk.format("GET", "/v1/decode?code=" .. code)
      end
   end
   f:close()
   assert(#paths > 0, "no codes in " .. args[1])
   next_index = ((id or 0) * 7919) % #paths
end

function request()
   next_index = (next_index + 1) % #paths
   return paths[next_index + 1]
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("vpc-bench requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d "
      .. "connect=%d read=%d write=%d timeout=%d\n", summary.requests, summary.duration,
      latency:percentile(50), latency:percentile(99), e.status, e.connect, e.read, e.write,
      e.timeout))
end
