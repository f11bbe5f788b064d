-- override: writes one runtime entry of an account — its override or its labels, or the tombstone
-- of one removed — when it is newer than what Redis holds (last writer wins by the record's rev),
-- keeps the account in the index, bumps the version and publishes the change; every replica then
-- re-reads the account. A replica writing back what it knows (after an outage, or to a Redis that
-- restarted empty) cannot resurrect a removed entry: the tombstone's rev is newer.
--
-- KEYS[1]  the account's hash (field override | labels → record "<rev> <until> <json>")
-- KEYS[2]  the index (sorted set: account tag → the latest until of its records)
-- KEYS[3]  the version (counter)
-- ARGV[1]  deadline (server ms; 0: none)   ARGV[2]  field (override | labels)   ARGV[3]  record
-- ARGV[4]  the account's tag (KEYS[1] = the prefix of every account hash .. tag)
-- ARGV[5]  most accounts kept (the soonest to expire go first)   ARGV[6]  channel
-- reply: {version (0: Redis holds a record as new or newer, or this one has expired: nothing
--         changed; -1: stale), corrupt, the tags of the accounts dropped from the index...}
-- Every key it touches is one of its KEYS (Redis Cluster and script caching require it): the
-- hashes of accounts dropped past the cap are left to override-drop.lua.
-- A version counter that is created starts at the server's time in ms: a version lost with a
-- restart or an expiry never comes back as a number a replica saw, so every replica notices and
-- re-reads (and writes back what Redis lost).
-- TTL on every key: a hash lives until its later record's until; the index and the version until
-- the latest of all.
local t = redis.call('TIME')
local server = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = tonumber(ARGV[1])
if deadline > 0 and server > deadline then return {-1, 0} end
local function stamps(record)
  local rev, untilMs = string.match(record, '^(%d+) (%d+) ')
  return tonumber(rev), tonumber(untilMs)
end
local rev, untilMs = stamps(ARGV[3])
if rev == nil or untilMs <= server then return {0, 0} end
local corrupt = 0
local old = redis.pcall('HGET', KEYS[1], ARGV[2])
if type(old) == 'table' then
  corrupt = 1
  redis.call('DEL', KEYS[1])
  old = false
end
if old then
  local oldRev = stamps(old)
  if oldRev == nil then
    corrupt = corrupt + 1
  elseif oldRev >= rev then
    return {0, corrupt}
  end
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
local latest = untilMs
for _, record in ipairs(redis.call('HVALS', KEYS[1])) do
  local _, other = stamps(record)
  if other ~= nil and other > latest then latest = other end
end
redis.call('PEXPIREAT', KEYS[1], latest)
local added = redis.pcall('ZADD', KEYS[2], latest, ARGV[4])
if type(added) == 'table' then
  corrupt = corrupt + 1
  redis.call('DEL', KEYS[2])
  redis.call('ZADD', KEYS[2], latest, ARGV[4])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', server)
local size = redis.call('ZCARD', KEYS[2])
local cap = tonumber(ARGV[5])
-- Accounts past the cap leave the index here; their hashes are not keys this call declared, so
-- they are deleted by override-drop.lua, which the caller sends with them in its KEYS.
local dropped = {}
if size > cap then
  dropped = redis.call('ZRANGE', KEYS[2], 0, size - cap - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, size - cap - 1)
end
local version = redis.pcall('GET', KEYS[3])
if type(version) == 'table' or (version and not string.match(version, '^%d+$')) then
  corrupt = corrupt + 1
  redis.call('DEL', KEYS[3])
  version = false
end
if not version then redis.call('SET', KEYS[3], server) end
local raw = redis.call('INCR', KEYS[3])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
local expireAt = math.max(latest, tonumber(last[2] or latest))
redis.call('PEXPIREAT', KEYS[2], expireAt)
redis.call('PEXPIREAT', KEYS[3], expireAt)
redis.call('PUBLISH', ARGV[6], 'o ' .. raw .. ' ' .. ARGV[4])
local reply = {raw, corrupt}
for _, tag in ipairs(dropped) do reply[#reply + 1] = tag end
return reply
