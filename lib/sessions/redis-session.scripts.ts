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
 * What a presented hash is to the session (KEYS[1], its spent hashes KEYS[2]): 'current',
 * 'grace' (with the successor), 'reused' or 'invalid'. Reuse freezes the session: every token of
 * it is 'reused' from then on, until the caller has denylisted and deleted it. Both lookups run
 * whatever the answer, so a missing session costs what a wrong token of a live one costs.
 */
const JUDGE = `
local function judge(presented, now, graceMs)
  local state = redis.call('HMGET', KEYS[1], 'rt', 'prev', 'rotatedAt', 'successor', 'reused')
  local used = redis.call('ZSCORE', KEYS[2], presented) ~= false
  if not state[1] then
    return 'invalid'
  end
  if not state[5] then
    if state[1] == presented then
      return 'current'
    end
    if state[2] == presented and graceMs > 0 and now - tonumber(state[3]) < graceMs then
      return 'grace', state[4]
    end
  end
  if state[1] == presented or used then
    redis.call('HSET', KEYS[1], 'reused', '1')
    return 'reused'
  end
  return 'invalid'
end
`;

/**
 * Judges a presented token without rotating it. KEYS: session, its spent hashes.
 * ARGV: presented hash, now, grace ms. Returns { status } or { status, successor, hash fields }.
 */
export const CHECK_SESSION = `${JUDGE}
local status, successor = judge(ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
if status == 'invalid' then
  return { status }
end
return { status, successor or '', redis.call('HGETALL', KEYS[1]) }
`;

/**
 * Check-and-rotate in one step. KEYS: session, its spent hashes (a sorted set by rotation time),
 * user set. A full history answers 'exhausted' and changes nothing.
 * ARGV: presented hash, next hash, now, grace ms, new expiresAt, successor, sid, the new
 * identity JSON or '', the history limit.
 * Returns { status } or { 'grace', successor }.
 */
export const ROTATE_SESSION = `${JUDGE}
local status, successor = judge(ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4]))
if status ~= 'current' then
  return { status, successor or '' }
end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[9]) then
  return { 'exhausted' }
end
redis.call('HSET', KEYS[1], 'rt', ARGV[2], 'prev', ARGV[1], 'rotatedAt', ARGV[3],
  'successor', ARGV[6], 'lastRefreshedAt', ARGV[3], 'expiresAt', ARGV[5])
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[1], 'identity', ARGV[8])
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
redis.call('PEXPIREAT', KEYS[2], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[7])
local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[3], last[2])
return { 'rotated' }
`;

/** KEYS: user set, then a session key and its spent-hashes key per sid. ARGV: the sids. */
export const DELETE_SESSIONS = `
for i, sid in ipairs(ARGV) do
  redis.call('DEL', KEYS[i * 2], KEYS[i * 2 + 1])
  redis.call('ZREM', KEYS[1], sid)
end
return 1
`;

/** KEYS: session. ARGV: data JSON. Sets the data only on a live session. */
export const SET_SESSION_DATA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'data', ARGV[1])
return 1
`;
