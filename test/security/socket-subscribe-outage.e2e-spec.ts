// Redis down when the first socket connects: AuthSockets' revocation subscription fails then.
// Sockets are refused (503) during the outage, as they must be; after it they must connect
// again, not stay refused until the process restarts.
import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { AuthModule, AuthService, AuthSockets } from 'nest-jwt-auth';
import { type Server } from 'socket.io';
import { TestRedisServer } from '../support/redis-server.js';
import { TEST_SECRET } from '../support/test-secret.js';
import { connectSocket } from '../support/ws-client.js';

@WebSocketGateway()
class EventsGateway implements OnGatewayInit<Server> {
  constructor(private readonly sockets: AuthSockets) {}

  afterInit(server: Server): void {
    server.use(this.sockets.middleware());
  }
}

let redis: TestRedisServer;
let app: INestApplication;

beforeAll(async () => {
  redis = await TestRedisServer.start();
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({ secret: TEST_SECRET, store: { redis: redis.url }, controller: false }),
    ],
    providers: [EventsGateway],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await redis?.stop();
});

/** 'connected', or the code of the connection's refusal. */
async function attempt(url: string, token: string): Promise<string | undefined> {
  return connectSocket(url, { auth: { token } }).then(
    (socket) => {
      socket.disconnect();
      return 'connected';
    },
    (error: { data?: { code?: string } }) => error.data?.code,
  );
}

it('refuses sockets while Redis is down at the first one, and admits them once it is back', async () => {
  const { accessToken } = await app.get(AuthService).issueTokens({ sub: 'joy' });
  const url = await app.getUrl();
  await redis.stop();
  expect(await attempt(url, accessToken)).toBe('auth_store_unavailable');
  await redis.resume();
  let outcome: string | undefined;
  const started = Date.now();
  do {
    await new Promise((resolve) => setTimeout(resolve, 200));
    outcome = await attempt(url, accessToken);
  } while (outcome !== 'connected' && Date.now() - started < 10_000);
  expect(outcome).toBe('connected');
}, 30_000);
