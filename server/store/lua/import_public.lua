-- Replaces a track's imported public vote counts (from an outside platform: a WeChat poll, say) with the given ones and
-- appends the audit entry (before, after, the reason) in the same step. The caller has checked the teams and the counts.
-- KEYS: imported counts, audit, audit_head
-- ARGV: track, counts JSON {team: count}, actor, role, reason
local counts_key, audit_key, head_key = KEYS[1], KEYS[2], KEYS[3]
local track, counts_json, actor, role, reason = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

if reason == '' then return fail('REASON_REQUIRED', 'an import of public counts needs a reason', 'import-needs-reason') end
local before = {}
local flat = redis.call('HGETALL', counts_key)
for i = 1, #flat, 2 do before[flat[i]] = tonumber(flat[i + 1]) end
local counts = cjson.decode(counts_json)
redis.call('DEL', counts_key)
for team, count in pairs(counts) do redis.call('HSET', counts_key, team, count) end
local audit_id = audit(audit_key, head_key, now_ms(), { actor = actor, role = role, action = 'public.import',
  team = '', before = cjson.encode({ track = track, counts = before }), after = cjson.encode({ track = track, counts = counts }),
  reason = reason })
return cjson.encode({ ok = true, auditId = audit_id })
