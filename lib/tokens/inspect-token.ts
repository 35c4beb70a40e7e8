import { ACCESS_TOKEN_TYPE } from '../auth.constants.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';

const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The JOSE header fields we act on. */
export interface TokenHeader {
  alg?: unknown;
  typ?: unknown;
  crit?: unknown;
  [name: string]: unknown;
}

function malformed(message: string): AuthException {
  return new AuthException(AuthErrorCode.TokenMalformed, message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeObject(segment: string, part: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw malformed(`The access token ${part} is not JSON.`);
  }
  if (!isPlainObject(value)) throw malformed(`The access token ${part} is not a JSON object.`);
  return value;
}

function isAccessTokenType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const lower = typ.toLowerCase();
  return lower === ACCESS_TOKEN_TYPE || lower === `application/${ACCESS_TOKEN_TYPE}`;
}

/**
 * The checks jsonwebtoken does not make, done before any crypto: size, compact form, a JSON
 * object as header and as payload, the algorithm allow-list, `typ: at+jwt` (which also keeps other JWTs signed with the
 * same secret out) and no `crit` extensions, since we implement none (RFC 7515 section 4.1.11).
 */
export function inspectToken(token: string, algorithm: string, maxLength: number): TokenHeader {
  if (token.length > maxLength) {
    throw malformed(`The access token is longer than ${maxLength} characters.`);
  }
  const segments = token.split('.');
  if (segments.length !== 3 || !segments.every((segment) => BASE64URL_SEGMENT.test(segment))) {
    throw malformed('The access token must be three non-empty base64url segments joined by dots.');
  }
  const header = decodeObject(segments[0], 'header');
  // jsonwebtoken would pass a string, array or null payload on to its claim checks.
  decodeObject(segments[1], 'payload');
  if (header.alg !== algorithm) {
    throw new AuthException(AuthErrorCode.TokenInvalid, 'The token algorithm is not allowed.');
  }
  if (!isAccessTokenType(header.typ)) {
    throw new AuthException(AuthErrorCode.TokenInvalid, 'The token is not an access token.');
  }
  if (header.crit !== undefined) {
    throw new AuthException(
      AuthErrorCode.TokenInvalid,
      'The token has unsupported critical headers.',
    );
  }
  return header;
}
