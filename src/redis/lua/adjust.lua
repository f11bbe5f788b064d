-- adjust: settles one bucket by `delta` units — a refund when negative (never below a rested
-- bucket: src/limits/gcra.ts `adjust`), an overage or a reconciled fallback spend when positive.
--
-- Every call names its operation (KEYS[2], SET NX): a call whose reply was lost is sent again by
-- the reconcile ledger under the same id, and whichever of the two runs second changes nothing.
--
-- KEYS[1]  the bucket    KEYS[2]  (optional) a marker that makes the adjustment idempotent
-- ARGV[1]  deadline (server ms; 0: none): later, the command changes nothing (see spend.lua)
-- ARGV[2]  now (ms): the server's clock as the caller estimates it (see spend.lua)
-- ARGV[3]  interval (ms per unit)   ARGV[4]  delta
-- ARGV[5]  1: an absent bucket counts as rested and a positive delta creates it (reconciliation)
-- ARGV[6]  marker ttl (ms)
-- reply: 1 applied, 0 nothing to do (absent bucket, or the marker says it was applied), -1 stale
local t = redis.call('TIME')
local server = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = tonumber(ARGV[1])
if deadline > 0 and server > deadline then return -1 end
if KEYS[2] and not redis.call('SET', KEYS[2], '1', 'NX', 'PX', tonumber(ARGV[6])) then return 0 end
local now = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local delta = tonumber(ARGV[4])
local raw = redis.pcall('GET', KEYS[1])
local tat = nil
if type(raw) == 'string' then tat = tonumber(raw) end
if tat == nil or tat ~= tat or tat < 0 then
  if ARGV[5] ~= '1' or delta <= 0 then return 0 end
  tat = now
end
local nxt = tat + delta * interval
if delta < 0 then nxt = math.max(nxt, math.min(tat, now)) end
local ttl = math.ceil(nxt - now)
if ttl > 0 then
  redis.call('SET', KEYS[1], string.format('%.17g', nxt), 'PX', ttl)
else
  redis.call('DEL', KEYS[1])
end
return 1
