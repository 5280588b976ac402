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

-- A refusal: its code, an English message for logs, the reason (shared/refusals.ts) and its parameters, if any.
local function fail(code, message, reason, params)
  return cjson.encode({ ok = false, code = code, message = message, reason = reason, params = params })
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

-- Reads a judge's values against the track's score form (JSON, milli-points): every criterion present, whole, within its
-- max and on its step, nothing else; or one total within its bounds. Returns total, criteria; or nil, code, message,
-- reason and its parameters.
local function read_values(form_json, values_json)
  if not form_json then return nil, nil, 'NO_FORM', 'the track has no score form', 'no-form' end
  local form = cjson.decode(form_json)
  local ok, values = pcall(cjson.decode, values_json)
  if not ok or type(values) ~= 'table' then return nil, nil, 'BAD_VALUES', 'the values are not readable', 'values-unreadable' end
  local total = 0
  local criteria = {}
  if #form.criteria > 0 then
    if type(values.criteria) ~= 'table' or values.total ~= nil then
      return nil, nil, 'BAD_VALUES', 'this track is scored by criteria', 'values-by-criteria'
    end
    local known = {}
    for _, c in ipairs(form.criteria) do
      known[c.id] = true
      local v = values.criteria[c.id]
      if v == nil then return nil, nil, 'BAD_VALUES', 'criterion ' .. c.id .. ' is missing', 'criterion-missing', { criterion = c.id } end
      if not is_whole(v) then return nil, nil, 'BAD_VALUES', 'criterion ' .. c.id .. ' is not a valid value', 'criterion-invalid', { criterion = c.id } end
      if v > c.max then return nil, nil, 'OVER_MAX', 'criterion ' .. c.id .. ' is over its max', 'criterion-over-max', { criterion = c.id } end
      if v % c.step ~= 0 then return nil, nil, 'OFF_STEP', 'criterion ' .. c.id .. ' is not on its step', 'criterion-off-step', { criterion = c.id } end
      criteria[c.id] = v
      total = total + v
    end
    for k, _ in pairs(values.criteria) do
      if not known[k] then return nil, nil, 'BAD_VALUES', 'unknown criterion ' .. tostring(k), 'criterion-unknown', { criterion = tostring(k) } end
    end
  else
    if values.criteria ~= nil or values.total == nil then return nil, nil, 'BAD_VALUES', 'this track is scored by one total', 'values-by-total' end
    local v = values.total
    if not is_whole(v) then return nil, nil, 'BAD_VALUES', 'the total is not a valid value', 'total-invalid' end
    if form.total ~= cjson.null and form.total ~= nil then
      if v > form.total.max then return nil, nil, 'OVER_MAX', 'the total is over its max', 'total-over-max' end
      if v % form.total.step ~= 0 then return nil, nil, 'OFF_STEP', 'the total is not on its step', 'total-off-step' end
    end
    total = v
  end
  return total, criteria
end
