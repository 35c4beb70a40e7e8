import { Logger, type OnModuleInit } from '@nestjs/common';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { fetchJwksDocument } from './fetch-jwks.js';
import { isJoseAlgorithm } from './jose-algorithm.js';
import { type JoseKey } from './jose-key.js';
import { KeyIndex, unknownKey, unsupportedAlgorithm } from './key-index.js';
import { KeySet } from './key-set.js';
import { readRemoteJwks } from './read-remote-jwks.js';

/** How a {@link RemoteKeySet} fetches and caches, in milliseconds. */
export interface RemoteKeySetTiming {
  /** Keys younger than this are used without asking the issuer again. */
  cacheTtl: number;
  /** Fewest milliseconds between two fetches, whatever the tokens say. */
  minRefetchInterval: number;
  /** A fetch that takes longer is abandoned. */
  timeout: number;
  /** Keys older than this are no longer used, even when the issuer cannot be reached. */
  maxStaleness: number;
}

/** Skipped keys logged per fetch: a hostile key set of ten thousand junk entries logs this many. */
const MAX_SKIPPED_LINES = 10;

function unavailable(cause?: unknown): AuthException {
  return new AuthException(AuthErrorCode.JwksUnavailable, undefined, { cause });
}

/**
 * The keys of another issuer, fetched from its JWKS URL. An unknown `kid` triggers a refetch
 * (the issuer may have rotated), at most once per `minRefetchInterval`, so a flood of tokens with
 * made-up kids costs the issuer one request per interval. When a fetch fails, or brings a key set
 * that is refused, the last keys stay in use for up to `maxStaleness`; with none that recent,
 * verification answers 503 `jwks_unavailable`.
 */
export class RemoteKeySet extends KeySet implements OnModuleInit {
  readonly signingKey = undefined;
  private index = new KeyIndex([]);
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

  async keyFor(kid: unknown, alg: unknown): Promise<JoseKey> {
    // Decided before any fetch: no issuer key set can make these tokens valid.
    if (!isJoseAlgorithm(alg)) throw unsupportedAlgorithm();
    if (kid !== undefined && typeof kid !== 'string') throw unknownKey();
    if (!this.usable() || !this.index.knows(kid)) {
      // No keys recent enough, or an unknown kid (the issuer may have rotated): ask first.
      try {
        await this.refreshIfAllowed();
      } catch (error) {
        if (!this.usable()) throw unavailable(error);
      }
      if (!this.usable()) throw unavailable();
    } else if (this.now() - this.fetchedAt >= this.timing.cacheTtl) {
      // Serve the cached key now; the refresh happens beside the request.
      this.refreshIfAllowed().catch(() => undefined);
    }
    return this.index.select(kid, alg);
  }

  publicKeys(): readonly JoseKey[] {
    return [];
  }

  /** Whether the keys were fetched recently enough to be trusted still. */
  private usable(): boolean {
    return this.now() - this.fetchedAt < this.timing.maxStaleness;
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
    const skipped: string[] = [];
    try {
      const document = await fetchJwksDocument(this.url, this.timing.timeout, this.fetchFn);
      this.index = readRemoteJwks(document, (line) => skipped.push(line));
      this.fetchedAt = this.now();
    } catch (error) {
      this.logger.warn(
        `Could not use the JWKS at ${this.url}: ${(error as Error).message}` +
          (this.usable() ? '; still using the keys fetched before.' : '.'),
      );
      throw error;
    } finally {
      this.logSkipped(skipped);
    }
  }

  private logSkipped(skipped: readonly string[]): void {
    for (const line of skipped.slice(0, MAX_SKIPPED_LINES)) {
      this.logger.warn(`The JWKS at ${this.url}: skipped ${line}`);
    }
    if (skipped.length > MAX_SKIPPED_LINES) {
      this.logger.warn(
        `The JWKS at ${this.url}: skipped ${skipped.length - MAX_SKIPPED_LINES} more keys.`,
      );
    }
  }
}
