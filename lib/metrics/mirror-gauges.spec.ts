import { recordMetrics, type RecordedMetrics } from '../../test/support/metric-reader.js';
import { observeMirror } from './mirror-gauges.js';

describe('observeMirror', () => {
  let metrics: RecordedMetrics;
  const mirror = { live: false, lagMs: Infinity, size: 0 };

  beforeEach(() => {
    metrics = recordMetrics();
    const meter = metrics.meterProvider.getMeter('nest-jwt-auth');
    for (const [gauge, callback] of observeMirror(meter, mirror)) gauge.addCallback(callback);
  });
  afterEach(() => metrics.shutdown());

  it('reports the state the mirror is in when the reader collects', async () => {
    expect(await metrics.value('nest_jwt_auth.revocation_mirror.live')).toBe(0);
    // No heartbeat came back yet: no lag to report.
    expect(await metrics.names()).not.toContain('nest_jwt_auth.revocation_mirror.lag');
    Object.assign(mirror, { live: true, lagMs: 120, size: 3 });
    expect(await metrics.value('nest_jwt_auth.revocation_mirror.live')).toBe(1);
    expect(await metrics.value('nest_jwt_auth.revocation_mirror.lag')).toBe(0.12);
    expect(await metrics.value('nest_jwt_auth.revocation_mirror.revocations')).toBe(3);
  });
});
