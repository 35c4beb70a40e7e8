import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { type Denylist } from '../denylist/denylist.interface.js';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { AuthException } from '../errors/auth.exception.js';
import { importConfiguredKey } from '../keys/import-key.js';
import { IssuerRegistry } from '../keys/issuer-registry.js';
import { LocalKeySet } from '../keys/key-set.js';
import { AuthMetrics } from '../metrics/auth-metrics.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { trustedIssuers } from './trusted-issuers.js';
import { signJws } from './jws-signature.js';

const jwtService = new JwtService({});
const key = importConfiguredKey(
  { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'k1', alg: 'HS256' },
  0,
);

/** A denylist whose synchronous answer the test sets: revoked ids, or undefined ("ask me"). */
class SyncDenylist extends MemoryDenylist implements Denylist {
  answer: Set<string> | undefined = new Set();
  readonly asked: string[][] = [];

  hasNow(_subject: string, ids: readonly string[]): boolean | undefined {
    this.asked.push([...ids]);
    return this.answer && ids.some((id) => this.answer!.has(id));
  }
}

/** Counts cache lookups as the module's metrics see them. */
class LookupCounts extends AuthMetrics {
  hits = 0;
  misses = 0;
  startTimer = () => 0;
  authentication = <T>(outcome: T) => outcome;
  event = () => undefined;
  tokenCacheLookup(hit: boolean): void {
    if (hit) this.hits++;
    else this.misses++;
  }
}

function verifier(
  denylist: Denylist,
  cache = true,
  mode: ResolvedAuthOptions['mode'] = 'issuer',
  metrics?: AuthMetrics,
): AccessTokenVerifier {
  const options = {
    mode,
    keys: [key],
    maxTokenLength: 8192,
    clockToleranceSeconds: 0,
    verifiedTokenCache: cache ? { maxEntries: 10, ttl: 60 } : null,
    issuers: [],
  } as unknown as ResolvedAuthOptions;
  const issuers = trustedIssuers(options, new LocalKeySet([key]));
  return new AccessTokenVerifier(options, denylist, issuers, jwtService, metrics);
}

function token(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: 'ann', sid: 's1', jti: 'j1', iat: now, exp: now + 600, roles: [] };
  return signJws({ typ: 'at+jwt', kid: 'k1' }, { ...payload, ...claims }, key);
}

describe('AccessTokenVerifier.verifyNow', () => {
  it('answers only for a token the cache holds, with the claims verify() gave', async () => {
    const denylist = new SyncDenylist();
    const subject = verifier(denylist);
    const jwt = token();
    expect(subject.verifyNow(jwt)).toBeUndefined();
    const claims = await subject.verify(jwt);
    expect(subject.verifyNow(jwt)).toEqual({
      claims,
      user: { sub: 'ann', sid: 's1', roles: [] },
    });
    expect(denylist.asked.at(-1)).toEqual(['sid:s1', 'jti:j1']);
  });

  it('builds the user once per cache entry, and hands out copies of it', async () => {
    const subject = verifier(new SyncDenylist());
    const jwt = token({ roles: ['user'], scope: 'read write' });
    await subject.verify(jwt);
    const mapping = jest.spyOn(IssuerRegistry.prototype, 'userOf');
    const first = subject.verifyNow(jwt)!;
    first.user.roles.push('admin');
    first.user.scopes!.push('delete');
    first.user.sub = 'mallory';
    first.claims.roles.push('admin');
    const second = subject.verifyNow(jwt)!;
    expect(second.user).toEqual({
      sub: 'ann',
      sid: 's1',
      roles: ['user'],
      scope: 'read write',
      scopes: ['read', 'write'],
    });
    expect(second.claims.roles).toEqual(['user']);
    expect(mapping).toHaveBeenCalledTimes(1);
    mapping.mockRestore();
  });

  it('throws token_revoked when the denylist says so at once', async () => {
    const denylist = new SyncDenylist();
    const subject = verifier(denylist);
    const jwt = token();
    await subject.verify(jwt);
    denylist.answer = new Set(['sid:s1']);
    expect(() => subject.verifyNow(jwt)).toThrow(AuthException);
    expect(() => subject.verifyNow(jwt)).toThrow(
      expect.objectContaining({ code: 'token_revoked' }),
    );
  });

  it('leaves the answer to verify() when the denylist cannot answer at once', async () => {
    const denylist = new SyncDenylist();
    const subject = verifier(denylist);
    const jwt = token();
    await subject.verify(jwt);
    denylist.answer = undefined;
    expect(subject.verifyNow(jwt)).toBeUndefined();
  });

  it('answers at once, asking no denylist, for a foreign token naming nothing to revoke', async () => {
    const denylist = new SyncDenylist();
    denylist.answer = undefined;
    const subject = verifier(denylist, true, 'resource-server');
    const jwt = token({ sid: undefined, jti: undefined });
    const claims = await subject.verify(jwt);
    expect(subject.verifyNow(jwt)?.claims).toEqual(claims);
    expect(denylist.asked).toEqual([]);
  });

  it('leaves it to verify() with a denylist that has no hasNow, or without the cache', async () => {
    const plain = verifier(new MemoryDenylist());
    const jwt = token();
    await plain.verify(jwt);
    expect(plain.verifyNow(jwt)).toBeUndefined();
    const uncached = verifier(new SyncDenylist(), false);
    await uncached.verify(jwt);
    expect(uncached.verifyNow(jwt)).toBeUndefined();
  });

  it('counts one cache lookup per verification, however the strategy reaches the answer', async () => {
    const denylist = new SyncDenylist();
    const counts = new LookupCounts();
    const subject = verifier(denylist, true, 'issuer', counts);
    const jwt = token();
    // What JwtStrategy does: verifyNow(), then verify() when verifyNow() could not answer.
    const verifyOnce = async () => subject.verifyNow(jwt)?.claims ?? (await subject.verify(jwt));
    await verifyOnce();
    expect(counts).toMatchObject({ hits: 0, misses: 1 });
    await verifyOnce();
    expect(counts).toMatchObject({ hits: 1, misses: 1 });
    denylist.answer = undefined;
    await verifyOnce();
    expect(counts).toMatchObject({ hits: 2, misses: 1 });
    denylist.answer = new Set(['jti:j1']);
    expect(() => subject.verifyNow(jwt)).toThrow(
      expect.objectContaining({ code: 'token_revoked' }),
    );
    expect(counts).toMatchObject({ hits: 3, misses: 1 });
  });
});
