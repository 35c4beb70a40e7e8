/** What happened; the names apps subscribe to (e.g. with `@nestjs/event-emitter`). */
export type AuthEventName =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.refresh'
  | 'auth.refresh_reused'
  | 'auth.logout'
  | 'auth.session_revoked';

/** Where a request came from, as far as the auth routes know. */
export interface RequestContext {
  ip?: string;
  userAgent?: string;
}

/** One entry of an audit trail. */
export interface AuthEvent extends RequestContext {
  name: AuthEventName;
  at: Date;
  /** The user; absent for a failed login, unless its password was right (a wrong second factor). */
  sub?: string;
  /** The session concerned. */
  sid?: string;
  /** The username a failed login tried. */
  username?: string;
  /** The tenant it happened at (option `tenants`). */
  tenant?: string;
}
