import { type ServerResponse } from 'node:http';
import { jest } from '@jest/globals';
import { expectAuthError } from '../support/expect-auth-error.js';
import { foreignToken, issuerKey } from '../support/foreign-token.js';
import { type JwksServer, serveKeys, startJwksServer } from '../support/jwks-server.js';
import { type ResourceServer, startResourceServer } from '../support/resource-server-app.js';

/**
 * A resource server facing a hostile or broken JWKS endpoint: the keys that decide who gets in
 * come over the network, so their size, origin, consistency and age are all bounded.
 */
const key = issuerKey('ES256');
const other = issuerKey('ES256');
const published = (kid = 'k1', jwk = key.publicJwk) => ({ ...jwk, kid, alg: 'ES256' });
const tokenOf = (kid = 'k1', now = Date.now()) =>
  foreignToken(key.privateKey, { alg: 'ES256', kid }, { now });

const servers: Array<JwksServer | ResourceServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function track<T extends JwksServer | ResourceServer>(server: Promise<T>): Promise<T> {
  servers.push(await server);
  return servers.at(-1) as T;
}

describe('a JWKS answer that never ends (chunked, no Content-Length)', () => {
  const FLOOD_BYTES = 64 * 1024 * 1024;
  /** What the resource server's fetch hands to the module: counted while it is read. */
  let bodyBytes = 0;
  let fetchSpy: jest.SpiedFunction<typeof fetch>;

  beforeEach(() => {
    const realFetch = globalThis.fetch;
    bodyBytes = 0;
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      const counted = response.body?.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            bodyBytes += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(counted, { status: response.status, headers: response.headers });
    });
  });
  afterEach(() => fetchSpy.mockRestore());

  it('is cut off at the 512 KB cap and its connection dropped, not read in full', async () => {
    const flood = { written: 0, finished: false };
    let closed!: Promise<void>;
    const jwks = await track(
      startJwksServer((_request, response: ServerResponse) => {
        closed = new Promise((resolve) => response.once('close', resolve));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"keys":[');
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const pump = () => {
          if (response.destroyed) return;
          if (flood.written >= FLOOD_BYTES) {
            flood.finished = true;
            return void response.end(']}');
          }
          flood.written += chunk.length;
          if (response.write(chunk)) setImmediate(pump);
          else response.once('drain', pump);
        };
        pump();
      }),
    );
    const server = await track(startResourceServer(jwks.url));
    expectAuthError(await server.me(await tokenOf()), 503, 'jwks_unavailable');
    await closed;
    expect(jwks.requests).toEqual(['/jwks.json']);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    // The module read the cap and at most one chunk more, then dropped the connection...
    expect(bodyBytes).toBeGreaterThan(512 * 1024);
    expect(bodyBytes).toBeLessThan(512 * 1024 + 128 * 1024);
    // ...which the issuer saw long before the end of its 64 MB. What it managed to write is
    // what the kernel's socket buffers took in (about 4 MB on Linux loopback), not what was read.
    expect(flood.finished).toBe(false);
    expect(flood.written).toBeLessThan(FLOOD_BYTES / 2);
  });
});

describe('JWKS redirects', () => {
  it('follows a redirect within the origin of jwksUrl', async () => {
    const jwks = await track(
      startJwksServer((request, response) => {
        if (request.url === '/jwks.json') {
          response.writeHead(302, { location: '/keys/current.json' });
          return void response.end();
        }
        serveKeys(() => [published()])(request, response);
      }),
    );
    const server = await track(startResourceServer(jwks.url));
    await server.me(await tokenOf()).expect(200);
    expect(jwks.requests.slice(0, 2)).toEqual(['/jwks.json', '/keys/current.json']);
  });

  it('refuses a redirect to another origin, and never asks it', async () => {
    const elsewhere = await track(startJwksServer(serveKeys(() => [published()])));
    const jwks = await track(
      startJwksServer((_request, response) => {
        response.writeHead(302, { location: elsewhere.url });
        response.end();
      }),
    );
    expect(new URL(elsewhere.url).origin).not.toBe(new URL(jwks.url).origin);
    const server = await track(startResourceServer(jwks.url));
    expectAuthError(await server.me(await tokenOf()), 503, 'jwks_unavailable');
    expect(jwks.requests.length).toBeGreaterThan(0);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('a JWKS with duplicate kids', () => {
  it('is refused as a whole: 503 while no other key set was ever fetched', async () => {
    const jwks = await track(
      startJwksServer(serveKeys(() => [published('k1'), published('k1', other.publicJwk)])),
    );
    const server = await track(startResourceServer(jwks.url));
    expectAuthError(await server.me(await tokenOf()), 503, 'jwks_unavailable');
  });

  it('is refused as a whole, and the keys fetched before stay in use', async () => {
    let now = Date.now();
    let keys = [published('k1')];
    const jwks = await track(startJwksServer(serveKeys(() => keys)));
    const server = await track(
      startResourceServer(jwks.url, { clock: () => now, jwks: { minRefetchInterval: '30s' } }),
    );
    await server.me(await tokenOf('k1', now)).expect(200);
    const fetches = jwks.requests.length;
    // The issuer (or whoever controls its endpoint) now adds a second key under kid "k2" twice.
    keys = [published('k1'), published('k2', key.publicJwk), published('k2', other.publicJwk)];
    now += 30_000;
    expectAuthError(await server.me(await tokenOf('k2', now)), 401, 'token_invalid');
    expect(jwks.requests.length).toBe(fetches + 1);
    await server.me(await tokenOf('k1', now)).expect(200);
  });
});

describe('jwks.maxStaleness', () => {
  it('stops trusting cached keys that old while the issuer is unreachable: 503, then recovers', async () => {
    let now = Date.now();
    let down = false;
    const jwks = await track(
      startJwksServer((request, response) => {
        if (down) return void response.writeHead(500).end();
        serveKeys(() => [published()])(request, response);
      }),
    );
    const server = await track(
      startResourceServer(jwks.url, {
        clock: () => now,
        jwks: { cacheTtl: '10m', minRefetchInterval: '30s', maxStaleness: '1h' },
      }),
    );
    const start = now;
    await server.me(await tokenOf('k1', now)).expect(200);
    down = true;
    now = start + 3_599_000;
    await server.me(await tokenOf('k1', now)).expect(200);
    now = start + 3_600_000;
    expectAuthError(await server.me(await tokenOf('k1', now)), 503, 'jwks_unavailable');
    now += 1_000;
    expectAuthError(await server.me(await tokenOf('k1', now)), 503, 'jwks_unavailable');
    down = false;
    now += 30_000;
    await server.me(await tokenOf('k1', now)).expect(200);
  });
});
