-- Registers a tablet's public key for a judge (issue 19 point 7): the key under its id in the judge's keys, and the
-- audit entry judge.register-key whose `after` is {"key","spki","extractable"} (what `npm run results` checks sheets'
-- signatures against). A key registered already changes nothing; keys are never removed (a spare tablet adds its own).
-- KEYS: signing keys of the judge, audit, audit_head
-- ARGV: key id, spki (base64), extractable ('1' or '0'), max keys per judge, actor, role, judge, room
local keys_key, audit_key, head_key = KEYS[1], KEYS[2], KEYS[3]
local key_id, spki, extractable, max_keys, actor, role, judge, room_id =
  ARGV[1], ARGV[2], ARGV[3] == '1', tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7], ARGV[8]

if redis.call('HEXISTS', keys_key, key_id) == 1 then
  return cjson.encode({ ok = true, key = key_id, registered = false })
end
if redis.call('HLEN', keys_key) >= max_keys then
  return fail('CONFLICT', 'this judge has registered as many tablet keys as allowed', 'signing-keys-full', { max = max_keys })
end
local at = now_ms()
-- Written out by hand, so the logged text is exactly this (cjson would escape the base64's slashes).
local registration = '{"key":"' .. key_id .. '","spki":"' .. spki .. '","extractable":' .. tostring(extractable) .. '}'
local audit_id, entry = audit(audit_key, head_key, at, { actor = actor, role = role, action = 'judge.register-key',
  room = room_id, judge = judge, after = registration })
redis.call('HSET', keys_key, key_id, cjson.encode({ spki = spki, extractable = extractable, at = tostring(at), entry = entry }))
return cjson.encode({ ok = true, key = key_id, registered = true, auditId = audit_id })
