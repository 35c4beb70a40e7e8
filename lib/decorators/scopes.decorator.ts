import { SetMetadata } from '@nestjs/common';
import { SCOPES_KEY } from '../auth.constants.js';
import { isScopeToken } from '../tokens/scope-claim.js';

/**
 * Requires the token to grant every one of `scopes` (its `scope` claim, RFC 9068 §2.2.3); others
 * get 403 `insufficient_scope` with an RFC 6750 challenge naming them. Enforced by
 * {@link JwtAuthGuard} (and by {@link RolesGuard} behind another guard), after `@Roles()`. A
 * method's `@Scopes()` replaces its controller's. Each scope is a scope token of RFC 6749 §3.3
 * (printable ASCII without space, `"` or `\`): anything else throws when the class is declared.
 *
 * @example
 * ```ts
 * @Scopes('orders:read', 'orders:write')
 * @Post('orders')
 * create() { ... }
 * ```
 */
export function Scopes(...scopes: string[]) {
  const bad = scopes.find((scope) => !isScopeToken(scope));
  if (bad !== undefined) {
    throw new Error(
      `nest-jwt-auth: @Scopes(${JSON.stringify(bad)}): a scope is a non-empty string of printable ASCII without spaces, '"' or '\\' (RFC 6749 §3.3).`,
    );
  }
  return SetMetadata(SCOPES_KEY, Object.freeze([...scopes]));
}
