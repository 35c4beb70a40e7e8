import { type ExecutionContext } from '@nestjs/common';
import { httpArgument } from '../request/auth-request.js';

/** An Express response or a Fastify reply: both set a header this way. */
export interface CacheableResponse {
  header(name: string, value: string): unknown;
}

/**
 * Marks a response that carries a token, a user or an auth refusal as not to be stored by any
 * cache (RFC 6749 §5.1). {@link ETagOfNoStore} then sends it without an ETag. The app may still
 * set its own `Cache-Control` later in the request: then its header and ETag stand.
 */
export function preventCaching(response: CacheableResponse): void {
  response.header('Cache-Control', 'no-store');
}

/** Whether a `Cache-Control` header value says `no-store`. */
export function forbidsStoring(cacheControl: unknown): boolean {
  return typeof cacheControl === 'string' && /\bno-store\b/i.test(cacheControl);
}

/**
 * The response of an HTTP request, if it can take headers: an app's unit test may hand a guard an
 * ExecutionContext whose response is a bare stub.
 */
export function httpResponseOf(context: ExecutionContext): CacheableResponse | undefined {
  if (context.getType() !== 'http') return undefined;
  const response = httpArgument<Partial<CacheableResponse> | undefined>(context, 1);
  return typeof response?.header === 'function' ? (response as CacheableResponse) : undefined;
}

/** {@link preventCaching} for the response of an HTTP request; nothing for other transports. */
export function preventCachingOf(context: ExecutionContext): void {
  const response = httpResponseOf(context);
  if (response) preventCaching(response);
}
