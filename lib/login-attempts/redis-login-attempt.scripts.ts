/**
 * Lua scripts of the Redis login-attempt store. Every key they touch carries the
 * `{login-attempts}` hash tag, so one script may touch several on Redis Cluster.
 */

/**
 * KEYS: the counters. ARGV[1]: window seconds; ARGV[1 + i]: the limit of KEYS[i].
 * When every counter is below its limit, counts one attempt under each (the window starts with
 * a counter's first attempt) and returns 0; otherwise counts nothing and returns the
 * milliseconds until the last full counter's window ends.
 */
export const RESERVE_ATTEMPT = `
local wait = 0
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
    wait = math.max(wait, redis.call('PTTL', key))
  end
end
if wait > 0 then
  return wait
end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then
    redis.call('EXPIRE', key, ARGV[1])
  end
end
return 0
`;

/**
 * KEYS: the counters to forget, then those to give one attempt back to. ARGV[1]: how many to
 * forget. A counter given back its last attempt is deleted; a missing one is not created.
 */
export const RELEASE_ATTEMPT = `
local forget = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if i <= forget or tonumber(redis.call('GET', key) or '0') <= 1 then
    redis.call('DEL', key)
  else
    redis.call('DECR', key)
  end
end
return 0
`;
