// The load generator, in its own process so it never competes with the server's event loop:
// autocannon with a pool of tokens (a different one for each request in turn), or an auth flow.
import autocannon, { type Request } from 'autocannon';
import { type AuthFlow, authFlowRequests } from './auth-flow-load.js';

/** What to load: GET `url` with `tokens`, or the auth `flow` of the server at `url`. */
export type LoadTarget = { url: string } & ({ tokens: string[] } | { flow: AuthFlow });

export type LoadOrder = LoadTarget & { seconds: number; connections: number };

function bearerRequests(tokens: string[]): Request[] {
  let next = 0;
  return [
    {
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
      }),
    },
  ];
}

// Serves one order after another until the bench disconnects (Loader.close).
process.on('message', async (order: LoadOrder) => {
  const result = await autocannon({
    url: order.url,
    connections: order.connections,
    duration: order.seconds,
    requests: 'flow' in order ? authFlowRequests(order.flow) : bearerRequests(order.tokens),
  });
  process.send!({
    requestsPerSecond: result.requests.total / result.duration,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  });
});
