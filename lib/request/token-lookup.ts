import { parse } from 'cookie';
import { extractBearerToken } from './bearer-token.extractor.js';
import { headerOf, type HttpRequest } from './http-request.js';

/** Where an access token may come from, tried in the configured order. */
export type TokenSource = 'header' | 'cookie' | 'query';

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
 * The access token of `request` from the first source of `lookup` that has one: the
 * `Authorization: Bearer` header, the access-token cookie, or (only when enabled) a query
 * parameter. `null` when none has.
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
          : request.query?.[names.query];
    if (typeof token === 'string' && token !== '') return { token, source };
  }
  return null;
}
