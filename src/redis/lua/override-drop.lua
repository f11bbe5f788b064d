-- override-drop: deletes the hashes of accounts override.lua dropped from the index past its cap
-- (it replies with their tags). Apart from override.lua because a script may touch only the keys
-- it declares (Redis Cluster, script caching), and which accounts are dropped is known only once
-- it ran. An account written again in between is back in the index: its hash is kept.
--
-- KEYS[1]      the index (sorted set: account tag → the latest until of its records)
-- KEYS[2..n]   the dropped accounts' hashes (same hash tag as the index: one slot)
-- ARGV[i]      the tag of KEYS[i + 1]
-- reply: the hashes deleted
local deleted = 0
for i = 2, #KEYS do
  local score = redis.pcall('ZSCORE', KEYS[1], ARGV[i - 1])
  -- An index of the wrong type (a hostile write) answers an error: delete nothing, the next
  -- override.lua call replaces it.
  if score == false then deleted = deleted + redis.call('DEL', KEYS[i]) end
end
return deleted
