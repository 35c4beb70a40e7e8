/**
 * A scope token of RFC 6749 §3.3: printable ASCII but space, `"` and `\`. Nothing else can be
 * written in a space-delimited `scope` claim, nor quoted in a `WWW-Authenticate` challenge.
 */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function isScopeToken(value: unknown): value is string {
  return typeof value === 'string' && SCOPE_TOKEN.test(value);
}

/**
 * The scopes of a `scope` claim (RFC 9068 §2.2.3): its space-delimited entries, each matched as a
 * whole, so `orders:read-all` never grants `orders:read`. Runs of spaces are forgiven.
 */
export function scopesOfClaim(scope: string): string[] {
  return scope.split(' ').filter((entry) => entry !== '');
}

/**
 * `scopes` as the app gave them (from `validateCredentials` or `refreshIdentity`), checked: the
 * list of scope tokens, or an Error naming the first bad entry. A bad scope is the app's bug; a
 * token must not go out with a scope silently dropped or mangled.
 */
export function checkedScopes(scopes: unknown): string[] {
  if (!Array.isArray(scopes)) {
    throw new Error(
      `nest-jwt-auth: a user's scopes must be a list of strings; got ${typeof scopes}.`,
    );
  }
  const bad = scopes.findIndex((scope) => !isScopeToken(scope));
  if (bad !== -1) {
    throw new Error(
      `nest-jwt-auth: a user's scopes[${bad}] is ${JSON.stringify(scopes[bad]) ?? String(scopes[bad])}: each scope must be a non-empty string of printable ASCII without spaces, '"' or '\\' (RFC 6749 §3.3).`,
    );
  }
  return scopes as string[];
}
