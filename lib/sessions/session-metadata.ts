import { type SessionMetadata } from './session.interface.js';

const MAX_VALUE_LENGTH = 512;
const MAX_ENTRIES = 16;

/**
 * Runs the app's `sessionMetadata` option and keeps only what fits: string values, cut to 512
 * characters, 16 entries at most. Metadata comes from request headers, which a client controls.
 */
export function sessionMetadataOf(
  extract: ((request: unknown) => SessionMetadata | undefined) | undefined,
  request: unknown,
): SessionMetadata | undefined {
  const raw = extract?.(request);
  if (!raw || typeof raw !== 'object') return undefined;
  const entries = Object.entries(raw)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .slice(0, MAX_ENTRIES)
    .map(([key, value]) => [key, value.slice(0, MAX_VALUE_LENGTH)]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
