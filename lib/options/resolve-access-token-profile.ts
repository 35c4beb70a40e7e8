import { type AuthModuleOptions } from '../options/auth-module-options.interface.js';
import { AuthConfigError } from '../errors/auth-config-error.js';
import { type ResolvedAuthOptions } from './resolved-auth-options.js';

/** Falls back to this when neither `audience` nor `issuer` names the app. */
const DEFAULT_CLIENT_ID = 'nest-jwt-auth';

/** The RFC 9068 (JWT profile of OAuth 2.0 access tokens) options: `clientId` and strict `typ`. */
export function resolveAccessTokenProfile(
  options: AuthModuleOptions,
): Pick<ResolvedAuthOptions, 'clientId' | 'requireAccessTokenType'> {
  const { clientId, requireAccessTokenType = false } = options;
  if (clientId !== undefined && (typeof clientId !== 'string' || clientId === '')) {
    throw new AuthConfigError(
      'clientId must be a non-empty string.',
      'Remove it or set it to a string.',
    );
  }
  if (typeof requireAccessTokenType !== 'boolean') {
    throw new AuthConfigError(
      'requireAccessTokenType must be true or false.',
      'Remove it or pass a boolean.',
    );
  }
  return {
    clientId: clientId ?? options.audience ?? options.issuer ?? DEFAULT_CLIENT_ID,
    requireAccessTokenType,
  };
}
