import { type KeyObject } from 'node:crypto';
import { type TokenSource } from '../request/token-lookup.js';
import { type ResolvedCookieOptions } from './auth-cookies.js';

/** How tokens travel: `tokenLookup`, `tokenQueryParameter`, `cookies` and `csrf`. */
export interface ResolvedTransport {
  lookup: TokenSource[];
  queryParameter: string;
  /** `null` unless `tokenLookup` lists `'cookie'`. */
  cookies: ResolvedCookieOptions | null;
  trustedOrigins: string[];
  /** Key of the CSRF tokens; `null` without cookies. */
  csrfKey: KeyObject | null;
}
