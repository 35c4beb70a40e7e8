// JwtAuthGuard, @CurrentUser(), @Roles(), @Scopes(), @Public() and @OptionalAuth() on a socket.io gateway,
// driven by a real socket.io client.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { type INestApplication, UseFilters, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  ConnectedSocket,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  type AuthenticatedUser,
  type AuthException,
  AuthService,
  AuthTestingModule,
  CurrentUser,
  Denylist,
  JwtAuthGuard,
  OptionalAuth,
  Public,
  Roles,
  Scopes,
  TestClock,
  TestTokens,
  WsAuthExceptionFilter,
} from 'nest-jwt-auth';
import { type Namespace, type Socket as ServerSocket } from 'socket.io';
import { type Socket } from 'socket.io-client';
import { forgeToken } from './support/forge-token.js';
import { connectSocket, refusal, send } from './support/ws-client.js';

@UseFilters(WsAuthExceptionFilter)
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
class EventsGateway {
  @SubscribeMessage('whoami')
  whoami(@CurrentUser() user: AuthenticatedUser, @ConnectedSocket() client: ServerSocket) {
    return { user, onSocket: client.data.user as unknown };
  }

  @Roles('admin')
  @SubscribeMessage('broadcast')
  broadcast(@CurrentUser('sub') sub: string) {
    return { sentBy: sub };
  }

  @Scopes('orders:write')
  @SubscribeMessage('order')
  order(@CurrentUser('scopes') scopes: string[]) {
    return { scopes };
  }

  @Public()
  @SubscribeMessage('ping')
  ping(@CurrentUser() user?: AuthenticatedUser) {
    return { pong: true, user: user ?? null };
  }

  @OptionalAuth()
  @SubscribeMessage('greet')
  greet(@CurrentUser('sub') sub?: string) {
    return sub ? `Hello, ${sub}.` : 'Hello, stranger.';
  }
}

/** The pattern of docs/websockets.md: refuse the connection itself, then guard each message as usual. */
@UseFilters(WsAuthExceptionFilter)
@UseGuards(JwtAuthGuard)
@WebSocketGateway({ namespace: 'strict' })
class StrictGateway implements OnGatewayInit<Namespace> {
  constructor(private readonly auth: AuthService) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth.token;
      this.auth.verifyAccessToken(typeof token === 'string' ? token : '').then(
        () => next(),
        (error: AuthException) =>
          next(Object.assign(new Error(error.message), { data: error.getResponse() })),
      );
    });
  }

  @SubscribeMessage('whoami')
  whoami(@CurrentUser('sub') sub: string) {
    return sub;
  }
}

let app: INestApplication;
let tokens: TestTokens;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthTestingModule.forRoot({ accessTokenTtl: '5m' })],
    providers: [EventsGateway, StrictGateway],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
  tokens = app.get(TestTokens);
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

afterAll(() => app?.close());

/** A connected client whose handshake carries `token` in `auth` (what a browser sends). */
async function connect(token?: string): Promise<Socket> {
  const socket = await connectSocket(url, token ? { auth: { token } } : {});
  sockets.push(socket);
  return socket;
}

describe('a guarded gateway', () => {
  it('acknowledges with the user of the token in the handshake auth, kept on socket.data', async () => {
    const socket = await connect(await tokens.accessToken({ sub: 'ann', roles: ['user'] }));
    const user = { sub: 'ann', sid: expect.any(String), roles: ['user'] };
    expect(await send(socket, 'whoami')).toEqual({ ack: { user, onSocket: user } });
  });

  it('reads the Authorization header of the handshake too', async () => {
    const token = await tokens.accessToken({ sub: 'bob' });
    const socket = await connectSocket(url, { extraHeaders: { authorization: `Bearer ${token}` } });
    sockets.push(socket);
    expect(await send(socket, 'whoami')).toMatchObject({ ack: { user: { sub: 'bob' } } });
  });

  it('prefers the handshake auth token to the header', async () => {
    const [ann, bob] = [
      await tokens.accessToken({ sub: 'ann' }),
      await tokens.accessToken({ sub: 'bob' }),
    ];
    const socket = await connectSocket(url, {
      auth: { token: ann },
      extraHeaders: { authorization: `Bearer ${bob}` },
    });
    sockets.push(socket);
    expect(await send(socket, 'whoami')).toMatchObject({ ack: { user: { sub: 'ann' } } });
  });

  it('refuses a message without a token with an exception event, and the socket stays usable', async () => {
    const socket = await connect();
    const answer = await send(socket, 'whoami');
    expect(answer).toEqual(refusal(401, 'token_missing'));
    expect((answer as { exception: { message: string } }).exception.message).toMatch(
      /handshake, as auth\.token/,
    );
    expect(socket.connected).toBe(true);
    expect(await send(socket, 'ping')).toEqual({ ack: { pong: true, user: null } });
  });

  it('refuses a token signed with another key: token_invalid', async () => {
    const socket = await connect(forgeToken({ secret: 'x'.repeat(40) }));
    expect(await send(socket, 'whoami')).toEqual(refusal(401, 'token_invalid'));
  });

  it('checks every message: token_expired once the token has expired on an open socket', async () => {
    const socket = await connect(await tokens.accessToken({ sub: 'ann' }));
    expect(await send(socket, 'whoami')).toMatchObject({ ack: { user: { sub: 'ann' } } });
    app.get(TestClock).advance(5 * 60 * 1000 + 1000);
    try {
      expect(await send(socket, 'whoami')).toEqual(refusal(401, 'token_expired'));
    } finally {
      app.get(TestClock).reset();
    }
    expect(await send(socket, 'whoami')).toMatchObject({ ack: { user: { sub: 'ann' } } });
  });

  it('refuses the messages of an open socket after logout, and forgets its user', async () => {
    const pair = await tokens.pair({ sub: 'ann' });
    const socket = await connect(pair.accessToken);
    expect(await send(socket, 'whoami')).toMatchObject({ ack: { user: { sub: 'ann' } } });
    const auth = app.get(AuthService);
    await auth.logout(await auth.verifyAccessToken(pair.accessToken));
    expect(await send(socket, 'whoami')).toEqual(refusal(401, 'token_revoked'));
    expect(await send(socket, 'ping')).toEqual({ ack: { pong: true, user: null } });
  });

  it('answers auth_store_unavailable (503) when revocations cannot be checked', async () => {
    const socket = await connect(await tokens.accessToken({ sub: 'ann' }));
    const has = jest
      .spyOn(app.get<Denylist>(Denylist), 'has')
      .mockRejectedValue(new Error('connection refused'));
    try {
      expect(await send(socket, 'whoami')).toEqual(refusal(503, 'auth_store_unavailable'));
    } finally {
      has.mockRestore();
    }
    expect(await send(socket, 'whoami')).toMatchObject({ ack: { user: { sub: 'ann' } } });
  });
});

describe('@Roles() on a gateway handler', () => {
  it('refuses a user without the role: forbidden (403)', async () => {
    const socket = await connect(await tokens.accessToken({ sub: 'ann', roles: ['user'] }));
    const answer = await send(socket, 'broadcast');
    expect(answer).toEqual(refusal(403, 'forbidden', 'broadcast'));
    expect((answer as { exception: { message: string } }).exception.message).toBe(
      'This route requires one of the roles: admin.',
    );
  });

  it('lets a user with the role through', async () => {
    const socket = await connect(await tokens.accessToken({ sub: 'boss', roles: ['admin'] }));
    expect(await send(socket, 'broadcast')).toEqual({ ack: { sentBy: 'boss' } });
  });
});

describe('@Scopes() on a gateway handler', () => {
  it('refuses a token lacking the scope: insufficient_scope (403), naming it', async () => {
    const socket = await connect(
      await tokens.accessToken({ sub: 'ann', scopes: ['orders:read', 'orders:write-all'] }),
    );
    const answer = await send(socket, 'order');
    expect(answer).toEqual(refusal(403, 'insufficient_scope', 'order'));
    expect((answer as { exception: { message: string } }).exception.message).toBe(
      'This route requires the scopes: orders:write.',
    );
  });

  it('lets a token with the scope through, its user holding the scopes', async () => {
    const socket = await connect(
      await tokens.accessToken({ sub: 'ann', scopes: ['orders:read', 'orders:write'] }),
    );
    expect(await send(socket, 'order')).toEqual({
      ack: { scopes: ['orders:read', 'orders:write'] },
    });
  });
});

describe('@OptionalAuth() on a gateway handler', () => {
  it('answers without a token, sees the user of a valid one, refuses a bad one', async () => {
    expect(await send(await connect(), 'greet')).toEqual({ ack: 'Hello, stranger.' });
    const valid = await connect(await tokens.accessToken({ sub: 'ann' }));
    expect(await send(valid, 'greet')).toEqual({ ack: 'Hello, ann.' });
    const forged = await connect(forgeToken({ secret: 'x'.repeat(40) }));
    expect(await send(forged, 'greet')).toEqual(refusal(401, 'token_invalid', 'greet'));
  });
});

describe('authenticating the connection itself (socket.io middleware)', () => {
  it('refuses to connect without a valid token, with the code in connect_error', async () => {
    const forged = forgeToken({ secret: 'x'.repeat(40) });
    await expect(connectSocket(`${url}/strict`, { auth: { token: forged } })).rejects.toMatchObject(
      { data: { statusCode: 401, code: 'token_invalid' } },
    );
    await expect(connectSocket(`${url}/strict`)).rejects.toMatchObject({
      data: { statusCode: 401, code: 'token_malformed' },
    });
  });

  it('connects with a valid token and still guards each message', async () => {
    const pair = await tokens.pair({ sub: 'ann' });
    const socket = await connectSocket(`${url}/strict`, { auth: { token: pair.accessToken } });
    sockets.push(socket);
    expect(await send(socket, 'whoami')).toEqual({ ack: 'ann' });
    const auth = app.get(AuthService);
    await auth.logout(await auth.verifyAccessToken(pair.accessToken));
    expect(await send(socket, 'whoami')).toMatchObject({ exception: { code: 'token_revoked' } });
  });
});
