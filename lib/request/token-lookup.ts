import { parse } from 'cookie';
import { extractBearerToken } from './bearer-token.extractor.js';
import { headerOf, type HttpRequest } from './http-request.js';

/** Where an access token (or an API key) may come from, tried in the configured order. */
export type TokenSource = 'header' | 'cookie' | 'query' | 'apiKey';

export interface FoundToken {
  token: string;
  source: TokenSource;
}

/** The request's cookies; an unparsable header counts as none. */
export function cookiesOf(request: HttpRequest): Record<string, string | undefined> {
  const header = headerOf(request, 'cookie');
  return header ? parse(header) : {};
}

/**
 * The API key of `request`: the `X-API-Key` header, else `Authorization: ApiKey <key>` (the
 * scheme case-insensitive, as RFC 7235 has it). Like the Bearer token, the whole rest is the key:
 * extra text makes it malformed instead of being dropped.
 */
export function findApiKey(request: HttpRequest): string | undefined {
  const header = headerOf(request, 'x-api-key')?.trim();
  if (header) return header;
  const authorization = headerOf(request, 'authorization')?.trim();
  if (authorization?.slice(0, 7).toLowerCase() !== 'apikey ') return undefined;
  return authorization.slice(7).trim() || undefined;
}

/**
 * The access token of `request` from the first source of `lookup` that has one: the
 * `Authorization: Bearer` header, the access-token cookie, (only when enabled) a query
 * parameter, or an API key. `null` when none has.
 */
export function findAccessToken(
  request: HttpRequest,
  lookup: readonly TokenSource[],
  names: { cookie: string; query: string },
): FoundToken | null {
  for (const source of lookup) {
    const token =
      source === 'header'
        ? extractBearerToken(request as { headers: Record<string, unknown> })
        : source === 'cookie'
          ? cookiesOf(request)[names.cookie]
          : source === 'query'
            ? request.query?.[names.query]
            : findApiKey(request);
    if (typeof token === 'string' && token !== '') return { token, source };
  }
  return null;
}
