/** A literal path segment: what a cookie `Path` can hold and a browser compares as written. */
const LITERAL_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,=@-]+$/;

/**
 * The `Path` of the refresh cookie, from the route pattern of an auth route next to the refresh
 * route (`/api/auth/login` gives `/api/auth/refresh`), or from `routePrefix` when the adapter
 * names no pattern. A pattern with parameters (`/t/:tenant/auth/login`) cannot name one path, so
 * the cookie goes to the literal part before the first parameter (`/t`). Only literal segments
 * get in: the result is always a valid cookie path, whatever the routes look like.
 */
export function refreshCookiePath(routePattern: string | undefined, routePrefix: string): string {
  const segments = (routePattern ?? `/${routePrefix}/refresh`).split('/').filter(Boolean);
  // The route's own name: login, refresh, logout or logout-all.
  segments.pop();
  const firstParameter = segments.findIndex((segment) => !LITERAL_SEGMENT.test(segment));
  return firstParameter === -1
    ? `/${[...segments, 'refresh'].join('/')}`
    : `/${segments.slice(0, firstParameter).join('/')}`;
}
