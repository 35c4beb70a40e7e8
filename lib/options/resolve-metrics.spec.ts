import { resolveMetrics } from './resolve-metrics.js';

describe('resolveMetrics', () => {
  const meterProvider = { getMeter: () => ({}) as never };

  it('is on by default, and takes a boolean or a MeterProvider', () => {
    expect(resolveMetrics(undefined)).toBe(true);
    expect(resolveMetrics(false)).toBe(false);
    expect(resolveMetrics({ meterProvider })).toEqual({ meterProvider });
  });

  it.each([['yes'], [null], [{}], [{ meterProvider: {} }], [{ meterProvider: 'global' }]])(
    'refuses %p, saying what to pass',
    (value) => {
      expect(() => resolveMetrics(value as never)).toThrow(
        /metrics must be true, false or \{ meterProvider \}[\s\S]*Pass the MeterProvider/,
      );
    },
  );
});
