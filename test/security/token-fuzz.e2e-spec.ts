import fc from 'fast-check';
import { AuthErrorCode, AuthException, AuthService } from 'nest-jwt-auth';
import { forgeToken } from '../support/forge-token.js';
import { type RunningSample, startSample } from '../support/sample-app.js';
import { ACCESS_TOKEN_CODES } from '../support/token-codes.js';

const CODES = new Set<string>(Object.values(AuthErrorCode));
const TOKEN_CODES = new Set(ACCESS_TOKEN_CODES);

let sample: RunningSample;
let auth: AuthService;
const valid = forgeToken();

beforeAll(async () => {
  sample = await startSample({});
  auth = sample.app.get(AuthService);
});

afterAll(async () => {
  await sample.close();
});

/** A valid token changed in one of the ways an attacker or a broken client would change it. */
const mutation = fc.oneof(
  fc
    .record({ at: fc.nat(valid.length - 1), char: fc.string({ minLength: 1, maxLength: 1 }) })
    .map(({ at, char }) => valid.slice(0, at) + char + valid.slice(at + 1)),
  fc.nat(valid.length - 1).map((at) => valid.slice(0, at) + valid.slice(at + 1)),
  fc
    .record({ at: fc.nat(valid.length), text: fc.string({ maxLength: 8 }) })
    .map(({ at, text }) => valid.slice(0, at) + text + valid.slice(at)),
  fc.nat(valid.length).map((at) => valid.slice(0, at)),
  fc.constantFrom(...permutations(valid.split('.'))).map((parts) => parts.join('.')),
);

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** What verifying `token` does: resolve (accepted) or reject with a contract code. */
async function outcome(token: string): Promise<string> {
  try {
    await auth.verifyAccessToken(token);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof AuthException)) throw error;
    return error.code;
  }
}

describe('property: AuthService.verifyAccessToken', () => {
  it('refuses arbitrary strings with a contract code and never throws anything else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.base64String()),
        async (token) => {
          expect(TOKEN_CODES).toContain(await outcome(token));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts a mutated token only when it is byte-identical to the valid one', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (token) => {
        const result = await outcome(token);
        if (token === valid) expect(result).toBe('accepted');
        else expect(TOKEN_CODES).toContain(result);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('property: GET /me over HTTP', () => {
  it('answers any Authorization header with 200 for the valid token, else a 401 with a code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutation.map((token) => `Bearer ${token}`),
          fc.string({ maxLength: 200 }).map((text) => `Bearer ${text}`),
          fc.string({ maxLength: 200 }),
        ),
        async (header) => {
          // Node refuses to send header values with control characters; nothing to test there.
          fc.pre(/^[\t\x20-\x7e\x80-\xff]*$/.test(header));
          const response = await sample.http().get('/me').set('Authorization', header);
          if (header.trim() === `Bearer ${valid}`) {
            expect(response.status).toBe(200);
          } else {
            expect(response.status).toBe(401);
            expect(CODES).toContain(response.body.code);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
