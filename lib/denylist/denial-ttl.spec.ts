import { DENIAL_MARGIN_SECONDS, endingSessionDenialTtl, sessionDenialTtl } from './denial-ttl.js';

const lifetimes = {
  accessTokenTtl: 900,
  refreshTokenTtl: 7 * 86400,
  sessionMaxLifetime: 30 * 86400,
  clockToleranceSeconds: 5,
};

describe('denial TTLs', () => {
  it('outlive the newest access token on an instance lagging by the tolerance', () => {
    // Signed now by a clock T ahead; accepted until exp + T by a clock T behind.
    const lastAcceptedAfter = lifetimes.accessTokenTtl + 2 * lifetimes.clockToleranceSeconds;
    expect(sessionDenialTtl(lifetimes)).toBe(lastAcceptedAfter + DENIAL_MARGIN_SECONDS);
    expect(sessionDenialTtl(lifetimes)).toBeGreaterThan(
      // What the old sizing gave: an instance lagging by more than a second outlived it.
      lifetimes.accessTokenTtl + lifetimes.clockToleranceSeconds + 1,
    );
  });

  it('cover the refresh token too while a record may be left behind', () => {
    expect(endingSessionDenialTtl(lifetimes)).toBe(7 * 86400 + 10 + DENIAL_MARGIN_SECONDS);
    expect(endingSessionDenialTtl({ ...lifetimes, sessionMaxLifetime: 3600 })).toBe(
      3600 + 10 + DENIAL_MARGIN_SECONDS,
    );
    // Never shorter than the access tokens' denial.
    expect(endingSessionDenialTtl({ ...lifetimes, refreshTokenTtl: 60 })).toBe(
      sessionDenialTtl(lifetimes),
    );
  });
});
