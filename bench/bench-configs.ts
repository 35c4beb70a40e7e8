/** The configurations `npm run bench` compares, each served by its own process. */
export const BENCH_CONFIGS = [
  'open',
  'floor',
  'recipe-naive',
  'recipe-keyobject',
  'ours-strict',
] as const;

export type BenchConfig = (typeof BENCH_CONFIGS)[number];

/** Shared by the servers and the token minter: a 48-byte HS256 secret. */
export const BENCH_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyzAB';
