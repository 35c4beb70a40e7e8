import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { Denylist } from '../denylist/denylist.interface.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type TicketRecord, TicketStore } from './ticket-store.interface.js';
import { denylistIds } from '../denylist/denylist-ids.js';

/** The query parameter a ticket travels in. */
export const TICKET_QUERY_PARAMETER = 'ticket';
/** A ticket's lifetime at most: long enough to open a stream, short enough to leak little. */
export const TICKET_TTL_SECONDS = 30;

/** 32 random bytes in base64url: anything else is refused before the store is asked. */
const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Browsers open streams with GET; a ticket never authorises a request that changes state. */
const TICKET_METHODS = new Set(['GET', 'HEAD']);

const invalidTicket = () =>
  new AuthException(
    AuthErrorCode.TokenInvalid,
    'The ticket is unknown, used, expired, or not for this path and method: ask POST /auth/ticket for another.',
  );

/**
 * Single-use tickets for what cannot send an `Authorization` header (a browser's `EventSource`,
 * a download link): `POST <prefix>/ticket` trades an access token for a ticket bound to one path,
 * redeemed by the guard from `?ticket=` on a GET of exactly that path within 30 seconds. The
 * access token itself never goes in a URL.
 */
@Injectable()
export class StreamTickets {
  constructor(
    @Inject(TicketStore) private readonly store: TicketStore,
    @Inject(Denylist) private readonly denylist: Denylist,
    // Only the clock: the options folder depends on this one (the TicketStore option).
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: { clock: () => number },
  ) {}

  /** A ticket for `path`, living 30 s or until the access token expires, whichever is sooner. */
  async issue(
    user: AuthenticatedUser,
    claims: AccessTokenClaims,
    path: string,
  ): Promise<{ ticket: string; expiresIn: number; path: string }> {
    const expiresIn = Math.min(
      TICKET_TTL_SECONDS,
      Math.floor(claims.exp - this.options.clock() / 1000),
    );
    if (expiresIn <= 0) throw new AuthException(AuthErrorCode.TokenExpired);
    const ticket = randomBytes(32).toString('base64url');
    const record: TicketRecord = { path, user, claims };
    await storeCall(() => this.store.put(idOf(ticket), record, expiresIn));
    return { ticket, expiresIn, path };
  }

  /**
   * The user and claims a ticket stands for, used up by this call; refused unless it is
   * presented on its own path with GET or HEAD, and its session is not revoked.
   */
  async redeem(
    ticket: string,
    request: { method?: string; path: string },
  ): Promise<{ user: AuthenticatedUser; claims: AccessTokenClaims }> {
    if (!TICKET_PATTERN.test(ticket)) throw new AuthException(AuthErrorCode.TokenMalformed);
    const record = await storeCall(() => this.store.take(idOf(ticket)));
    if (!record || record.path !== request.path || !TICKET_METHODS.has(request.method ?? '')) {
      throw invalidTicket();
    }
    const { claims } = record;
    const ids = denylistIds(claims);
    if (ids.length > 0 && (await storeCall(() => this.denylist.has(claims.sub, ids)))) {
      throw new AuthException(AuthErrorCode.TokenRevoked);
    }
    return record;
  }
}

const idOf = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');
