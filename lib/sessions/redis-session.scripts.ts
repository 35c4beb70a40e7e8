/**
 * Lua scripts of the Redis session store. Each touches only keys of one user (`{sub}` hash tag),
 * so they stay legal on Redis Cluster. Times are epoch milliseconds.
 */

/** KEYS: session, user set. ARGV: sid, expiresAt, now, then field/value pairs of the hash. */
export const CREATE_SESSION = `
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
return 1
`;

/**
 * Check-and-rotate in one step. KEYS: session, its used-hash set, user set.
 * ARGV: presented hash, next hash, now, grace ms, new expiresAt, successor, sid.
 * Returns { status } or { 'grace', successor }.
 */
export const ROTATE_SESSION = `
local current = redis.call('HMGET', KEYS[1], 'rt', 'prev', 'rotatedAt', 'successor')
if not current[1] then
  return { 'invalid' }
end
if current[1] == ARGV[1] then
  redis.call('HSET', KEYS[1], 'rt', ARGV[2], 'prev', ARGV[1], 'rotatedAt', ARGV[3],
    'successor', ARGV[6], 'lastRefreshedAt', ARGV[3], 'expiresAt', ARGV[5])
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('PEXPIREAT', KEYS[1], ARGV[5])
  redis.call('PEXPIREAT', KEYS[2], ARGV[5])
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[7])
  local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[3], last[2])
  return { 'rotated' }
end
if current[2] == ARGV[1] and tonumber(ARGV[4]) > 0
    and tonumber(ARGV[3]) - tonumber(current[3]) < tonumber(ARGV[4]) then
  return { 'grace', current[4] }
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('ZREM', KEYS[3], ARGV[7])
  return { 'reused' }
end
return { 'invalid' }
`;

/**
 * KEYS: user set, then a session key and its used-set key per sid. ARGV: the sids.
 * Returns how many of the sessions existed.
 */
export const DELETE_SESSIONS = `
local deleted = 0
for i, sid in ipairs(ARGV) do
  deleted = deleted + redis.call('DEL', KEYS[i * 2])
  redis.call('DEL', KEYS[i * 2 + 1])
  redis.call('ZREM', KEYS[1], sid)
end
return deleted
`;

/** KEYS: session. ARGV: data JSON. Sets the data only on a live session. */
export const SET_SESSION_DATA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'data', ARGV[1])
return 1
`;
