import { type RevocationMirror } from '../denylist/revocation-mirror.js';
import { type MetricsMeter, type ObservableMetric, type ObservedValues } from './meter.js';

/** The mirror's state, read when the reader collects: nothing is added to the mirror's own work. */
type MirrorState = Pick<RevocationMirror, 'live' | 'lagMs' | 'size'>;

/** A gauge and the callback it was given, to take back when the module stops. */
export type Observation = [ObservableMetric, (result: ObservedValues) => void];

/**
 * Whether the revocation mirror answers from memory (1) or asks Redis (0), how old its newest
 * proof of being current is, and how many revocations it holds.
 */
export function observeMirror(meter: MetricsMeter, mirror: MirrorState): Observation[] {
  const live = meter.createObservableGauge('nest_jwt_auth.revocation_mirror.live', {
    description: 'Whether the revocation mirror answers from memory (1) or Redis is asked (0)',
    unit: '1',
  });
  const lag = meter.createObservableGauge('nest_jwt_auth.revocation_mirror.lag', {
    description:
      'Age of the newest heartbeat that came back through the subscription: revocations published before it are applied',
    unit: 's',
  });
  const size = meter.createObservableGauge('nest_jwt_auth.revocation_mirror.revocations', {
    description: 'Live revocations held in memory by the revocation mirror',
    unit: '{revocation}',
  });
  return [
    [live, (result) => result.observe(mirror.live ? 1 : 0)],
    [
      lag,
      (result) => {
        // Before its first heartbeat comes back the mirror has no lag to report, only live = 0.
        const lagMs = mirror.lagMs;
        if (Number.isFinite(lagMs)) result.observe(lagMs / 1000);
      },
    ],
    [size, (result) => result.observe(mirror.size)],
  ];
}
