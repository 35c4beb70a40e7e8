import { type ServerResponse } from 'node:http';
import { type ExecutionContext } from '@nestjs/common';
import onHeaders from 'on-headers';

/** An Express response or a Fastify reply: both set a header this way; a reply wraps Node's as `raw`. */
export interface CacheableResponse {
  header(name: string, value: string): unknown;
  raw?: ServerResponse;
}

/** Responses already handled: the guard and the auth routes' filter may both meet one. */
const handled = new WeakSet<ServerResponse>();

/**
 * A response nobody stores has no use for a validator: Express adds a weak ETag to every body.
 * Left alone when the app has replaced our `no-store` with a caching policy of its own.
 */
function dropETagOfNoStore(this: ServerResponse): void {
  const cacheControl = this.getHeader('cache-control');
  if (typeof cacheControl === 'string' && /\bno-store\b/i.test(cacheControl)) {
    this.removeHeader('etag');
  }
}

/**
 * Marks a response that carries a token, a user or an auth refusal as not to be stored by any
 * cache (RFC 6749 §5.1), and sends it without an ETag. The app may still set its own
 * `Cache-Control` later in the request: then its header and ETag stand.
 */
export function preventCaching(response: CacheableResponse): void {
  response.header('Cache-Control', 'no-store');
  const raw = response.raw ?? (response as unknown as ServerResponse);
  if (handled.has(raw)) return;
  handled.add(raw);
  onHeaders(raw, dropETagOfNoStore);
}

/**
 * The response of an HTTP request, if it can take headers: an app's unit test may hand a guard an
 * ExecutionContext whose response is a bare stub.
 */
export function httpResponseOf(context: ExecutionContext): CacheableResponse | undefined {
  if (context.getType() !== 'http') return undefined;
  const response = context.switchToHttp().getResponse<Partial<CacheableResponse> | undefined>();
  return typeof response?.header === 'function' ? (response as CacheableResponse) : undefined;
}

/** {@link preventCaching} for the response of an HTTP request; nothing for other transports. */
export function preventCachingOf(context: ExecutionContext): void {
  const response = httpResponseOf(context);
  if (response) preventCaching(response);
}
