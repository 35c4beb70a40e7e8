import type { AccessTokenClaims } from '../../lib/interfaces/access-token-claims.interface.js';

/** The claims inside an access token (read without verifying). */
export const claimsOf = (accessToken: string): AccessTokenClaims =>
  JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as AccessTokenClaims;

/** The session id inside an access token (read without verifying). */
export const sidOf = (accessToken: string): string => claimsOf(accessToken).sid!;
