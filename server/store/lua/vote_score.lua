-- Records a public juror's score for a team (scores kind), final once stored: only during that team's scoring window
-- (its room in `scoring` with the team on stage), not twice, not from a revoked voter.
-- KEYS: room, ballots, pub_scores, voted, revoked
-- ARGV: track, voter, team, total (milli-points, checked by the caller against full marks), device, address
local track, voter, team = ARGV[1], ARGV[2], ARGV[3]
local room = redis.call('HMGET', KEYS[1], 'phase', 'team')
if room[1] ~= 'scoring' or room[2] ~= team then
  return fail('SCORING_NOT_OPEN', 'this team is not being scored now', 'public-scoring-not-open')
end
if redis.call('SISMEMBER', KEYS[5], voter) == 1 then
  return fail('FORBIDDEN', 'this voter code has been revoked', 'voter-revoked')
end
local field = voter .. '/' .. team
if redis.call('HEXISTS', KEYS[2], field) == 1 then
  return fail('CONFLICT', 'this voter has already scored this team', 'ballot-final')
end
local total = tonumber(ARGV[4])
local at = tostring(now_ms())
redis.call('HSET', KEYS[2], field, cjson.encode({ track = track, voter = voter, teams = { team }, total = total, at = at,
  device = ARGV[5], address = ARGV[6], voided = cjson.null }))
redis.call('HSET', KEYS[3], voter, ARGV[4])
redis.call('SADD', KEYS[4], voter)
return cjson.encode({ ok = true, at = at })
