-- Voids one ballot with a reason, before the reveal, audited: its votes come out of the track's counts (votes kind) or
-- its total out of the team's public scores (scores kind); the ballot stays recorded, marked void.
-- KEYS: ballots, pub_votes, pub_scores (scores kind; else any key), voted, revealed, audit, audit_head
-- ARGV: field, reason, actor, role, kind, teams that must not be revealed yet (JSON array)
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return fail('NOT_FOUND', 'no such ballot', 'ballot-not-found') end
local ballot = cjson.decode(raw)
if ballot.voided ~= cjson.null then return fail('CONFLICT', 'this ballot is void already', 'ballot-voided') end
for _, team in ipairs(cjson.decode(ARGV[6])) do
  if redis.call('SISMEMBER', KEYS[5], team) == 1 then
    return fail('WRONG_PHASE', 'a ballot cannot be voided after the reveal', 'ballot-revealed')
  end
end
local at = now_ms()
if ARGV[5] == 'votes' then
  for _, team in ipairs(ballot.teams) do redis.call('HINCRBY', KEYS[2], team, -1) end
  redis.call('SREM', KEYS[4], ballot.voter)
else
  redis.call('HDEL', KEYS[3], ballot.voter)
end
ballot.voided = { reason = ARGV[2], at = tostring(at) }
local after = cjson.encode(ballot)
redis.call('HSET', KEYS[1], ARGV[1], after)
local audit_id = audit(KEYS[6], KEYS[7], at, { actor = ARGV[3], role = ARGV[4], action = 'vote.void', room = '',
  team = ballot.teams[1] or '', judge = '', before = raw, after = after, reason = ARGV[2] })
return cjson.encode({ ok = true, auditId = audit_id })
