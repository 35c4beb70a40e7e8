// A socket keeps its user (socket.data.user) between messages. With the guard global (APP_GUARD,
// as the sample has it), a @Public() handler of a gateway must not see the user of a token
// revoked or expired since: the guard checks the socket's token again before every handler of
// an authenticated socket, public ones included, and forgets a user it can no longer vouch for.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { type INestApplication, UseFilters } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import {
  type AuthModuleOptions,
  AuthService,
  AuthTestingModule,
  type AuthenticatedUser,
  CurrentUser,
  Denylist,
  JwtAuthGuard,
  Public,
  TestClock,
  TestTokens,
  WsAuthExceptionFilter,
} from 'nest-jwt-auth';
import { type Socket as ServerSocket } from 'socket.io';
import { type Socket } from 'socket.io-client';
import { HTTP_ADAPTER } from '../support/http-app.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { connectSocket, send } from '../support/ws-client.js';

@UseFilters(WsAuthExceptionFilter)
@WebSocketGateway()
class LobbyGateway {
  @SubscribeMessage('whoami')
  whoami(@CurrentUser('sub') sub: string) {
    return sub;
  }

  /** What a public handler sees of the socket's user, both ways it can look. */
  @Public()
  @SubscribeMessage('peek')
  peek(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @ConnectedSocket() socket: ServerSocket,
  ) {
    return {
      user: user?.sub ?? null,
      onSocket: (socket.data.user as AuthenticatedUser)?.sub ?? null,
    };
  }
}

const prefix = uniqueKeyPrefix('socket-public');

describe.each<[string, Partial<AuthModuleOptions>]>([
  ['the memory store', {}],
  [
    'Redis with the revocation mirror (the fast path)',
    { store: { redis: REDIS_URL, keyPrefix: prefix } },
  ],
])(`a @Public() gateway handler, on %s (${HTTP_ADAPTER})`, (_store, options) => {
  let app: INestApplication;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthTestingModule.forRoot({ accessTokenTtl: '5m', ...options })],
      providers: [LobbyGateway, { provide: APP_GUARD, useClass: JwtAuthGuard }],
    }).compile();
    app =
      HTTP_ADAPTER === 'fastify'
        ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
        : moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    app.get(TestClock).reset();
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await app?.close();
    await deleteKeys(prefix);
  });

  async function authenticated(sub: string) {
    const pair = await app.get(TestTokens).pair({ sub });
    const socket = await connectSocket(url, { auth: { token: pair.accessToken } });
    sockets.push(socket);
    expect(await send(socket, 'whoami')).toEqual({ ack: sub });
    expect(await send(socket, 'peek')).toEqual({ ack: { user: sub, onSocket: sub } });
    return { socket, pair };
  }

  const forgotten = { ack: { user: null, onSocket: null } };

  it('no longer sees the user once its session is logged out', async () => {
    const { socket, pair } = await authenticated('ann');
    const auth = app.get(AuthService);
    await auth.logout(await auth.verifyAccessToken(pair.accessToken));
    expect(await send(socket, 'peek')).toEqual(forgotten);
    expect(await send(socket, 'whoami')).toMatchObject({ exception: { code: 'token_revoked' } });
  });

  it('no longer sees the user once the token has expired', async () => {
    const { socket } = await authenticated('bea');
    app.get(TestClock).advance(5 * 60 * 1000 + 1000);
    expect(await send(socket, 'peek')).toEqual(forgotten);
    expect(await send(socket, 'whoami')).toMatchObject({ exception: { code: 'token_expired' } });
  });

  it('no longer sees the user while revocations cannot be checked, and still answers', async () => {
    const { socket } = await authenticated('cid');
    const denylist = app.get<Denylist>(Denylist);
    if (denylist.hasNow) jest.spyOn(denylist, 'hasNow').mockReturnValue(undefined);
    jest.spyOn(denylist, 'has').mockRejectedValue(new Error('connection refused'));
    expect(await send(socket, 'peek')).toEqual(forgotten);
    jest.restoreAllMocks();
    expect(await send(socket, 'whoami')).toEqual({ ack: 'cid' });
    expect(await send(socket, 'peek')).toEqual({ ack: { user: 'cid', onSocket: 'cid' } });
  });

  it('keeps seeing the user of a valid token, message after message', async () => {
    const { socket } = await authenticated('dee');
    for (let i = 0; i < 3; i++) {
      expect(await send(socket, 'peek')).toEqual({ ack: { user: 'dee', onSocket: 'dee' } });
    }
  });

  it('sees no user on a socket that never authenticated, token or not', async () => {
    const token = await app.get(TestTokens).accessToken({ sub: 'eve' });
    const socket = await connectSocket(url, { auth: { token } });
    sockets.push(socket);
    expect(await send(socket, 'peek')).toEqual(forgotten);
  });
});
