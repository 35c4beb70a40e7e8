/** Larger answers are refused: no key set is this big. */
export const MAX_JWKS_BYTES = 512 * 1024;
/** Same-origin redirects followed before giving up. */
export const MAX_JWKS_REDIRECTS = 3;

const ACCEPT = 'application/jwk-set+json, application/json;q=0.9';

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** Lets go of an answer whose body will not be read, so its connection is not held. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/**
 * Reads `body` up to `maxBytes`, counting while it streams: an answer without Content-Length (or
 * lying about it) is cut off at the cap, and the connection dropped, instead of being buffered in
 * full first.
 */
async function readAtMost(body: ReadableStream<Uint8Array> | null, maxBytes: number) {
  const chunks: Uint8Array[] = [];
  if (body === null) return Buffer.alloc(0);
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`the answer is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
}

/**
 * Fetches the JSON document at a JWKS URL, within `timeout` ms in all (redirects and body
 * included) and {@link MAX_JWKS_BYTES}. Redirects are followed only within the URL's origin (same
 * scheme, host and port), at most {@link MAX_JWKS_REDIRECTS}: the keys that decide who gets in
 * must come from the issuer the app named, not from wherever an open redirect on it points.
 */
export async function fetchJwksDocument(
  url: string,
  timeout: number,
  fetchFn: typeof fetch,
): Promise<unknown> {
  const signal = AbortSignal.timeout(timeout);
  const origin = new URL(url).origin;
  let target = url;
  for (let redirects = 0; ; redirects += 1) {
    const response = await fetchFn(target, {
      signal,
      redirect: 'manual',
      headers: { accept: ACCEPT },
    });
    if (!isRedirect(response.status)) {
      if (!response.ok) {
        await discard(response);
        throw new Error(`HTTP ${response.status}`);
      }
      if (Number(response.headers.get('content-length')) > MAX_JWKS_BYTES) {
        await discard(response);
        throw new Error(`the answer is larger than ${MAX_JWKS_BYTES} bytes`);
      }
      const bytes = await readAtMost(response.body, MAX_JWKS_BYTES);
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    }
    await discard(response);
    const location = response.headers.get('location');
    if (location === null) throw new Error(`HTTP ${response.status} without a Location`);
    const next = new URL(location, target);
    if (next.origin !== origin) {
      throw new Error(`it redirects to another origin (${next.origin}), which is refused`);
    }
    if (redirects === MAX_JWKS_REDIRECTS) {
      throw new Error(`it redirects more than ${MAX_JWKS_REDIRECTS} times`);
    }
    target = next.href;
  }
}
