/** The documented 401 codes (docs/errors.md) of a missing, malformed, bad or revoked access token. */
export const ACCESS_TOKEN_CODES = [
  'token_missing',
  'token_malformed',
  'token_invalid',
  'token_expired',
  'token_not_active',
  'token_revoked',
];
