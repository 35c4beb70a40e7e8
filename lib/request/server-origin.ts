import { headerOf, type HttpRequest } from './http-request.js';

/**
 * The request as Express 5 and Fastify describe where it was sent: both derive `protocol` and
 * `host` from the connection and the Host header, and from `X-Forwarded-Proto` /
 * `X-Forwarded-Host` only when the app trusts its proxy (Express `trust proxy`, Fastify
 * `trustProxy`).
 */
type FrameworkRequest = HttpRequest & { protocol?: unknown; host?: unknown };

/** A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing a URL reads more into. */
const AUTHORITY = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/**
 * The origin (scheme, host and port) this server was reached at, or `undefined` when the request
 * does not say. Never read from the request line: an absolute-form target names whatever host
 * its sender likes.
 */
export function serverOriginOf(request: HttpRequest): string | undefined {
  const { protocol, host } = request as FrameworkRequest;
  const scheme = protocol === 'https' ? 'https' : 'http';
  const authority = typeof host === 'string' && host !== '' ? host : headerOf(request, 'host');
  if (!authority || !AUTHORITY.test(authority)) return undefined;
  const url = `${scheme}://${authority}`;
  return URL.canParse(url) ? new URL(url).origin : undefined;
}
