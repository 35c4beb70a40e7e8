/**
 * Lua scripts of the Redis API-key store. Each touches only keys of one user (`{sub}` hash tag),
 * so they stay legal on Redis Cluster. Times are epoch milliseconds of the module's clock; TTLs
 * are relative, so that Redis counts them in real time.
 */

/**
 * Cap check and creation in one step. KEYS: the user's index (sorted set of ids by expiry, `inf`
 * for none), the key's hash. ARGV: id, now, expiresAt or 'inf', ttl ms (0: none), the cap, then
 * the hash's field/value pairs. Returns 1, or 0 when the user holds the cap already.
 */
export const CREATE_API_KEY = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then
  return 0
end
redis.call('HSET', KEYS[2], unpack(ARGV, 6))
if tonumber(ARGV[4]) > 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] == 'inf' then
  redis.call('PERSIST', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(last[2]) - tonumber(ARGV[2])))
end
return 1
`;

/** KEYS: the key's hash. ARGV: the time of use. Never recreates a deleted key. */
export const TOUCH_API_KEY = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1])
end
return 1
`;

/** KEYS: the owner key of an id. ARGV: the user. Deletes it only if it is that user's. */
export const DELETE_API_KEY_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
