-- key-change: creates or replaces one API key record, appends the change to the capped change log
-- and publishes it, so that every replica applies it within a second (the log lets a replica that
-- missed messages catch up without reloading every key).
--
-- KEYS[1]  the key hash (key id → record JSON: SHA-256 digest and fields, never a key)
-- KEYS[2]  the version (counter)   KEYS[3]  the change log (stream of {v, id})
-- ARGV[1]  key id   ARGV[2]  record JSON   ARGV[3]  create (refused if the id exists) | update
--          (refused unless it exists) | put   ARGV[4]  channel   ARGV[5]  log length kept
-- reply: the new version, or 0 when refused
-- API key records are configuration, not tracked state: they carry no TTL (bounded by the keys
-- issued; an expired key is refused by its expires_at).
local exists = redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1
if (ARGV[3] == 'create' and exists) or (ARGV[3] == 'update' and not exists) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local raw = redis.pcall('INCR', KEYS[2])
if type(raw) == 'table' then
  redis.call('DEL', KEYS[2])
  raw = redis.call('INCR', KEYS[2])
end
local ok = redis.pcall('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'v', raw, 'id', ARGV[1])
if type(ok) == 'table' then
  redis.call('DEL', KEYS[3])
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'v', raw, 'id', ARGV[1])
end
redis.call('PUBLISH', ARGV[4], 'k ' .. raw .. ' ' .. ARGV[1])
return raw
