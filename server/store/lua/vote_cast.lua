-- Records a voter's ballot for a track (votes kind) and adds its votes to the track's counts, in one step: a ballot is
-- final, so a second one of the same voter is refused; the window must be open and the voter not revoked.
-- KEYS: window, ballots, pub_votes, voted, revoked
-- ARGV: track, voter, teams (JSON array, checked by the caller: distinct teams of the track), device, address
local track, voter = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[1], track) ~= 'open' then
  return fail('WRONG_PHASE', 'voting is not open for this track', 'voting-not-open')
end
if redis.call('SISMEMBER', KEYS[5], voter) == 1 then
  return fail('FORBIDDEN', 'this voter code has been revoked', 'voter-revoked')
end
if redis.call('HEXISTS', KEYS[2], voter) == 1 then
  return fail('CONFLICT', 'this voter has already voted for this track', 'ballot-final')
end
local teams = cjson.decode(ARGV[3])
local at = tostring(now_ms())
redis.call('HSET', KEYS[2], voter, cjson.encode({ track = track, voter = voter, teams = teams, total = cjson.null, at = at,
  device = ARGV[4], address = ARGV[5], voided = cjson.null }))
for _, team in ipairs(teams) do redis.call('HINCRBY', KEYS[3], team, 1) end
redis.call('SADD', KEYS[4], voter)
return cjson.encode({ ok = true, at = at })
