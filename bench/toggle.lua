-- DND presses: each thread walks its own extensions and alternates on and off, so every request is a real,
-- durable change (a new version and a history entry).
local phones = dofile("bench/phones.lua")
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local n = 0
request = function()
  n = n + 1
  local ext = phones.first + ((id * 7919 + n) % phones.count)
  local action = (math.floor(n / phones.count) % 2 == 0) and "dnd-on" or "dnd-off"
  return wrk.format("GET", "/snom/action/" .. action .. phones.query(ext))
end
