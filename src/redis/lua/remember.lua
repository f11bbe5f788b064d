-- remember: adds a member to a set of things remembered until a time (remembered blocks,
-- challenges), publishes the change with the set's new version, and keeps the set bounded.
-- A member already remembered until later is left alone (and nothing is published).
--
-- KEYS[1]  the set (sorted set: member → until, ms since epoch)   KEYS[2]  its version (counter)
-- ARGV[1]  deadline (server ms; 0: none)   ARGV[2]  member   ARGV[3]  until
-- ARGV[4]  most members kept (the soonest to expire go first)   ARGV[5]  channel
-- ARGV[6]  message tag (b, c): the message is "<tag> <version> <until> <member>"
-- reply: {version (0: nothing changed; -1: stale), corrupt}
-- The set and its version expire with the set's latest member: TTL on every key.
local t = redis.call('TIME')
local server = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = tonumber(ARGV[1])
if deadline > 0 and server > deadline then return {-1, 0} end
local corrupt = 0
local untilMs = tonumber(ARGV[3])
local changed = redis.pcall('ZADD', KEYS[1], 'GT', 'CH', untilMs, ARGV[2])
if type(changed) == 'table' then
  corrupt = 1
  redis.call('DEL', KEYS[1])
  changed = redis.call('ZADD', KEYS[1], 'GT', 'CH', untilMs, ARGV[2])
end
if changed == 0 then return {0, corrupt} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', server)
local size = redis.call('ZCARD', KEYS[1])
local cap = tonumber(ARGV[4])
if size > cap then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - cap - 1) end
local raw = redis.pcall('INCR', KEYS[2])
if type(raw) == 'table' then
  corrupt = corrupt + 1
  redis.call('DEL', KEYS[2])
  raw = redis.call('INCR', KEYS[2])
end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local expireAt = math.max(untilMs, tonumber(last[2] or untilMs))
redis.call('PEXPIREAT', KEYS[1], expireAt)
redis.call('PEXPIREAT', KEYS[2], expireAt)
redis.call('PUBLISH', ARGV[5], ARGV[6] .. ' ' .. raw .. ' ' .. ARGV[3] .. ' ' .. ARGV[2])
return {raw, corrupt}
