-- Appends one audit entry that goes with no other write (an event's configuration saved, for one), chained like the rest.
-- KEYS: audit, audit_head
-- ARGV: actor, role, action, room, team, judge, before, after, reason
local audit_id = audit(KEYS[1], KEYS[2], now_ms(), { actor = ARGV[1], role = ARGV[2], action = ARGV[3], room = ARGV[4],
  team = ARGV[5], judge = ARGV[6], before = ARGV[7], after = ARGV[8], reason = ARGV[9] })
return cjson.encode({ ok = true, auditId = audit_id })
