import 'reflect-metadata';
import { createSecretKey, randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { MemoryDenylist } from '../denylist/memory-denylist.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type JoseKey } from '../keys/jose-key.js';
import { LocalKeySet } from '../keys/key-set.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { trustedIssuers } from './trusted-issuers.js';
import { signJws } from './jws-signature.js';
import { VerifiedTokenCache } from './verified-token-cache.js';
import { codeOf } from '../../test/support/auth-errors.js';

const claims = (sub: string): AccessTokenClaims => ({
  sub,
  sid: `s-${sub}`,
  jti: `j-${sub}`,
  iat: 0,
  exp: 10_000,
  roles: ['user'],
});

describe('VerifiedTokenCache', () => {
  it('returns what it was given until min(expiresAt, now + ttl)', () => {
    const cache = new VerifiedTokenCache(10, 1000);
    cache.set('a', claims('a'), 5000, 0);
    cache.set('b', claims('b'), 500, 0);
    expect(cache.get('a', 999)).toEqual(claims('a'));
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.get('b', 499)).toEqual(claims('b'));
    expect(cache.get('b', 500)).toBeUndefined();
  });

  it('never holds more than maxEntries, dropping the least recently used', () => {
    const cache = new VerifiedTokenCache(3, 60_000);
    for (const token of ['a', 'b', 'c']) cache.set(token, claims(token), 60_000, 0);
    cache.get('a', 1); // a is now the most recently used: b goes first
    cache.set('d', claims('d'), 60_000, 1);
    expect(cache.size).toBe(3);
    expect(cache.get('b', 2)).toBeUndefined();
    expect(cache.get('a', 2)?.sub).toBe('a');
    for (let i = 0; i < 1000; i++) cache.set(`t${i}`, claims(`t${i}`), 60_000, 3);
    expect(cache.size).toBe(3);
  });

  it('keeps a token used on and on while many others come and go once', () => {
    const cache = new VerifiedTokenCache(8, 60_000);
    cache.set('hot', claims('hot'), 60_000, 0);
    for (let i = 0; i < 100; i++) {
      cache.set(`t${i}`, claims(`t${i}`), 60_000, 1);
      expect(cache.get('hot', 2)?.sub).toBe('hot');
    }
    expect(cache.size).toBe(8);
  });

  it('moves an entry on a hit only once it is in the older half', () => {
    const cache = new VerifiedTokenCache(4, 60_000);
    for (const token of ['a', 'b', 'c', 'd']) cache.set(token, claims(token), 60_000, 0);
    cache.get('d', 1); // in the newer half: stays where it is
    cache.get('a', 1); // in the older half: now the most recently used
    for (const token of ['e', 'f', 'g']) cache.set(token, claims(token), 60_000, 1);
    expect(['a', 'b', 'c', 'd'].filter((token) => cache.get(token, 2))).toEqual(['a']);
  });

  it('does not store an entry that is already expired', () => {
    const cache = new VerifiedTokenCache(10, 1000);
    cache.set('a', claims('a'), 100, 100);
    expect(cache.size).toBe(0);
  });

  it('hands out copies: changing one does not change the next', () => {
    const cache = new VerifiedTokenCache(10, 1000);
    cache.set('a', claims('a'), 5000, 0);
    const first = cache.get('a', 1)!;
    first.sub = 'mallory';
    first.roles.push('admin');
    expect(cache.get('a', 2)).toEqual(claims('a'));
  });

  it('builds the user of an entry once; a mapping that throws keeps nothing and throws again', () => {
    const cache = new VerifiedTokenCache(10, 1000);
    cache.set('a', claims('a'), 5000, 0);
    let calls = 0;
    const failing = () => {
      calls++;
      throw new Error('no user');
    };
    expect(() => cache.getWithUser('a', 1, failing)).toThrow('no user');
    expect(() => cache.getWithUser('a', 1, failing)).toThrow('no user');
    const userOf = ({ sub, roles }: AccessTokenClaims) => {
      calls++;
      return { sub, roles };
    };
    expect(cache.getWithUser('a', 2, userOf)?.user).toEqual({ sub: 'a', roles: ['user'] });
    expect(cache.getWithUser('a', 3, userOf)?.user).toEqual({ sub: 'a', roles: ['user'] });
    expect(calls).toBe(3);
    expect(cache.getWithUser('a', 1000, userOf)).toBeUndefined();
  });

  it('does not keep tokens over 2 KB: each entry keeps its token as key', () => {
    const cache = new VerifiedTokenCache(10, 1000);
    cache.set('x'.repeat(2049), claims('a'), 5000, 0);
    cache.set('y'.repeat(2048), claims('b'), 5000, 0);
    expect(cache.size).toBe(1);
    expect(cache.get('y'.repeat(2048), 1)?.sub).toBe('b');
  });

  it('keys entries by the whole token: a token differing in one character misses', () => {
    const cache = new VerifiedTokenCache(10, 1000);
    cache.set('header.payload.signature', claims('a'), 5000, 0);
    expect(cache.get('header.payload.signaturf', 1)).toBeUndefined();
    expect(cache.get('header.payload.signature', 1)).toBeDefined();
  });

  it('misses a token that only ends like a cached one (a forged payload before its signature)', () => {
    const cache = new VerifiedTokenCache(10, 1000);
    const signature = 'S'.repeat(43);
    cache.set(`header.payloadOfAnn.${signature}`, claims('ann'), 5000, 0);
    expect(cache.get(`header.payloadOfMallory.${signature}`, 1)).toBeUndefined();
    expect(cache.getWithUser(`header.payloadOfMallory.${signature}`, 1, (c) => c)).toBeUndefined();
    expect(cache.get(`header.payloadOfAnn.${signature}`, 1)?.sub).toBe('ann');
  });
});

describe('AccessTokenVerifier with the cache', () => {
  const secret = createSecretKey(randomBytes(32));
  const key: JoseKey = { alg: 'HS256', verifyKey: secret, signKey: secret };
  const jwtService = new JwtService({});
  const now = Math.floor(Date.now() / 1000);
  const sign = (payload: Record<string, unknown>, signKey = key) =>
    signJws({ typ: 'at+jwt' }, payload, signKey);
  const valid = (extra: Record<string, unknown> = {}) =>
    sign({ sub: 'u1', sid: 's1', jti: 'j1', iat: now, exp: now + 600, roles: ['user'], ...extra });

  function setup(
    cache: ResolvedAuthOptions['verifiedTokenCache'] = { maxEntries: 100, ttl: 60 },
    clockToleranceSeconds = 0,
  ) {
    const denylist = new MemoryDenylist();
    const options = {
      mode: 'issuer',
      keys: [key],
      issuers: [] as ResolvedAuthOptions['issuers'],
      maxTokenLength: 8192,
      clockToleranceSeconds,
      verifiedTokenCache: cache,
    } as ResolvedAuthOptions;
    const verifier = new AccessTokenVerifier(
      options,
      denylist,
      trustedIssuers(options, new LocalKeySet([key])),
      jwtService,
    );
    return { verifier, denylist };
  }

  afterEach(() => jest.restoreAllMocks());

  it('verifies the signature once for a token seen many times', async () => {
    const { verifier } = setup();
    const verifySignature = jest.spyOn(jwtService, 'verify');
    const token = valid();
    for (let i = 0; i < 5; i++) expect((await verifier.verify(token)).sub).toBe('u1');
    expect(verifySignature).toHaveBeenCalledTimes(1);
  });

  it('checks revocation on every hit', async () => {
    const { verifier, denylist } = setup();
    const token = valid();
    await verifier.verify(token);
    await denylist.add('u1', 'sid:s1', 600);
    expect(await codeOf(verifier.verify(token))).toBe('token_revoked');
  });

  it('refuses a cached token once it expires, by the injected clock', async () => {
    const { verifier } = setup();
    const token = valid({ exp: now + 30 });
    await verifier.verify(token, now * 1000);
    expect(await codeOf(verifier.verify(token, (now + 29) * 1000))).toBe('no error');
    expect(await codeOf(verifier.verify(token, (now + 30) * 1000))).toBe('token_expired');
  });

  it('serves a cached token for as long as the clock tolerance accepts it past exp', async () => {
    const { verifier } = setup(undefined, 5);
    const token = valid({ exp: now + 30 });
    await verifier.verify(token, now * 1000);
    const verifySignature = jest.spyOn(jwtService, 'verify');
    expect(await codeOf(verifier.verify(token, (now + 34) * 1000))).toBe('no error');
    expect(verifySignature).not.toHaveBeenCalled();
    expect(await codeOf(verifier.verify(token, (now + 35) * 1000))).toBe('token_expired');
  });

  it('never caches what failed: forged, malformed, expired or incomplete tokens', async () => {
    const { verifier } = setup();
    const set = jest.spyOn(VerifiedTokenCache.prototype, 'set');
    const other = createSecretKey(randomBytes(32));
    const garbage = [
      'not-a-token',
      'a.b.c',
      sign(
        { sub: 'u1', sid: 's1', jti: 'j1', iat: now, exp: now + 600 },
        { ...key, signKey: other },
      ),
      valid({ exp: now - 1 }),
      valid({ sid: undefined }),
      sign({ sub: 'u1', sid: 's1', jti: 'j1', iat: now, exp: now + 600 }).slice(0, -2) + 'AA',
    ];
    for (let round = 0; round < 100; round++) {
      for (const token of garbage)
        expect(await codeOf(verifier.verify(token))).not.toBe('no error');
    }
    expect(set).not.toHaveBeenCalled();
    // A forged token does not become valid by being presented again either.
    const verifySignature = jest.spyOn(jwtService, 'verify');
    expect(await codeOf(verifier.verify(garbage[2]))).toBe('token_invalid');
    expect(verifySignature).toHaveBeenCalledTimes(1);
  });

  it('with verifiedTokenCache: false verifies every time', async () => {
    const { verifier } = setup(null);
    const verifySignature = jest.spyOn(jwtService, 'verify');
    const token = valid();
    for (let i = 0; i < 3; i++) await verifier.verify(token);
    expect(verifySignature).toHaveBeenCalledTimes(3);
  });
});
