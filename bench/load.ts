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

async function serve(order: LoadOrder): Promise<void> {
  const result = await autocannon({
    url: order.url,
    connections: order.connections,
    duration: order.seconds,
    requests: 'flow' in order ? authFlowRequests(order.flow) : bearerRequests(order.tokens),
  });
  process.send!({
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  });
}

// Serves one order after another until the bench disconnects (Loader.close). A load that fails
// ends this process, so the bench sees it exit instead of waiting for an answer forever.
process.on('message', (order: LoadOrder) => {
  serve(order).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
