-- The phones bench/run.sh imported: extension 1000 + i, MAC 000413 + the extension, tokens from their files.
local phones = {}
phones.first = 1000
phones.count = tonumber(os.getenv("BENCH_PHONES") or "1000")
phones.tokens = dofile(os.getenv("BENCH_TOKENS"))

function phones.query(ext)
  return "?ext=" .. ext .. "&mac=" .. string.format("000413%06d", ext) .. "&token=" .. phones.tokens[ext]
end

return phones
