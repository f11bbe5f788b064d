-- resolve: settles a spend whose reply never came (a client timeout: the command may have run, or
-- may still run), so that it counts exactly once whichever way the race went. Its replica has
-- already served the request from its fallback (which the reconcile ledger applies on its own):
-- the spend itself must come to nothing.
--
-- The spend's marker (see spend.lua) says what happened:
--   absent      it has not run: "v" is written first, so when it arrives it changes nothing; the
--               lease units it surrendered (`credit`) are given back to the buckets here
--   "a,<g>..."  it was applied: its cost and the lease it granted are refunded, its slots freed
--               (its credits are already back); "u" marks it undone
--   "r"         refused after writing its credits: nothing to undo
--   "v", "u"    resolved before (a retry of this script whose reply was lost): nothing to do
--
-- KEYS[1..N] the spend's buckets   KEYS[N+1..N+M] its slot sets   KEYS[N+M+1] its marker
-- ARGV[1] N   ARGV[2] M   ARGV[3] marker ttl (ms)   ARGV[4] now (ms, see spend.lua)
-- per bucket, 3 each: interval (ms per unit), charged (its cost, clamped to the burst), credit
-- per slot: the member it would have held
-- reply: 0 voided before it ran, 1 undone, 2 nothing to do
local n = tonumber(ARGV[1])
local m = tonumber(ARGV[2])
local marker = KEYS[n + m + 1]
local markerTtl = tonumber(ARGV[3])
local now = tonumber(ARGV[4])

-- A refund never moves a bucket below rested (src/limits/gcra.ts `adjust`); an absent bucket is.
local function refund(i, units)
  if units <= 0 then return end
  local tat = tonumber(redis.pcall('GET', KEYS[i]) or '')
  if tat == nil or tat ~= tat or tat < 0 then return end
  local interval = tonumber(ARGV[5 + (i - 1) * 3])
  local nxt = math.max(tat - units * interval, math.min(tat, now))
  local ttl = math.ceil(nxt - now)
  if ttl > 0 then
    redis.call('SET', KEYS[i], string.format('%.17g', nxt), 'PX', ttl)
  else
    redis.call('DEL', KEYS[i])
  end
end

local state = redis.call('GET', marker)
if not state then
  redis.call('SET', marker, 'v', 'PX', markerTtl)
  for i = 1, n do refund(i, tonumber(ARGV[5 + (i - 1) * 3 + 2])) end
  return 0
end
if string.sub(state, 1, 1) ~= 'a' then return 2 end
local i = 0
for granted in string.gmatch(state, ',(%d+)') do
  i = i + 1
  if i <= n then refund(i, tonumber(ARGV[5 + (i - 1) * 3 + 1]) + tonumber(granted)) end
end
for j = 1, m do redis.call('ZREM', KEYS[n + j], ARGV[5 + n * 3 + j - 1]) end
redis.call('SET', marker, 'u', 'PX', markerTtl)
return 1
