-- Shared helpers, prepended to every script by server/store/index.ts.
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

-- SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits. Redis's Lua has only SHA-1 built in, so this is
-- written out with its LuaBitOp library (`bit`: 32-bit signed results, normalised with bit.tobit after each sum);
-- test/integration/evidence.test.ts checks it against node:crypto on thousands of random inputs.
local SHA256_K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do SHA256_K[i] = bit.tobit(SHA256_K[i]) end

local function sha256hex(msg)
  local band, bor, bxor, bnot, rshift, lshift, ror, tobit = bit.band, bit.bor, bit.bxor, bit.bnot, bit.rshift,
    bit.lshift, bit.ror, bit.tobit
  local byte, K = string.byte, SHA256_K
  local bits = #msg * 8
  local pad = (55 - #msg) % 64
  msg = msg .. '\128' .. string.rep('\0', pad) .. string.char(
    math.floor(bits / 2^56) % 256, math.floor(bits / 2^48) % 256, math.floor(bits / 2^40) % 256,
    math.floor(bits / 2^32) % 256, math.floor(bits / 2^24) % 256, math.floor(bits / 2^16) % 256,
    math.floor(bits / 2^8) % 256, bits % 256)
  local h0, h1, h2, h3 = tobit(0x6a09e667), tobit(0xbb67ae85), tobit(0x3c6ef372), tobit(0xa54ff53a)
  local h4, h5, h6, h7 = tobit(0x510e527f), tobit(0x9b05688c), tobit(0x1f83d9ab), tobit(0x5be0cd19)
  local w = {}
  for chunk = 1, #msg, 64 do
    for i = 1, 16 do
      local p = chunk + (i - 1) * 4
      local b1, b2, b3, b4 = byte(msg, p, p + 3)
      w[i] = bor(lshift(b1, 24), lshift(b2, 16), lshift(b3, 8), b4)
    end
    for i = 17, 64 do
      local x, y = w[i - 15], w[i - 2]
      local s0 = bxor(ror(x, 7), ror(x, 18), rshift(x, 3))
      local s1 = bxor(ror(y, 17), ror(y, 19), rshift(y, 10))
      w[i] = tobit(w[i - 16] + s0 + w[i - 7] + s1)
    end
    local a, b, c, d, e, f, g, h = h0, h1, h2, h3, h4, h5, h6, h7
    for i = 1, 64 do
      local s1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
      local ch = bxor(band(e, f), band(bnot(e), g))
      local t1 = h + s1 + ch + K[i] + w[i]
      local s0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
      local maj = bxor(band(a, b), band(a, c), band(b, c))
      h, g, f, e = g, f, e, tobit(d + t1)
      d, c, b, a = c, b, a, tobit(t1 + s0 + maj)
    end
    h0, h1, h2, h3 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d)
    h4, h5, h6, h7 = tobit(h4 + e), tobit(h5 + f), tobit(h6 + g), tobit(h7 + h)
  end
  local tohex = bit.tohex
  return tohex(h0) .. tohex(h1) .. tohex(h2) .. tohex(h3) .. tohex(h4) .. tohex(h5) .. tohex(h6) .. tohex(h7)
end

-- The fields of an audit entry, in the order its hash covers them (shared/evidence.ts AUDIT_FIELDS, the same list).
local AUDIT_FIELDS = { 'at', 'actor', 'role', 'action', 'room', 'team', 'judge', 'before', 'after', 'reason', 'score' }

-- Appends one entry to the audit stream, chained to the previous one: its hash is the SHA-256 of 'sha256', the previous
-- entry's hash and the fields, each written as <byte length>:<bytes>, (see docs/redis.md; older entries, without the
-- field alg, used SHA-1). Returns the entry's id and its hash.
local function audit(stream_key, head_key, at, fields)
  local prev = redis.call('GET', head_key) or ''
  local parts = { '6:sha256,', #prev, ':', prev, ',' }
  local args = { 'alg', 'sha256' }
  for _, name in ipairs(AUDIT_FIELDS) do
    local value = name == 'at' and tostring(at) or (fields[name] or '')
    parts[#parts + 1] = #value
    parts[#parts + 1] = ':'
    parts[#parts + 1] = value
    parts[#parts + 1] = ','
    args[#args + 1] = name
    args[#args + 1] = value
  end
  local hash = sha256hex(table.concat(parts))
  args[#args + 1] = 'prev'
  args[#args + 1] = prev
  args[#args + 1] = 'hash'
  args[#args + 1] = hash
  local id = redis.call('XADD', stream_key, '*', unpack(args))
  redis.call('SET', head_key, hash)
  return id, hash
end

-- Stores a sheet bound to the audit entry that wrote it: the sheet's JSON (the entry's `after`, word for word) with the
-- entry's hash appended as the field `entry`. The log is the record; the stored sheet is a cache of its last word.
local function bind_sheet(sheets_key, judge, sheet_json, entry_hash)
  redis.call('HSET', sheets_key, judge, string.sub(sheet_json, 1, -2) .. ',"entry":"' .. entry_hash .. '"}')
end

-- A judge's stored sheet as the next entry's `before`: without its binding, so that it reads as the previous entry's
-- `after` did (a sheet edited behind the log's back shows there as it was found). False when there is none.
local function unbound_sheet(sheets_key, judge)
  local raw = redis.call('HGET', sheets_key, judge)
  if not raw then return false end
  return (string.gsub(raw, ',"entry":"%x+"}$', '}'))
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
