// The sample's socket.io gateway, on this run's HTTP adapter: its global JwtAuthGuard on
// messages, with tokens from the sample's own /auth routes.
import { type Socket } from 'socket.io-client';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { HTTP_ADAPTER, type RunningSample, login, startSample } from './support/sample-app.js';
import { connectSocket, send } from './support/ws-client.js';

const prefix = uniqueKeyPrefix('sample-websocket');
let sample: RunningSample;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  // With GraphQL asked for, to check that the Fastify sample still boots without it.
  sample = await startSample({ redisUrl: REDIS_URL, redisKeyPrefix: prefix, graphql: true });
  // socket.io needs a real port; supertest alone never listens.
  await sample.app.listen(0, '127.0.0.1');
  url = await sample.app.getUrl();
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

afterAll(async () => {
  await sample?.close();
  await deleteKeys(prefix);
});

/** A client whose handshake carries `token` as `auth.token`, as a browser sends it. */
async function connect(token?: string): Promise<Socket> {
  const socket = await connectSocket(url, token ? { auth: { token } } : {});
  sockets.push(socket);
  return socket;
}

describe(`the sample's socket.io gateway (${HTTP_ADAPTER})`, () => {
  it('acknowledges `whoami` with the user of the handshake token', async () => {
    const { accessToken } = await login(sample);
    expect(await send(await connect(accessToken), 'whoami')).toEqual({
      ack: { sub: 'user-1', username: 'alice', roles: ['admin', 'user'] },
    });
  });

  it('refuses `admin-only` to bob with an exception event: forbidden', async () => {
    const { accessToken } = await login(sample, 'bob');
    expect(await send(await connect(accessToken), 'admin-only')).toEqual({
      exception: {
        status: 'error',
        statusCode: 403,
        code: 'forbidden',
        message: 'This route requires one of the roles: admin.',
        cause: { pattern: 'admin-only', data: {} },
      },
    });
  });

  it('acknowledges `admin-only` for alice', async () => {
    const { accessToken } = await login(sample);
    expect(await send(await connect(accessToken), 'admin-only')).toEqual({
      ack: { message: 'Welcome to the admin channel, alice.' },
    });
  });

  it('refuses `whoami` without a token (token_missing), and still answers `ping`', async () => {
    const socket = await connect();
    expect(await send(socket, 'whoami')).toMatchObject({
      exception: { statusCode: 401, code: 'token_missing' },
    });
    expect(await send(socket, 'ping')).toEqual({ ack: 'pong' });
  });
});

describe(`the sample's HTTP routes beside the gateway (${HTTP_ADAPTER})`, () => {
  it('still serve REST', async () => {
    expect(sample.app.getHttpAdapter().getType()).toBe(HTTP_ADAPTER);
    await sample.http().get('/public').expect(200);
  });

  it(
    HTTP_ADAPTER === 'fastify'
      ? 'serve no /graphql: Apollo on Fastify needs @as-integrations/fastify'
      : 'serve /graphql',
    async () => {
      const response = await sample.http().post('/graphql').send({ query: '{ hello }' });
      if (HTTP_ADAPTER === 'fastify') {
        expect(response.status).toBe(404);
      } else {
        expect(response.body).toEqual({ data: { hello: 'Hello, stranger.' } });
      }
    },
  );
});
