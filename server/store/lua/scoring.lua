-- Opens, closes or re-opens scoring for the team on stage in one room, atomically, with its audit entry.
-- open: every panel judge not recused from the team may submit. close: no one may. reopen: one judge may, again.
-- KEYS: room, open, panel, recused, audit, audit_head
-- ARGV: action (open | close | reopen), room id, team, track, judge (reopen), actor, role, reason
local room_key, open_key, panel_key, recused_key, audit_key, head_key =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local action, room_id, team, track, judge, actor, role, reason =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]

local state = redis.call('HMGET', room_key, 'phase', 'team')
local phase = state[1] or 'idle'
local before = cjson.encode({ phase = phase, team = state[2] or '', open = redis.call('SMEMBERS', open_key) })

if action == 'open' then
  redis.call('DEL', open_key)
  for _, j in ipairs(redis.call('SMEMBERS', panel_key)) do
    if redis.call('SISMEMBER', recused_key, j) == 0 then redis.call('SADD', open_key, j) end
  end
  redis.call('HSET', room_key, 'phase', 'scoring', 'team', team, 'track', track)
elseif action == 'close' then
  if phase ~= 'scoring' then return fail('WRONG_PHASE', 'scoring is not open') end
  redis.call('DEL', open_key)
  redis.call('HSET', room_key, 'phase', 'closed')
elseif action == 'reopen' then
  if state[2] ~= team then return fail('NOT_ON_STAGE', 'this team is not the one on stage') end
  if phase ~= 'closed' and phase ~= 'revealed' then return fail('WRONG_PHASE', 'scoring can be re-opened only once closed') end
  if redis.call('SISMEMBER', panel_key, judge) == 0 then return fail('NOT_ON_PANEL', 'this judge is not on the panel') end
  if redis.call('SISMEMBER', recused_key, judge) == 1 then return fail('RECUSED', 'this judge is recused from this team') end
  if reason == '' then return fail('REASON_REQUIRED', 'a reason is required') end
  redis.call('DEL', open_key)
  redis.call('SADD', open_key, judge)
  redis.call('HSET', room_key, 'phase', 'scoring')
else
  return fail('BAD_ACTION', 'unknown action')
end
local rev = redis.call('HINCRBY', room_key, 'rev', 1)
local after = cjson.encode({ phase = redis.call('HGET', room_key, 'phase'), team = team,
  open = redis.call('SMEMBERS', open_key) })
audit(audit_key, head_key, now_ms(), { actor = actor, role = role, action = 'scoring.' .. action, room = room_id,
  team = team, judge = judge, before = before, after = after, reason = reason })
return cjson.encode({ ok = true, rev = rev })
