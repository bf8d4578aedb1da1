-- A boot storm: phones fetching their own settings files with the provisioning login.
local phones = dofile("bench/phones.lua")
local headers = { ["Authorization"] = "Basic YmVuY2g6YmVuY2gtcGFzc3dvcmQtMDEyMw==" }
request = function()
  local ext = phones.first + math.random(0, phones.count - 1)
  return wrk.format("GET", string.format("/provisioning/snomD785-000413%06d.htm", ext), headers)
end
