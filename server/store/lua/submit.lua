-- Submits one judge's score sheet for the team on stage, atomically: checks that the judge sits on the room's panel
-- (the room the tablet names: the server does not check it first), that scoring is open for that team in that room
-- and for that judge, that the judge is not recused, that every value is in range and on step; writes the sheet with
-- its next version; bumps the room's revision; appends the audit entry, whose hash the stored sheet then carries
-- (bind_sheet). A signed sheet (its signature verified by the server before this script) carries
-- the key's id and the signature (`key`, `sig`); an unsigned one is refused once the judge has registered a key.
-- Idempotent on the submission id: a replay gets the first receipt and changes nothing. With `tablet` '1', the sheet
-- comes from a tablet (`device`, '' when it never claimed): once another tablet is the judge's active one (judge:claim),
-- it is refused (tablet-replaced), even a replay, in the same atomic step as the write.
-- KEYS: room, open, panel, recused, sheets, sids, audit, audit_head, signing keys of the judge, the judge's active tablet
-- ARGV: key prefix of the event, room id, team, judge, sid, values JSON ({"criteria":{id:milli}} or {"total":milli}),
--       actor, role, key id and signature ('' and '': unsigned), tablet ('1' or ''), device
-- The score form is read from <prefix>form:<track on stage>, in the same hash slot as the declared keys.
local room_key, open_key, panel_key, recused_key, sheets_key, sids_key, audit_key, head_key, keys_key, device_key =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local prefix, room_id, team, judge, sid, values_json, actor, role, key_id, sig, tablet, device =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]

if tablet == '1' then
  local active = redis.call('GET', device_key)
  if active and active ~= device then
    return fail('CONFLICT', 'another tablet has taken over for this judge', 'tablet-replaced')
  end
end

-- The judge must sit on the room's panel now, a replay too.
if redis.call('SISMEMBER', panel_key, judge) == 0 then return fail('NOT_ON_PANEL', 'this judge is not on the panel of this room', 'judge-not-on-panel', { judge = judge }) end

local done = redis.call('HGET', sids_key, sid)
if done then
  local prior = cjson.decode(done)
  if prior.team ~= team or prior.judge ~= judge then
    return fail('DUPLICATE_ID', 'this submission id was already used for another sheet', 'duplicate-sid')
  end
  prior.duplicate = true
  return cjson.encode(prior)
end

local state = redis.call('HMGET', room_key, 'phase', 'team', 'track')
if state[1] ~= 'scoring' then return fail('SCORING_NOT_OPEN', 'scoring is not open in this room', 'scoring-not-open') end
if state[2] ~= team then return fail('NOT_ON_STAGE', 'this team is not the one on stage', 'not-on-stage') end
if redis.call('SISMEMBER', recused_key, judge) == 1 then return fail('RECUSED', 'this judge is recused from this team', 'judge-recused') end
if redis.call('SISMEMBER', open_key, judge) == 0 then return fail('SCORING_CLOSED', 'scoring is closed for this judge', 'scoring-closed-judge') end

local total, criteria, code, message, why, params = read_values(redis.call('GET', prefix .. 'form:' .. tostring(state[3])), values_json)
if not total then return fail(code, message, why, params) end
if key_id == '' and redis.call('EXISTS', keys_key) == 1 then
  return fail('BAD_SIGNATURE', 'this judge has registered a tablet key: the sheet must be signed', 'signature-required')
end
if key_id ~= '' and redis.call('HEXISTS', keys_key, key_id) == 0 then
  return fail('BAD_SIGNATURE', 'the sheet is signed with a key not registered for this judge', 'signature-unknown-key')
end

local before = unbound_sheet(sheets_key, judge)
local version = 1
if before then version = cjson.decode(before).version + 1 end
local at = now_ms()
local signed = { version = version, total = total, criteria = criteria, at = tostring(at), sid = sid }
if key_id ~= '' then
  signed.key = key_id
  signed.sig = sig
end
local sheet = cjson.encode(signed)
local result = cjson.encode({ ok = true, team = team, judge = judge, version = version, total = total,
  at = tostring(at), duplicate = false })
redis.call('HSET', sids_key, sid, result)
local rev = redis.call('HINCRBY', room_key, 'rev', 1)
local audit_id, entry = audit(audit_key, head_key, at, { actor = actor, role = role, action = 'score.submit',
  room = room_id, team = team, judge = judge, before = before or '', after = sheet })
bind_sheet(sheets_key, judge, sheet, entry)
-- The stored receipt (for replays) has no rev or audit id: those belong to the first delivery only.
local reply = cjson.decode(result)
reply.rev = rev
reply.auditId = audit_id
return cjson.encode(reply)
