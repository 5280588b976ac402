-- Applies one change of a room's state, atomically and only if the room is still at the revision it was read at
-- (compare-and-set): the phase, the team on stage and the rest of the state; who may submit; a reveal; the audit entry.
-- A reveal's entry records, in its field score, the team's aggregate as stored at that moment (what the screens show).
-- KEYS: room, open, panel, recused (of the team on stage after the change), audit, audit_head, revealed,
--       agg (of the revealed team)
-- ARGV: expected rev, phase, team, track, state JSON, open op (keep | all | one | none), open judge, revealed team,
--       actor, role, action, reason, before, after, room id, audited team (default: the team on stage)
local room_key, open_key, panel_key, recused_key, audit_key, head_key, revealed_key, agg_key =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local expected, phase, team, track, state, open_op, open_judge, reveal_team, actor, role, action, reason, before, after =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12],
  ARGV[13], ARGV[14]
local room_id = ARGV[15]
local audited_team = ARGV[16] ~= '' and ARGV[16] or team

local rev = redis.call('HGET', room_key, 'rev') or '0'
if rev ~= expected then return fail('CONFLICT', 'the room changed meanwhile') end

redis.call('HSET', room_key, 'phase', phase, 'team', team, 'track', track, 'state', state)
if open_op == 'all' then
  redis.call('DEL', open_key)
  for _, j in ipairs(redis.call('SMEMBERS', panel_key)) do
    if redis.call('SISMEMBER', recused_key, j) == 0 then redis.call('SADD', open_key, j) end
  end
elseif open_op == 'one' then
  redis.call('DEL', open_key)
  redis.call('SADD', open_key, open_judge)
elseif open_op == 'none' then
  redis.call('DEL', open_key)
end
local score = ''
if reveal_team ~= '' then
  redis.call('SADD', revealed_key, reveal_team)
  score = redis.call('GET', agg_key) or ''
end
local new_rev = redis.call('HINCRBY', room_key, 'rev', 1)
local audit_id = audit(audit_key, head_key, now_ms(), { actor = actor, role = role, action = action, room = room_id,
  team = audited_team, judge = open_judge, before = before, after = after, reason = reason, score = score })
return cjson.encode({ ok = true, rev = new_rev, auditId = audit_id })
