// Issue #14 item 20: a refresh token with an unknown session id and one with a live session id but
// a wrong secret get the same work (store calls, Redis commands, hashing, no signing), so the
// answer's timing does not tell live session ids apart. Timings are printed, never asserted.
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { type AuthException, AuthService } from 'nest-jwt-auth';
import { startAuthApp } from '../support/auth-app.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { type RecordingStores, recordedStoresForSuite } from '../support/recording-stores.js';
import { type RunningSample, login } from '../support/sample-app.js';
import { sidOf } from '../support/token-claims.js';

const { kinds, redis } = recordedStoresForSuite('refresh-timing');
/** Names of the Redis commands sent, in order. */
let commands: string[] = [];

beforeAll(() => {
  const client = redis().client;
  const send = client.sendCommand.bind(client);
  jest.spyOn(client, 'sendCommand').mockImplementation((command, stream) => {
    commands.push(command.name);
    return send(command, stream);
  });
});

const SECRET_LENGTH = 43;
const madeUpSecret = () => 'A'.repeat(SECRET_LENGTH);

describe.each(kinds)('refresh on the %s store', (name, makeStores) => {
  let app: RunningSample;
  let stores: RecordingStores;
  let liveSid: string;

  beforeAll(async () => {
    stores = makeStores();
    app = await startAuthApp({
      store: { denylist: stores.denylist, sessions: stores.sessions },
      validateCredentials: async (username) => ({ sub: username, roles: [] }),
    });
    liveSid = sidOf((await login(app, 'ann', 'pw')).accessToken);
  });

  afterAll(async () => {
    await app.close();
  });

  const unknownId = () => `${randomUUID()}.${madeUpSecret()}`;
  const wrongSecret = () => `${liveSid}.${madeUpSecret()}`;

  /** The store calls and Redis commands one refresh with `refreshToken` makes; expects a 401. */
  async function workOf(refreshToken: string) {
    stores.clear();
    commands = [];
    const response = await app.http().post('/auth/refresh').send({ refreshToken });
    expectAuthError(response, 401, 'refresh_token_invalid');
    return { storeCalls: [...stores.calls], redisCommands: commands };
  }

  it('makes the same store calls and Redis commands for an unknown id as for a wrong secret', async () => {
    // The first script call may load the script (EVALSHA, then EVAL): not part of the comparison.
    await workOf(unknownId());
    const unknown = await workOf(unknownId());
    const wrong = await workOf(wrongSecret());
    expect(unknown).toEqual(wrong);
    expect(wrong.storeCalls).toEqual(['sessions.check']);
    if (name === 'Redis') expect(wrong.redisCommands).toEqual(['get', 'evalsha']);
  });

  it('prints the median time of each through AuthService.refresh (not asserted)', async () => {
    const auth = app.app.get(AuthService);
    const samples: Record<'unknown id' | 'wrong secret', number[]> = {
      'unknown id': [],
      'wrong secret': [],
    };
    for (let i = 0; i < 500; i++) {
      for (const [label, token] of [
        ['unknown id', unknownId()],
        ['wrong secret', wrongSecret()],
      ] as const) {
        const started = process.hrtime.bigint();
        const refused = await auth.refresh(token).catch((error: AuthException) => error.code);
        samples[label].push(Number(process.hrtime.bigint() - started) / 1e6);
        expect(refused).toBe('refresh_token_invalid');
      }
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
    console.log(
      `refresh on ${name}, median of 500: unknown id ${median(samples['unknown id']).toFixed(3)} ms, ` +
        `wrong secret ${median(samples['wrong secret']).toFixed(3)} ms`,
    );
  }, 60_000);
});
