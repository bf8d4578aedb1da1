-- Phones refreshing their status screens: a random extension of the seeded range per request.
local first, count = 1000, 1000
request = function()
  return wrk.format("GET", "/snom/status?ext=" .. (first + math.random(0, count - 1)))
end
