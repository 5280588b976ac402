-- Shared helpers, prepended to every script by server/store/scripts.ts.
-- Numbers are Lua doubles holding whole numbers below 2^53, so every operation here is exact.

-- floor(a / b) for whole a >= 0, b > 0, exact even where the double quotient rounds.
local function idiv(a, b)
  local q = math.floor(a / b)
  while q * b > a do q = q - 1 end
  while (q + 1) * b <= a do q = q + 1 end
  return q
end

local function is_whole(v)
  return type(v) == 'number' and v == v and v >= 0 and v < 9007199254740992 and math.floor(v) == v
end

local function fail(code, message)
  return cjson.encode({ ok = false, code = code, message = message })
end

-- Milliseconds since the epoch, from the Redis server's clock.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + idiv(tonumber(t[2]), 1000)
end

-- Appends one entry to the audit stream, chained to the previous one by a SHA-1 over the fields (see docs/redis.md);
-- returns the entry's id.
local function audit(stream_key, head_key, at, fields)
  local prev = redis.call('GET', head_key) or ''
  local names = { 'at', 'actor', 'role', 'action', 'room', 'team', 'judge', 'before', 'after', 'reason' }
  local parts = { prev }
  local args = {}
  for _, name in ipairs(names) do
    local value = name == 'at' and tostring(at) or (fields[name] or '')
    parts[#parts + 1] = value
    args[#args + 1] = name
    args[#args + 1] = value
  end
  local hash = redis.sha1hex(table.concat(parts, '\n'))
  args[#args + 1] = 'prev'
  args[#args + 1] = prev
  args[#args + 1] = 'hash'
  args[#args + 1] = hash
  local id = redis.call('XADD', stream_key, '*', unpack(args))
  redis.call('SET', head_key, hash)
  return id
end
