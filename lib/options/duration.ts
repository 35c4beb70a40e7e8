import { type Duration } from './auth-module-options.interface.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const DURATION_PATTERN = /^(\d+)\s*([smhd])?$/;

/**
 * Converts `900`, `'900'`, `'15m'`, `'12h'` or `'7d'` to whole seconds; `undefined` for anything
 * else, so the caller can name the offending option.
 */
export function toSeconds(value: Duration): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value > 0 ? value : undefined;
  }
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] ?? 's'];
  return seconds > 0 ? seconds : undefined;
}
