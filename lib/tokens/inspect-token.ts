import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { isCanonicalBase64url } from './canonical-base64url.js';

const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The JOSE header fields we act on. */
export interface TokenHeader {
  alg?: unknown;
  kid?: unknown;
  typ?: unknown;
  crit?: unknown;
  [name: string]: unknown;
}

/** A compact JWS taken apart, not yet verified. */
export interface InspectedToken {
  header: TokenHeader;
  payload: Record<string, unknown>;
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

/**
 * The checks jsonwebtoken does not make, done before any crypto: size, compact form, canonical
 * base64url without padding in every segment (so each token has exactly one accepted spelling,
 * RFC 7515 section 2 and RFC 4648 section 3.5), a JSON object as header and as payload
 * (jsonwebtoken would pass a string, array or null payload on to its claim checks), and no `crit`
 * extensions, since we implement none (RFC 7515 section 4.1.11).
 */
export function inspectToken(token: string, maxLength: number): InspectedToken {
  if (token.length > maxLength) {
    throw malformed(`The access token is longer than ${maxLength} characters.`);
  }
  const segments = token.split('.');
  if (segments.length !== 3 || !segments.every((segment) => BASE64URL_SEGMENT.test(segment))) {
    throw malformed('The access token must be three non-empty base64url segments joined by dots.');
  }
  if (!segments.every(isCanonicalBase64url)) {
    throw malformed('The access token has a segment that is not canonical base64url.');
  }
  const header = decodeObject(segments[0], 'header');
  const payload = decodeObject(segments[1], 'payload');
  if (header.crit !== undefined) {
    throw new AuthException(
      AuthErrorCode.TokenInvalid,
      'The token has unsupported critical headers.',
    );
  }
  return { header, payload };
}
