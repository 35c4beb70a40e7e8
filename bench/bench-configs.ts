/** The configurations `npm run bench` compares on GET /hello, each served by its own process. */
export const BENCH_CONFIGS = [
  'open',
  // `open` without the bench's own latency hooks: what measuring costs the server.
  'open-unhooked',
  'floor',
  'recipe-naive',
  'recipe-keyobject',
  'ours-strict',
  'ours-fast',
  'ours-fast-es256',
  'ours-fast-eddsa',
] as const;

export type BenchConfig = (typeof BENCH_CONFIGS)[number];

/** The app whose login and refresh routes `npm run bench` drives (Express only). */
export const AUTH_FLOW_CONFIG = 'auth-flow';

/** Everything a bench server process can serve. */
export type ServerConfig = BenchConfig | typeof AUTH_FLOW_CONFIG;

/** Shared by the servers and the token minter: a 48-byte HS256 secret. */
export const BENCH_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyzAB';

/** The session every `ours-*` server has revoked before it starts (its denylist key is set). */
export const REVOKED_SID = 'revoked-session';

/** The configurations also measured with a single token (every request the same). */
export const SINGLE_TOKEN_CONFIGS: readonly BenchConfig[] = [
  'open',
  'recipe-keyobject',
  'ours-strict',
  'ours-fast',
];
