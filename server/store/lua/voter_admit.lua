-- Admits a voter's phone in one step (one round trip, at most one write): the code's voter (looked up by the code's
-- hash, or given: a device voting alone), refused when revoked or bound to another device; bound to this device when it
-- is the first. Every device a code is presented from is kept for the fraud report. A phone coming back to a code
-- already bound to it writes nothing.
-- KEYS: voter_codes, voter_device, voter_address, revoked
-- ARGV: key prefix of the event, code hash ('' when voting by device alone), voter id (by device alone), device, address
local prefix, hash, voter, device, address = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if hash ~= '' then
  voter = redis.call('HGET', KEYS[1], hash)
  if not voter then return cjson.encode({ ok = false, why = 'UNKNOWN' }) end
end
local bound = redis.call('HGET', KEYS[2], voter)
if bound ~= device then redis.call('SADD', prefix .. 'voter-devices:' .. voter, device) end
if redis.call('SISMEMBER', KEYS[4], voter) == 1 then return cjson.encode({ ok = false, why = 'REVOKED' }) end
if bound and bound ~= device then return cjson.encode({ ok = false, why = 'OTHER_DEVICE' }) end
if not bound then
  redis.call('HSET', KEYS[2], voter, device)
  redis.call('HSETNX', KEYS[3], voter, address)
end
return cjson.encode({ ok = true, voterId = voter })
