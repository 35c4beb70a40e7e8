/** The lifetimes a denial is sized from (seconds), as the resolved options hold them. */
export interface DenialLifetimes {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  sessionMaxLifetime: number;
  clockToleranceSeconds: number;
}

/**
 * Added to every denial: a refresh already past its checks when the session ends signs its token
 * a moment after the denial was written, and `exp` and `iat` are whole seconds.
 */
export const DENIAL_MARGIN_SECONDS = 2;

/**
 * Seconds a session's denial must last for no instance to accept any of its access tokens.
 *
 * The newest token of the session was signed about now, so by its issuer's clock it expires
 * `accessTokenTtl` from now. An instance accepts it until its own clock reads `exp` plus the
 * tolerance T, and that clock may lag the issuer's by up to T (the tolerance is the skew the
 * instances are allowed): so for up to `accessTokenTtl + 2T` of real time. A denial lives in
 * real time (Redis counts a TTL down, it does not compare clocks), which makes this bound hold
 * whichever instance writes it. Tokens never outlive their session (`exp` is capped), so a
 * session that has ended by expiry has no token left to deny.
 */
export function sessionDenialTtl(lifetimes: DenialLifetimes): number {
  return lifetimes.accessTokenTtl + 2 * lifetimes.clockToleranceSeconds + DENIAL_MARGIN_SECONDS;
}

/**
 * Seconds a session's denial lasts while its record may still exist: the denial is written
 * before the record is deleted, and if that delete fails the record must stay unrefreshable for
 * as long as its refresh token could live (refresh refuses a denied session). Shortened to
 * {@link sessionDenialTtl} once the record is gone.
 */
export function endingSessionDenialTtl(lifetimes: DenialLifetimes): number {
  const { accessTokenTtl, refreshTokenTtl, sessionMaxLifetime } = lifetimes;
  const longest = Math.max(accessTokenTtl, Math.min(refreshTokenTtl, sessionMaxLifetime));
  return sessionDenialTtl({ ...lifetimes, accessTokenTtl: longest });
}
