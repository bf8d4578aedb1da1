-- DND presses: each thread walks its own extensions and alternates on and off, so every request is a real,
-- durable change (a new version and a history entry).
local first, count = 1000, 1000
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local n = 0
request = function()
  n = n + 1
  local ext = first + ((id * 7919 + n) % count)
  local action = (math.floor(n / count) % 2 == 0) and "dnd-on" or "dnd-off"
  -- One phone per extension, as in an office: the MAC is derived from the extension.
  return wrk.format("GET", "/snom/action/" .. action .. "?ext=" .. ext .. "&mac=" .. string.format("000413%06d", ext))
end
