/**
 * KEYS[1] the challenge hash (`record`, `attempts`); ARGV[1] the most attempts. Counts one
 * attempt and returns the record, or nil when the challenge is gone or used up (then deleted).
 */
export const ATTEMPT_CHALLENGE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts > tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return false
end
return redis.call('HGET', KEYS[1], 'record')
`;

/**
 * KEYS[1] the user's last spent TOTP step; ARGV[1] the step, ARGV[2] seconds to keep it. Records
 * the step unless it is not after the one recorded: 1 when recorded, else 0.
 */
export const SPEND_STEP = `
local last = redis.call('GET', KEYS[1])
if last and tonumber(ARGV[1]) <= tonumber(last) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
`;
