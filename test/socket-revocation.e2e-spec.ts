// Sockets that learn of a logout: AuthSockets ends a socket.io connection when its session is
// revoked on any instance (pushed, not polled) and when its token expires, and renews in-band.
import 'reflect-metadata';
import { type INestApplication, UseFilters, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import {
  AUTH_RENEW_EVENT,
  AUTH_REVOKED_EVENT,
  AuthModule,
  AuthService,
  AuthSockets,
  CurrentUser,
  JwtAuthGuard,
  type RenewAck,
  type TokenPair,
  WsAuthExceptionFilter,
} from 'nest-jwt-auth';
import { type Server } from 'socket.io';
import { type Socket } from 'socket.io-client';
import { forgeToken } from './support/forge-token.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { TEST_SECRET } from './support/test-secret.js';
import { connectSocket, send } from './support/ws-client.js';

@UseFilters(WsAuthExceptionFilter)
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
class EventsGateway implements OnGatewayInit<Server> {
  @WebSocketServer() server!: Server;

  constructor(private readonly sockets: AuthSockets) {}

  afterInit(server: Server): void {
    server.use(this.sockets.middleware());
  }

  @SubscribeMessage('whoami')
  whoami(@CurrentUser('sub') sub: string) {
    return sub;
  }
}

const prefix = uniqueKeyPrefix('socket-revocation');
const apps: INestApplication[] = [];
const clients: Socket[] = [];

/** An instance with the gateway, on this suite's Redis prefix or on the memory store. */
async function instance(store: 'redis' | 'memory', accessTokenTtl = 60) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        accessTokenTtl,
        store: store === 'redis' ? { redis: REDIS_URL, keyPrefix: prefix } : 'memory',
        controller: false,
      }),
    ],
    providers: [EventsGateway],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  apps.push(app);
  return {
    app,
    auth: app.get(AuthService),
    sockets: app.get(AuthSockets),
    url: await app.getUrl(),
  };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await deleteKeys(prefix);
});

async function connect(url: string, token?: string): Promise<Socket> {
  const client = await connectSocket(url, token ? { auth: { token } } : {});
  clients.push(client);
  return client;
}

/** The `auth_revoked` payload and the disconnection that follows it, or a timeout. */
function ended(client: Socket, timeoutMs: number) {
  return new Promise<{ code: string; afterMs: number; disconnected: boolean }>(
    (resolve, reject) => {
      const started = performance.now();
      const timer = setTimeout(
        () => reject(new Error(`not ended within ${timeoutMs} ms`)),
        timeoutMs,
      );
      client.once(AUTH_REVOKED_EVENT, ({ code }: { code: string }) => {
        client.once('disconnect', () => {
          clearTimeout(timer);
          resolve({ code, afterMs: performance.now() - started, disconnected: true });
        });
      });
    },
  );
}

const claimsOf = (pair: TokenPair) =>
  JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString());

const refusalOf = (url: string, token?: string) =>
  connect(url, token).then(
    () => 'connected',
    (error: { data?: { code?: string } }) => error.data?.code,
  );

describe('a socket whose session is revoked on another instance', () => {
  it('gets auth_revoked and is disconnected, pushed through Redis', async () => {
    const [a, b] = [await instance('redis'), await instance('redis')];
    const pair = await a.auth.issueTokens({ sub: 'ann' });
    const client = await connect(a.url, pair.accessToken);
    expect(await send(client, 'whoami')).toEqual({ ack: 'ann' });
    const end = ended(client, 2000);
    await b.auth.logout(claimsOf(pair));
    const { code, afterMs } = await end;
    console.log(`socket on instance A ended ${afterMs.toFixed(1)} ms after a logout on B`);
    expect(code).toBe('token_revoked');
    expect(client.connected).toBe(false);
    expect(a.sockets.size).toBe(0);
  });

  it('is left alone when another session of the same user is revoked', async () => {
    const [a, b] = [await instance('redis'), await instance('redis')];
    const kept = await a.auth.issueTokens({ sub: 'bea' });
    const other = await a.auth.issueTokens({ sub: 'bea' });
    const client = await connect(a.url, kept.accessToken);
    await b.auth.logout(claimsOf(other));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.connected).toBe(true);
    expect(await send(client, 'whoami')).toEqual({ ack: 'bea' });
  });
});

describe('connecting', () => {
  it('is refused without a token, with a forged one, or with a revoked one (connect_error code)', async () => {
    const { auth, url } = await instance('redis');
    const pair = await auth.issueTokens({ sub: 'cid' });
    await auth.logout(claimsOf(pair));
    expect(await refusalOf(url)).toBe('token_missing');
    const [header, payload] = pair.accessToken.split('.');
    const forged = forgeToken({
      header: JSON.parse(Buffer.from(header, 'base64url').toString()),
      payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
      secret: 'not-the-secret-0123456789-abcdefghijklmnop',
    });
    expect(await refusalOf(url, forged)).toBe('token_invalid');
    expect(await refusalOf(url, pair.accessToken)).toBe('token_revoked');
  });
});

describe('expiry and renewal', () => {
  it('ends a socket when its access token expires', async () => {
    // 2 s, not 1: a token lives 2 to 3 s (exp is in whole seconds), long enough to connect on a
    // loaded CI machine, where a 1-second token once expired before the handshake (connect_error).
    const { auth, url } = await instance('redis', 2);
    const client = await connect(url, (await auth.issueTokens({ sub: 'dan' })).accessToken);
    expect(await ended(client, 4000)).toMatchObject({ code: 'token_expired', disconnected: true });
  });

  it('keeps a socket renewed in-band past the first token’s expiry, then follows the new token', async () => {
    const [a, b] = [await instance('redis', 2), await instance('redis', 2)];
    const first = await a.auth.issueTokens({ sub: 'eve' });
    const client = await connect(a.url, first.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const second = await a.auth.refresh(first.refreshToken);
    const ack = (await client.emitWithAck(AUTH_RENEW_EVENT, {
      token: second.accessToken,
    })) as RenewAck;
    expect(ack).toEqual({ ok: true, exp: claimsOf(second).exp });
    expect(claimsOf(second).exp).toBeGreaterThan(claimsOf(first).exp);
    // Past the first token's expiry the socket lives on, and the guard reads the new token.
    await new Promise((resolve) =>
      setTimeout(resolve, claimsOf(first).exp * 1000 + 300 - Date.now()),
    );
    expect(client.connected).toBe(true);
    expect(await send(client, 'whoami')).toEqual({ ack: 'eve' });
    const end = ended(client, 2000);
    await b.auth.logout(claimsOf(second));
    expect((await end).code).toBe('token_revoked');
  });

  it('refuses a renewal with another user’s token or a garbage one, and keeps the socket as it was', async () => {
    const { auth, url } = await instance('redis');
    const client = await connect(url, (await auth.issueTokens({ sub: 'fay' })).accessToken);
    const other = await auth.issueTokens({ sub: 'gus' });
    expect(await client.emitWithAck(AUTH_RENEW_EVENT, { token: other.accessToken })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await client.emitWithAck(AUTH_RENEW_EVENT, { token: 'x.y.z' })).toMatchObject({
      ok: false,
      code: 'token_malformed',
    });
    expect(await client.emitWithAck(AUTH_RENEW_EVENT, 42)).toMatchObject({
      ok: false,
      code: 'token_missing',
    });
    expect(await send(client, 'whoami')).toEqual({ ack: 'fay' });
  });
});

describe('on the memory store', () => {
  it('ends the socket of a session logged out in the same process', async () => {
    const { auth, url } = await instance('memory');
    const pair = await auth.issueTokens({ sub: 'hal' });
    const client = await connect(url, pair.accessToken);
    const end = ended(client, 2000);
    await auth.logout(claimsOf(pair));
    expect((await end).code).toBe('token_revoked');
  });
});
