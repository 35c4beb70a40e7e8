/** Where Express 5 and Fastify keep the route a request matched. */
interface RoutedRequest {
  /** Express: the path the router is mounted at, and the matched route. */
  baseUrl?: unknown;
  route?: { path?: unknown };
  /** Fastify. */
  routeOptions?: { url?: unknown };
}

/**
 * The path pattern of the route `request` matched, as the app registered it (global prefix,
 * `RouterModule` path and version included), e.g. `/api/auth/login` or `/t/:tenant/auth/login`:
 * never the request line, whose target a client writes as it likes (`/auth/login#;/x`,
 * `http://other.example/auth/login`). `undefined` outside Express and Fastify.
 */
export function routePatternOf(request: object): string | undefined {
  const { baseUrl, route, routeOptions } = request as RoutedRequest;
  if (typeof route?.path === 'string') {
    return `${typeof baseUrl === 'string' ? baseUrl : ''}${route.path}`;
  }
  return typeof routeOptions?.url === 'string' ? routeOptions.url : undefined;
}
