-- Phones refreshing their status screens: a random phone of the imported range per request.
local phones = dofile("bench/phones.lua")
request = function()
  return wrk.format("GET", "/snom/status" .. phones.query(phones.first + math.random(0, phones.count - 1)))
end
