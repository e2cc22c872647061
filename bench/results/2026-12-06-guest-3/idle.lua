local function idle()
  local f = io.open('/proc/stat')
  local line = f:read('*l')
  f:close()
  local n, sum = 0, 0
  for v in line:gmatch('%d+') do
    n = n + 1
    if n == 4 or n == 5 then sum = sum + tonumber(v) end
  end
  return sum
end
local before = idle()
function done(summary, latency, requests)
  io.write(string.format('idle ticks: %d\n', idle() - before))
end
