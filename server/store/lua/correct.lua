-- Corrects a judge's sheet after scoring has closed (a reason is required): the same checks of panel, recusal and
-- values as a submission, a new version of the sheet, and the audit entry with before, after and the reason; the stored
-- sheet carries the entry's hash (bind_sheet).
-- KEYS: room, panel, recused, sheets, audit, audit_head
-- ARGV: key prefix of the event, room id, team, judge, track, values JSON, actor, role, reason
local room_key, panel_key, recused_key, sheets_key, audit_key, head_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local prefix, room_id, team, judge, track, values_json, actor, role, reason =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]

if reason == '' then return fail('REASON_REQUIRED', 'a correction needs a reason') end
local state = redis.call('HMGET', room_key, 'phase', 'team')
if state[1] == 'scoring' and state[2] == team then
  return fail('WRONG_PHASE', 'scoring is open for this team: the judge can change the score on the tablet')
end
if redis.call('SISMEMBER', panel_key, judge) == 0 then return fail('NOT_ON_PANEL', 'this judge is not on the panel of this room') end
if redis.call('SISMEMBER', recused_key, judge) == 1 then return fail('RECUSED', 'this judge is recused from this team') end
local total, criteria, code, message = read_values(redis.call('GET', prefix .. 'form:' .. track), values_json)
if not total then return fail(code, message) end

local before = unbound_sheet(sheets_key, judge)
local version = 1
if before then version = cjson.decode(before).version + 1 end
local at = now_ms()
local sheet = cjson.encode({ version = version, total = total, criteria = criteria, at = tostring(at), sid = 'correction' })
local rev = redis.call('HINCRBY', room_key, 'rev', 1)
local audit_id, entry = audit(audit_key, head_key, at, { actor = actor, role = role, action = 'score.correct',
  room = room_id, team = team, judge = judge, before = before or '', after = sheet, reason = reason })
bind_sheet(sheets_key, judge, sheet, entry)
return cjson.encode({ ok = true, team = team, judge = judge, version = version, total = total, at = tostring(at),
  duplicate = false, rev = rev, auditId = audit_id })
