import { Logger, type OnModuleInit } from '@nestjs/common';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { importRemoteJwk } from './import-key.js';
import { type JoseKey } from './jose-key.js';
import { KeySet, unknownKey } from './key-set.js';

/** How a {@link RemoteKeySet} fetches and caches, in milliseconds. */
export interface RemoteKeySetTiming {
  /** Keys younger than this are used without asking the issuer again. */
  cacheTtl: number;
  /** Fewest milliseconds between two fetches, whatever the tokens say. */
  minRefetchInterval: number;
  /** A fetch that takes longer is abandoned. */
  timeout: number;
}

/** Larger answers are refused: no key set is this big. */
const MAX_JWKS_BYTES = 512 * 1024;

function unavailable(cause?: unknown): AuthException {
  return new AuthException(AuthErrorCode.JwksUnavailable, undefined, { cause });
}

/**
 * The keys of another issuer, fetched from its JWKS URL. An unknown `kid` triggers a refetch
 * (the issuer may have rotated), at most once per `minRefetchInterval`, so a flood of tokens with
 * made-up kids costs the issuer one request per interval. When a fetch fails the last keys stay
 * in use; with none ever fetched, verification answers 503 `jwks_unavailable`.
 */
export class RemoteKeySet extends KeySet implements OnModuleInit {
  readonly signingKey = undefined;
  private keys = new Map<string, JoseKey>();
  private fetchedAt = -Infinity;
  private attemptedAt = -Infinity;
  private inFlight: Promise<void> | undefined;
  private readonly logger = new Logger('nest-jwt-auth');

  constructor(
    private readonly url: string,
    private readonly timing: RemoteKeySetTiming,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** Fetches at start-up so the first request does not wait; a failure here is only logged. */
  onModuleInit(): void {
    this.refresh().catch(() => undefined);
  }

  async keyFor(kid: unknown): Promise<JoseKey> {
    if (typeof kid !== 'string') throw unknownKey();
    const cached = this.keys.get(kid);
    const stale = this.now() - this.fetchedAt >= this.timing.cacheTtl;
    if (cached && !stale) return cached;
    if (cached) {
      // Serve the cached key now; the refresh happens beside the request.
      this.refreshIfAllowed().catch(() => undefined);
      return cached;
    }
    try {
      await this.refreshIfAllowed();
    } catch (error) {
      if (this.keys.size === 0) throw unavailable(error);
    }
    const key = this.keys.get(kid);
    if (key) return key;
    if (this.keys.size === 0) throw unavailable();
    throw unknownKey();
  }

  publicKeys(): readonly JoseKey[] {
    return [];
  }

  private refreshIfAllowed(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.now() - this.attemptedAt < this.timing.minRefetchInterval) return Promise.resolve();
    return this.refresh();
  }

  private refresh(): Promise<void> {
    this.attemptedAt = this.now();
    this.inFlight = this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    try {
      const response = await this.fetchFn(this.url, {
        signal: AbortSignal.timeout(this.timing.timeout),
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (Number(response.headers.get('content-length')) > MAX_JWKS_BYTES) {
        throw new Error('the answer is too large');
      }
      const text = await response.text();
      if (text.length > MAX_JWKS_BYTES) throw new Error('the answer is too large');
      const body = JSON.parse(text) as { keys?: unknown };
      if (!Array.isArray(body?.keys)) throw new Error('the answer has no "keys" array');
      const keys = new Map<string, JoseKey>();
      for (const jwk of body.keys) {
        const key = importRemoteJwk(jwk);
        if (key?.kid !== undefined) keys.set(key.kid, key);
      }
      if (keys.size === 0) throw new Error('it holds no usable signing key');
      this.keys = keys;
      this.fetchedAt = this.now();
    } catch (error) {
      this.logger.warn(
        `Could not fetch the JWKS at ${this.url}: ${(error as Error).message}` +
          (this.keys.size > 0 ? '; still using the keys fetched before.' : '.'),
      );
      throw error;
    }
  }
}
