// Turns the samples of `npm run bench` into the table rows and the issue #6 targets.
import { type BenchAdapter } from './adapters.js';
import { REFRESHES } from './auth-flow-load.js';

export interface Sample {
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  requests: number;
  cpuMicrosPerRequest: number;
  p50Micros: number;
  p99Micros: number;
}

export interface Row {
  adapter: BenchAdapter;
  config: string;
  requestsPerSecond: number;
  ratioToOpen: number;
  cpuMicrosPerRequest: number;
  addedCpuMicros: number;
  p50Micros: number;
  p99Micros: number;
  /**
   * Share of its core the server used (requests/s × CPU/request). Well below 1, something else
   * (the load generator, another process on the machine) held the rate down, not the server.
   */
  serverCoreBusy: number;
  non2xx: number;
  errors: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? (sorted[middle - 1] + sorted[middle]) / 2
    : sorted[middle - 0.5];
}
const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** One row per (adapter, config), medians over its samples; ratios against `open` of its adapter. */
export function toRows(
  samples: { adapter: BenchAdapter; config: string; list: Sample[] }[],
): Row[] {
  const medians = samples.map(({ adapter, config, list }) => {
    const of = (pick: (s: Sample) => number) => median(list.map(pick));
    return {
      adapter,
      config,
      rps: of((s) => s.requestsPerSecond),
      cpu: of((s) => s.cpuMicrosPerRequest),
      p50: of((s) => s.p50Micros),
      p99: of((s) => s.p99Micros),
      non2xx: list.reduce((sum, s) => sum + s.non2xx, 0),
      errors: list.reduce((sum, s) => sum + s.errors, 0),
    };
  });
  return medians.map(({ adapter, config, rps, cpu, p50, p99, non2xx, errors }) => {
    const open = medians.find((m) => m.adapter === adapter && m.config === 'open')!;
    return {
      adapter,
      config,
      requestsPerSecond: Math.round(rps),
      ratioToOpen: round(rps / open.rps, 2),
      cpuMicrosPerRequest: round(cpu, 1),
      addedCpuMicros: round(cpu - open.cpu, 1),
      p50Micros: Math.round(p50),
      p99Micros: Math.round(p99),
      serverCoreBusy: round((rps * cpu) / 1e6, 2),
      non2xx,
      errors,
    };
  });
}

type Of = (config: string) => Row;
interface Target {
  name: string;
  value: (row: Of) => number;
  min?: number;
  max?: number;
  onlyOn?: BenchAdapter;
}

const TARGETS: Target[] = [
  {
    name: 'addedCpu(ours-fast)/addedCpu(floor)',
    // NaN (no value) when the floor added no measurable CPU: the ratio would say nothing.
    value: (row) => {
      const floor = row('floor').addedCpuMicros;
      return floor > 0 ? row('ours-fast').addedCpuMicros / floor : NaN;
    },
    max: 1.3,
  },
  {
    name: 'ratioToOpen(ours-fast)',
    value: (row) => row('ours-fast').ratioToOpen,
    min: 0.9,
    onlyOn: 'express',
  },
  {
    name: 'ratioToOpen(ours-fast-es256)',
    value: (row) => row('ours-fast-es256').ratioToOpen,
    min: 0.85,
  },
  {
    name: 'ratioToOpen(ours-fast-eddsa)',
    value: (row) => row('ours-fast-eddsa').ratioToOpen,
    min: 0.85,
  },
  { name: 'ratioToOpen(ours-strict)', value: (row) => row('ours-strict').ratioToOpen, min: 0.8 },
  {
    name: 'rps(ours-fast)/rps(recipe-naive)',
    value: (row) => row('ours-fast').requestsPerSecond / row('recipe-naive').requestsPerSecond,
    min: 5,
  },
  {
    name: 'rps(ours-fast)/rps(recipe-keyobject)',
    value: (row) => row('ours-fast').requestsPerSecond / row('recipe-keyobject').requestsPerSecond,
    min: 1,
  },
  {
    name: 'p99(ours-fast)/p99(open)',
    value: (row) => row('ours-fast').p99Micros / row('open').p99Micros,
    max: 1.2,
  },
];

export interface TargetResult {
  /** null where it cannot be computed (e.g. the floor added no measurable CPU). */
  value: number | null;
  target: string;
  /** null where the target does not apply to the adapter: the value is for information. */
  pass: boolean | null;
}

/** The issue #6 targets on each adapter; a miss is reported, never fatal. */
export function evaluateTargets(
  rows: Row[],
  adapters: readonly BenchAdapter[],
): Record<string, Record<string, TargetResult>> {
  return Object.fromEntries(
    adapters.map((adapter) => {
      const row: Of = (config) => rows.find((r) => r.adapter === adapter && r.config === config)!;
      const results = TARGETS.map(({ name, value, min, max, onlyOn }): [string, TargetResult] => {
        const raw = value(row);
        const v = Number.isFinite(raw) ? round(raw, 2) : null;
        const pass =
          v === null || (onlyOn && onlyOn !== adapter)
            ? null
            : min !== undefined
              ? v >= min
              : v <= max!;
        return [name, { value: v, target: min !== undefined ? `>= ${min}` : `<= ${max}`, pass }];
      });
      return [adapter, Object.fromEntries(results)];
    }),
  );
}

/** The targets as table rows with pass/miss marks. */
export function targetTable(targets: Record<string, Record<string, TargetResult>>) {
  return Object.entries(targets).flatMap(([adapter, results]) =>
    Object.entries(results).map(([name, { value, target, pass }]) => ({
      adapter,
      target: name,
      value,
      goal: target,
      result: pass === null ? '- (info)' : pass ? 'PASS ✓' : 'MISS ✗',
    })),
  );
}

/**
 * Login and refresh throughput: the login-only row, and the mixed row (each connection: one login,
 * then REFRESHES refreshes), from which the cost of a refresh alone is estimated, assuming the
 * server's core is the bottleneck.
 */
export function authFlowSummary(login: Row, mixed: Row) {
  const share = REFRESHES + 1;
  const refreshSeconds =
    (share / mixed.requestsPerSecond - 1 / login.requestsPerSecond) / REFRESHES;
  return {
    loginPerSecond: login.requestsPerSecond,
    mixedPerSecond: mixed.requestsPerSecond,
    mix: `per connection: 1 login then ${REFRESHES} chained refreshes`,
    refreshPerSecondEstimate: refreshSeconds > 0 ? Math.round(1 / refreshSeconds) : null,
    cpuMicrosPerLogin: login.cpuMicrosPerRequest,
    cpuMicrosPerRefreshEstimate: round(
      (share * mixed.cpuMicrosPerRequest - login.cpuMicrosPerRequest) / REFRESHES,
      1,
    ),
  };
}
