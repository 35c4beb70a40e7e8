/** The parts of an Express or Fastify request the module reads. */
export interface HttpRequest {
  method?: string;
  /** The request target as received (Express and Fastify); `url` where there is none. */
  originalUrl?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
}

/** A header's value, or its first value when it was sent more than once. */
export function headerOf(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
