import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** A local HTTP server standing in for an issuer's JWKS endpoint. */
export interface JwksServer {
  /** `http://127.0.0.1:<port>`: its origin. */
  origin: string;
  /** `<origin>/jwks.json`. */
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export type JwksHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Serves `{ keys }` as JSON at every path. */
export const serveKeys =
  (keys: () => unknown[]): JwksHandler =>
  (_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: keys() }));
  };

/** Starts a server answering every request with `handler`, on a free port of 127.0.0.1. */
export async function startJwksServer(handler: JwksHandler): Promise<JwksServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/jwks.json`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
