// Turns the samples of `npm run bench` into the table rows (median and range of every figure) and
// the performance targets.
import { type BenchAdapter } from './adapters.js';
import { REFRESHES } from './auth-flow-load.js';

export interface Sample {
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  requests: number;
  cpuMicrosPerRequest: number;
  /** null where the server had no latency hooks (`open-unhooked`). */
  p50Micros: number | null;
  p99Micros: number | null;
}

/** A figure: the median of its values (rounds of one run, or runs) and their range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface Row {
  adapter: BenchAdapter;
  config: string;
  requestsPerSecond: Spread;
  /** Per round against `open` of the same adapter and round, so that drift cancels out. */
  ratioToOpen: Spread;
  cpuMicrosPerRequest: Spread;
  addedCpuMicros: Spread;
  p50Micros: Spread | null;
  p99Micros: Spread | null;
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

function spread(values: number[], digits: number): Spread {
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
  };
}

const spreadOrNull = (values: (number | null)[], digits: number) =>
  values.every((value) => value !== null) ? spread(values as number[], digits) : null;

/**
 * One row per (adapter, config) of one run: each figure's median and range over the rounds.
 * Round r of every configuration ran within the same minute, so ratios and added CPU are taken
 * round by round against `open`'s round r.
 */
export function toRows(
  samples: { adapter: BenchAdapter; config: string; list: Sample[] }[],
): Row[] {
  return samples.map(({ adapter, config, list }) => {
    const open = samples.find((s) => s.adapter === adapter && s.config === 'open')!.list;
    const rps = list.map((s) => s.requestsPerSecond);
    const cpu = list.map((s) => s.cpuMicrosPerRequest);
    return {
      adapter,
      config,
      requestsPerSecond: spread(rps, 0),
      ratioToOpen: spread(
        rps.map((value, r) => value / open[r].requestsPerSecond),
        2,
      ),
      cpuMicrosPerRequest: spread(cpu, 1),
      addedCpuMicros: spread(
        cpu.map((value, r) => value - open[r].cpuMicrosPerRequest),
        1,
      ),
      p50Micros: spreadOrNull(
        list.map((s) => s.p50Micros),
        0,
      ),
      p99Micros: spreadOrNull(
        list.map((s) => s.p99Micros),
        0,
      ),
      serverCoreBusy: round((median(rps) * median(cpu)) / 1e6, 2),
      non2xx: list.reduce((sum, s) => sum + s.non2xx, 0),
      errors: list.reduce((sum, s) => sum + s.errors, 0),
    };
  });
}

/** Several runs as one table: each figure is the median of the runs' medians, and their range. */
export function combineRuns(runs: Row[][]): Row[] {
  return runs[0].map(({ adapter, config }) => {
    const same = runs.map((rows) =>
      rows.find((r) => r.adapter === adapter && r.config === config)!,
    );
    const over = (pick: (row: Row) => Spread | null, digits: number) =>
      spreadOrNull(
        same.map((row) => pick(row)?.median ?? null),
        digits,
      );
    return {
      adapter,
      config,
      requestsPerSecond: over((r) => r.requestsPerSecond, 0)!,
      ratioToOpen: over((r) => r.ratioToOpen, 2)!,
      cpuMicrosPerRequest: over((r) => r.cpuMicrosPerRequest, 1)!,
      addedCpuMicros: over((r) => r.addedCpuMicros, 1)!,
      p50Micros: over((r) => r.p50Micros, 0),
      p99Micros: over((r) => r.p99Micros, 0),
      serverCoreBusy: round(median(same.map((r) => r.serverCoreBusy)), 2),
      non2xx: same.reduce((sum, r) => sum + r.non2xx, 0),
      errors: same.reduce((sum, r) => sum + r.errors, 0),
    };
  });
}

const figure = (value: Spread | null) =>
  value === null
    ? '-'
    : `${value.median.toLocaleString('en')} (${value.min.toLocaleString('en')}–${value.max.toLocaleString('en')})`;

/** The rows as printable strings: "median (min–max)". */
export function rowTable(rows: Row[]) {
  return rows.map((row) => ({
    adapter: row.adapter,
    config: row.config,
    'req/s': figure(row.requestsPerSecond),
    '× open': figure(row.ratioToOpen),
    'CPU µs/req': figure(row.cpuMicrosPerRequest),
    'added CPU µs': figure(row.addedCpuMicros),
    'p50 µs': figure(row.p50Micros),
    'p99 µs': figure(row.p99Micros),
    busy: row.serverCoreBusy,
    'non-2xx': row.non2xx,
    errors: row.errors,
  }));
}

type Of = (config: string) => Row;
interface Target {
  name: string;
  value: (row: Of) => number;
  min?: number;
  max?: number;
  onlyOn?: BenchAdapter;
}

/** Added CPU of `config` over the floor's; NaN when the floor added none measurable. */
const overFloor = (row: Of, config: string) => {
  const floor = row('floor').addedCpuMicros.median;
  return floor > 0 ? row(config).addedCpuMicros.median / floor : NaN;
};

/** CPU a refresh adds over `open`, estimated from the login-only and login-then-refresh rows. */
const refreshAddedCpu = (row: Of) =>
  authFlowSummary(row('auth: login'), row('auth: login+9 refresh')).cpuMicrosPerRefreshEstimate -
  row('open').cpuMicrosPerRequest.median;

/** The targets of the speed issue (#15), on both adapters unless `onlyOn` says otherwise. */
const TARGETS: Target[] = [
  {
    name: 'addedCpu(ours-fast)/addedCpu(floor)',
    value: (row) => overFloor(row, 'ours-fast'),
    max: 1,
  },
  {
    name: 'rps(ours-fast)/rps(recipe-keyobject)',
    value: (row) =>
      row('ours-fast').requestsPerSecond.median / row('recipe-keyobject').requestsPerSecond.median,
    min: 1.3,
  },
  {
    name: 'ratioToOpen(ours-fast)',
    value: (row) => row('ours-fast').ratioToOpen.median,
    min: 0.9,
    onlyOn: 'express',
  },
  {
    name: 'p99(ours-fast)/p99(open)',
    value: (row) => row('ours-fast').p99Micros!.median / row('open').p99Micros!.median,
    max: 1.2,
  },
  {
    name: 'addedCpu(ours-strict)/addedCpu(floor)',
    value: (row) => overFloor(row, 'ours-strict'),
    max: 2,
  },
  {
    name: 'p50 µs(ours-strict), 20 connections',
    value: (row) => row('ours-strict').p50Micros!.median,
    max: 1000,
  },
  {
    name: 'addedCpu µs(login)',
    value: (row) => row('auth: login').addedCpuMicros.median,
    max: 150,
    onlyOn: 'express',
  },
  { name: 'addedCpu µs(refresh), estimated', value: refreshAddedCpu, max: 150, onlyOn: 'express' },
];

export interface TargetResult {
  /** null where it cannot be computed (e.g. the floor added no measurable CPU). */
  value: number | null;
  target: string;
  /** null where it has no value. */
  pass: boolean | null;
}

/** The performance targets on each adapter; a miss is reported, never fatal. */
export function evaluateTargets(
  rows: Row[],
  adapters: readonly BenchAdapter[],
): Record<string, Record<string, TargetResult>> {
  return Object.fromEntries(
    adapters.map((adapter) => {
      const row: Of = (config) => rows.find((r) => r.adapter === adapter && r.config === config)!;
      const results = TARGETS.filter(({ onlyOn }) => !onlyOn || onlyOn === adapter).map(
        ({ name, value, min, max }): [string, TargetResult] => {
          const raw = value(row);
          const v = Number.isFinite(raw) ? round(raw, 2) : null;
          const pass = v === null ? null : min !== undefined ? v >= min : v <= max!;
          return [name, { value: v, target: min !== undefined ? `>= ${min}` : `<= ${max}`, pass }];
        },
      );
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
  const [loginRate, mixedRate] = [login.requestsPerSecond.median, mixed.requestsPerSecond.median];
  const [loginCpu, mixedCpu] = [login.cpuMicrosPerRequest.median, mixed.cpuMicrosPerRequest.median];
  const refreshSeconds = (share / mixedRate - 1 / loginRate) / REFRESHES;
  return {
    loginPerSecond: loginRate,
    mixedPerSecond: mixedRate,
    mix: `per connection: 1 login then ${REFRESHES} chained refreshes`,
    refreshPerSecondEstimate: refreshSeconds > 0 ? Math.round(1 / refreshSeconds) : null,
    cpuMicrosPerLogin: loginCpu,
    cpuMicrosPerRefreshEstimate: round((share * mixedCpu - loginCpu) / REFRESHES, 1),
  };
}
