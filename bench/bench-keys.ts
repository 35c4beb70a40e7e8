import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type AuthJwk } from 'nest-jwt-auth';
import { type ServerConfig } from './bench-configs.js';

/** The private JWK each configuration signs with; configurations not listed use BENCH_SECRET. */
export type BenchKeys = Partial<Record<ServerConfig, AuthJwk>>;

const jwkOf = (key: KeyObject, kid: string, alg: AuthJwk['alg']): AuthJwk => ({
  ...key.export({ format: 'jwk' }),
  kid,
  alg,
});

/** Fresh keys, made once per run and handed to the servers as JSON. */
export function generateBenchKeys(): BenchKeys {
  return {
    'ours-fast-es256': jwkOf(
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      'bench-es256',
      'ES256',
    ),
    'ours-fast-eddsa': jwkOf(generateKeyPairSync('ed25519').privateKey, 'bench-eddsa', 'EdDSA'),
  };
}
