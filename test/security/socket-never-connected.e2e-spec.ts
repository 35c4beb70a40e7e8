// A socket that AuthSockets admitted but socket.io never connected (a later middleware refused
// it) emits no 'disconnect': AuthSockets must not keep it watched until its token expires, nor
// lose a socket whose later middleware is merely slow, nor let one revoked meanwhile connect.
import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { AuthModule, AuthService, AuthSockets } from 'nest-jwt-auth';
import { type Server } from 'socket.io';
import { io } from 'socket.io-client';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { TEST_SECRET } from '../support/test-secret.js';
import { connectSocket } from '../support/ws-client.js';

/** What the app's own middleware, after ours, does: say, a per-user connection cap. */
let laterMiddleware: (next: (error?: Error) => void) => void;

@WebSocketGateway()
class CappedGateway implements OnGatewayInit<Server> {
  constructor(private readonly sockets: AuthSockets) {}

  afterInit(server: Server): void {
    server.use(this.sockets.middleware());
    server.use((_socket, next) => laterMiddleware(next));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const prefix = uniqueKeyPrefix('socket-never-connected');
let app: INestApplication;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        store: { redis: REDIS_URL, keyPrefix: prefix },
        controller: false,
      }),
    ],
    providers: [CappedGateway],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await app.close();
  await deleteKeys(prefix);
});

it('watches no socket that a later middleware refused, 2 s on', async () => {
  laterMiddleware = (next) => next(new Error('too many connections'));
  const { accessToken } = await app.get(AuthService).issueTokens({ sub: 'ivy' });
  const url = await app.getUrl();
  for (let i = 0; i < 20; i++) {
    await expect(connectSocket(url, { auth: { token: accessToken } })).rejects.toThrow(
      'too many connections',
    );
  }
  expect(app.get(AuthSockets).size).toBe(20);
  await sleep(2300);
  expect(app.get(AuthSockets).size).toBe(0);
});

it('still watches a socket whose later middleware took longer than 2 s', async () => {
  laterMiddleware = (next) => void sleep(2300).then(() => next());
  const auth = app.get(AuthService);
  const { accessToken } = await auth.issueTokens({ sub: 'joe' });
  const socket = await connectSocket(await app.getUrl(), { auth: { token: accessToken } });
  const revoked = new Promise((resolve) => socket.once('auth_revoked', resolve));
  await sleep(100);
  expect(app.get(AuthSockets).size).toBe(1);
  await auth.revokeAllSessions('joe');
  await expect(revoked).resolves.toMatchObject({ code: 'token_revoked' });
  socket.disconnect();
});

it('ends a socket revoked while a later middleware ran, once it connects', async () => {
  let release: (() => void) | undefined;
  laterMiddleware = (next) => (release = () => next());
  const auth = app.get(AuthService);
  const { accessToken } = await auth.issueTokens({ sub: 'kim' });
  const socket = io(await app.getUrl(), {
    transports: ['websocket'],
    reconnection: false,
    auth: { token: accessToken },
  });
  const told = new Promise((resolve) => socket.once('auth_revoked', resolve));
  const ended = new Promise((resolve) => socket.once('disconnect', resolve));
  while (!release) await sleep(10);
  await auth.revokeAllSessions('kim');
  release();
  await expect(told).resolves.toMatchObject({ code: 'token_revoked' });
  await ended;
  await sleep(100);
  expect(app.get(AuthSockets).size).toBe(0);
});
