// The load generator, in its own process so it never competes with the server's event loop:
// autocannon with a pool of tokens, a different one for each request in turn.
import autocannon from 'autocannon';

interface LoadOrder {
  url: string;
  tokens: string[];
  seconds: number;
  connections: number;
}

process.once('message', async ({ url, tokens, seconds, connections }: LoadOrder) => {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: {
            ...request.headers,
            authorization: `Bearer ${tokens[next++ % tokens.length]}`,
          },
        }),
      },
    ],
  });
  process.send!(
    {
      requestsPerSecond: result.requests.average,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    },
    () => process.exit(0),
  );
});
