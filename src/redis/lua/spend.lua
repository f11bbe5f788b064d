-- spend: the admission of one request against its limits, all or nothing, in one round trip.
-- GCRA over N buckets (the same arithmetic as src/limits/gcra.ts), then M concurrent-stream slots;
-- no cost is spent unless every bucket has it and every slot set has room. An allowed bucket may
-- also grant a lease: `share` of what it has left after the cost, spent here at once and handed
-- to the calling replica, which admits its next requests from it without a round trip. A replica
-- whose lease could not cover the request surrenders what is left of it (`credit`): credited
-- back first, whatever the outcome, so units never strand on one replica.
--
-- Time (`now`) is the server's clock as the calling replica estimates it (its monotonic clock
-- plus an offset measured against TIME): every replica judges a bucket on one clock, and a step
-- of a replica's wall clock (NTP) moves nothing. It comes from the caller rather than from TIME
-- so that one replica's calls see time move forward only, and tests can pass time forward.
--
-- Exactly once (the operation id): every call carries a marker key of its own (KEYS[N+M+1]).
-- What the call did is written there (SET PX): "a,<granted>..." applied, "r" refused after
-- writing credits. A call whose reply is lost (a client timeout) is resolved later by its replica
-- with resolve.lua, which undoes an applied call or — marker absent — writes "v" first: a call
-- that finds its marker already written was given up and changes nothing.
--
-- KEYS[1..N]      buckets: a string holding the TAT (ms, "%.17g"), TTL = until rested
-- KEYS[N+1..N+M]  slot sets: a sorted set, member = one held slot, score = its expiry (server ms)
-- KEYS[N+M+1]     the operation's marker
-- ARGV[1]  deadline (server ms): a command arriving later was given up by its caller and must
--          change nothing (0: no deadline) — a command delayed past it (SIGSTOP) is never applied
-- ARGV[2]  now (ms): the server's clock as the caller estimates it
-- ARGV[3]  N    ARGV[4]  M    ARGV[5]  slot ttl (ms)    ARGV[6]  marker ttl (ms)
-- per bucket, 5 each: interval (ms per unit), burst (units), cost (units), share (0..0.5), credit
-- per slot, 3 each: max, hold (1: take one; 0: only check), member
-- reply: {status, index, wait ms, corrupt, then per bucket: remaining, reset ms, granted}
--   status 1 allowed, 0 refused (index 0-based; >= N names a slot set), -1 stale or given up
-- A value that is not a number (or a key of the wrong type) counts as corrupt and is treated as
-- absent: a hostile write can at most give a bucket back its burst, never wedge it.
local t = redis.call('TIME')
local server = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = tonumber(ARGV[1])
if deadline > 0 and server > deadline then return {-1, -1, 0, 0} end
local n = tonumber(ARGV[3])
local m = tonumber(ARGV[4])
local marker = KEYS[n + m + 1]
if redis.call('EXISTS', marker) == 1 then return {-1, -1, 0, 0} end
local now = tonumber(ARGV[2])
local slotTtl = tonumber(ARGV[5])
local markerTtl = tonumber(ARGV[6])
local corrupt = 0
local tats = {}
local credited = false

local function store(i, tat)
  local ttl = math.ceil(tat - now)
  if ttl > 0 then
    redis.call('SET', KEYS[i], string.format('%.17g', tat), 'PX', ttl)
  else
    redis.call('DEL', KEYS[i])
  end
end

-- Refused: only the surrendered credits are written (and the marker says so).
local function refuse(index, wait)
  if credited then
    for i = 1, n do
      if tonumber(ARGV[7 + (i - 1) * 5 + 4]) > 0 then store(i, tats[i]) end
    end
    redis.call('SET', marker, 'r', 'PX', markerTtl)
  end
  return {0, index, wait, corrupt}
end

for i = 1, n do
  local a = 7 + (i - 1) * 5
  local interval = tonumber(ARGV[a])
  local credit = tonumber(ARGV[a + 4])
  local tat = 0
  local raw = redis.pcall('GET', KEYS[i])
  if type(raw) == 'string' then
    local value = tonumber(raw)
    local tolerance = tonumber(ARGV[a + 1]) * interval
    if value == nil or value ~= value or value < 0 or value > now + 1000 * tolerance + 86400000 then
      corrupt = corrupt + 1
    else
      tat = value
    end
  elseif type(raw) == 'table' then
    corrupt = corrupt + 1
  end
  if credit > 0 then
    tat = math.max(tat - credit * interval, math.min(tat, now))
    credited = true
  end
  tats[i] = tat
end

local reply = {1, -1, 0, 0}
local spent = {}
local applied = 'a'
for i = 1, n do
  local a = 7 + (i - 1) * 5
  local interval = tonumber(ARGV[a])
  local burst = tonumber(ARGV[a + 1])
  local tolerance = burst * interval
  local nxt = math.max(tats[i], now) + math.min(tonumber(ARGV[a + 2]), burst) * interval
  local ahead = nxt - now
  if ahead > tolerance + 1e-9 then return refuse(i - 1, math.ceil(ahead - tolerance)) end
  local remaining = math.floor((tolerance - ahead) / interval + 1e-9)
  local granted = math.floor(remaining * tonumber(ARGV[a + 3]))
  spent[i] = nxt + granted * interval
  applied = applied .. ',' .. granted
  -- What is left and the rest time count the granted units as still available (to the caller).
  reply[2 + i * 3] = remaining - granted
  reply[3 + i * 3] = math.ceil(ahead)
  reply[4 + i * 3] = granted
end
for j = 1, m do
  local key = KEYS[n + j]
  local a = 7 + n * 5 + (j - 1) * 3
  local trimmed = redis.pcall('ZREMRANGEBYSCORE', key, '-inf', server)
  if type(trimmed) == 'table' then
    corrupt = corrupt + 1
    redis.call('DEL', key)
  end
  if redis.call('ZCARD', key) >= tonumber(ARGV[a]) then return refuse(n + j - 1, 1000) end
end
for i = 1, n do store(i, spent[i]) end
for j = 1, m do
  local a = 7 + n * 5 + (j - 1) * 3
  if ARGV[a + 1] == '1' then
    redis.call('ZADD', KEYS[n + j], server + slotTtl, ARGV[a + 2])
    redis.call('PEXPIRE', KEYS[n + j], slotTtl)
  end
end
redis.call('SET', marker, applied, 'PX', markerTtl)
reply[4] = corrupt
return reply
