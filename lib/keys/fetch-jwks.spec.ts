import { jest } from '@jest/globals';
import { fetchJwksDocument, MAX_JWKS_BYTES, MAX_JWKS_REDIRECTS } from './fetch-jwks.js';

const URL_ = 'https://issuer.example/.well-known/jwks.json';
const DOCUMENT = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }] };

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const redirect = (location: string, status = 302) =>
  new Response(null, { status, headers: { location } });

/** A fetch answering each URL from `routes`. */
function fetchOf(routes: Record<string, () => Response>) {
  return jest.fn<typeof fetch>(async (input) => {
    const route = routes[String(input)];
    if (!route) throw new TypeError(`no route for ${String(input)}`);
    return route();
  });
}

/** The message `promise` rejects with; fails when it resolves. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** A body that streams `chunk` for ever, counting what was pulled and whether it was cancelled. */
function endlessBody(chunkBytes = 16 * 1024) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { state, body };
}

describe('fetchJwksDocument', () => {
  it('fetches the document with a timeout signal, manual redirects and a JWK set Accept', async () => {
    const fetchFn = fetchOf({ [URL_]: () => json(DOCUMENT) });
    await expect(fetchJwksDocument(URL_, 1000, fetchFn)).resolves.toEqual(DOCUMENT);
    const init = fetchFn.mock.calls[0][1]!;
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(init.redirect).toBe('manual');
    expect(new Headers(init.headers).get('accept')).toMatch(/^application\/jwk-set\+json/);
  });

  describe('size', () => {
    it('stops reading a body without Content-Length at the cap, and cancels it', async () => {
      const { state, body } = endlessBody();
      const fetchFn = fetchOf({ [URL_]: () => new Response(body) });
      expect(await failure(fetchJwksDocument(URL_, 1000, fetchFn))).toMatch(/larger than/);
      expect(state.cancelled).toBe(true);
      // At most the cap plus what the stream had queued ahead: never the whole stream.
      expect(state.pulled).toBeLessThan(MAX_JWKS_BYTES + 256 * 1024);
    });

    it('refuses a declared Content-Length over the cap without reading the body', async () => {
      const { state, body } = endlessBody();
      const fetchFn = fetchOf({
        [URL_]: () => new Response(body, { headers: { 'content-length': '99999999' } }),
      });
      expect(await failure(fetchJwksDocument(URL_, 1000, fetchFn))).toMatch(/larger than/);
      expect(state.cancelled).toBe(true);
      expect(state.pulled).toBeLessThanOrEqual(64 * 1024);
    });

    it('reads a document of exactly the cap', async () => {
      const padding = ' '.repeat(MAX_JWKS_BYTES - JSON.stringify(DOCUMENT).length);
      const fetchFn = fetchOf({ [URL_]: () => new Response(JSON.stringify(DOCUMENT) + padding) });
      await expect(fetchJwksDocument(URL_, 1000, fetchFn)).resolves.toEqual(DOCUMENT);
    });

    it('refuses a body that is not UTF-8', async () => {
      const fetchFn = fetchOf({ [URL_]: () => new Response(new Uint8Array([0x7b, 0xff, 0x7d])) });
      expect(await failure(fetchJwksDocument(URL_, 1000, fetchFn))).toMatch(/not valid|encoded/);
    });
  });

  describe('redirects', () => {
    it.each([301, 302, 303, 307, 308])(
      'follows a %i to the same origin, relative or absolute',
      async (status) => {
        const fetchFn = fetchOf({
          [URL_]: () => redirect('/keys', status),
          'https://issuer.example/keys': () => redirect('https://issuer.example/keys.json'),
          'https://issuer.example/keys.json': () => json(DOCUMENT),
        });
        await expect(fetchJwksDocument(URL_, 1000, fetchFn)).resolves.toEqual(DOCUMENT);
        expect(fetchFn).toHaveBeenCalledTimes(3);
      },
    );

    it.each([
      ['another host', 'https://evil.example/jwks.json'],
      ['a subdomain', 'https://keys.issuer.example/jwks.json'],
      ['another port', 'https://issuer.example:8443/jwks.json'],
      ['plain http', 'http://issuer.example/jwks.json'],
      ['a protocol-relative URL', '//evil.example/jwks.json'],
    ])('refuses a redirect to %s, without fetching it', async (_case, location) => {
      const fetchFn = fetchOf({
        [URL_]: () => redirect(location),
        [location]: () => json(DOCUMENT),
      });
      expect(await failure(fetchJwksDocument(URL_, 1000, fetchFn))).toMatch(
        /redirects to another origin/,
      );
      expect(fetchFn).toHaveBeenCalledTimes(1);
    });

    it('refuses a same-origin redirect that leads to another origin', async () => {
      const fetchFn = fetchOf({
        [URL_]: () => redirect('/next'),
        'https://issuer.example/next': () => redirect('https://evil.example/jwks.json'),
      });
      expect(await failure(fetchJwksDocument(URL_, 1000, fetchFn))).toMatch(/another origin/);
      expect(fetchFn).toHaveBeenCalledTimes(2);
    });

    it(`gives up after ${MAX_JWKS_REDIRECTS} redirects`, async () => {
      const fetchFn = fetchOf({ [URL_]: () => redirect(URL_) });
      expect(await failure(fetchJwksDocument(URL_, 1000, fetchFn))).toMatch(/redirects more than/);
      expect(fetchFn).toHaveBeenCalledTimes(MAX_JWKS_REDIRECTS + 1);
    });

    it('refuses a redirect without Location', async () => {
      const fetchFn = fetchOf({ [URL_]: () => new Response(null, { status: 302 }) });
      expect(await failure(fetchJwksDocument(URL_, 1000, fetchFn))).toMatch(/without a Location/);
    });
  });

  it('refuses an error status', async () => {
    const fetchFn = fetchOf({ [URL_]: () => new Response('{}', { status: 404 }) });
    expect(await failure(fetchJwksDocument(URL_, 1000, fetchFn))).toBe('HTTP 404');
  });
});
