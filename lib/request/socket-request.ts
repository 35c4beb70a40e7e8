import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { extractBearerToken } from './bearer-token.extractor.js';

/** The parts of a socket.io socket the guard reads (socket.io is not a dependency). */
export interface SocketLike {
  handshake?: {
    auth?: Record<string, unknown>;
    headers: Record<string, string | string[] | undefined>;
  };
  data?: { user?: AuthenticatedUser; [key: string]: unknown };
}

/** `token_missing` on a socket says where a socket's token goes, not where a request's does. */
export const SOCKET_TOKEN_MISSING =
  'No access token: send it in the socket.io handshake, as auth.token or an "Authorization: Bearer <token>" header.';

/**
 * A WebSocket message's stand-in for the HTTP request passport authenticates. Its token comes
 * from the socket's handshake, sent once at connection: `auth.token` (what a browser can send),
 * else the `Authorization: Bearer` header (other clients). Cookies are never read: browsers send
 * them with cross-site WebSocket handshakes, and no CSRF header can prove where a socket comes
 * from. The user is kept on the socket, `socket.data.user`, so it outlives the message.
 */
export class SocketRequest {
  readonly accessToken: string | null;
  /** The claims of this message's token once verified, as passport's `request.authInfo`. */
  authInfo: unknown = undefined;

  constructor(private readonly socket: SocketLike) {
    const fromAuth = socket.handshake?.auth?.token;
    this.accessToken =
      typeof fromAuth === 'string' && fromAuth !== ''
        ? fromAuth
        : extractBearerToken(socket.handshake ?? { headers: {} });
  }

  get user(): AuthenticatedUser | undefined {
    return this.socket.data?.user;
  }

  set user(user: AuthenticatedUser | undefined) {
    (this.socket.data ??= {}).user = user;
  }
}
