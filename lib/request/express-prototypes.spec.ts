import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { type ExpressAdapterLike, presetExpressPrototypes } from './express-prototypes.js';

const adapterOf = (app: Express, server: Server, type = 'express'): ExpressAdapterLike => ({
  getType: () => type,
  getInstance: <T>() => app as T,
  getHttpServer: () => server,
});

const requestClassOf = (server: Server) =>
  (server as unknown as Record<symbol, unknown>)[
    Object.getOwnPropertySymbols(server).find((symbol) => symbol.description === 'IncomingMessage')!
  ];

/** The prototypes of the request and response as the server built them, before Express ran. */
function prototypesOnArrival(server: Server): { request?: object; response?: object } {
  const seen: { request?: object; response?: object } = {};
  server.prependListener('request', (request, response) => {
    seen.request = Object.getPrototypeOf(request) as object;
    seen.response = Object.getPrototypeOf(response) as object;
  });
  return seen;
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('presetExpressPrototypes', () => {
  const servers: Server[] = [];
  const serve = (app: Express, options: Parameters<typeof createServer>[0] = {}) => {
    const server = createServer(options, app);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('builds requests and responses with the app’s prototypes; Express answers as before', async () => {
    const app = express();
    app.get('/x', (request, response) => {
      response.json({ app: request.app === app, path: request.path, query: request.query });
    });
    const server = serve(app);
    expect(presetExpressPrototypes(adapterOf(app, server))).toBe(true);
    const seen = prototypesOnArrival(server);
    const answer = await fetch(`${await listening(server)}/x?a=1`);
    expect(seen.request).toBe(app.request);
    expect(seen.response).toBe(app.response);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toMatch(/^W\//);
    expect(await answer.json()).toEqual({ app: true, path: '/x', query: { a: '1' } });
  });

  it('keeps a request body, a sub-app’s own prototype and the parent’s after it', async () => {
    const parent = express();
    const sub = express();
    sub.post('/echo', express.json(), (request, _response, next) => {
      (request as { seenBySub?: unknown }).seenBySub = {
        ...request.body,
        sub: request.app === sub,
      };
      next();
    });
    parent.use('/sub', sub);
    parent.use((request, response) => {
      const { seenBySub } = request as { seenBySub?: unknown };
      response.json({ seenBySub, parent: Object.getPrototypeOf(request) === parent.request });
    });
    const server = serve(parent);
    presetExpressPrototypes(adapterOf(parent, server));
    const answer = await fetch(`${await listening(server)}/sub/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ann' }),
    });
    expect(await answer.json()).toEqual({ seenBySub: { name: 'ann', sub: true }, parent: true });
  });

  it('presets a server once, however often it is called', () => {
    const app = express();
    const server = serve(app);
    expect(presetExpressPrototypes(adapterOf(app, server))).toBe(true);
    const preset = requestClassOf(server);
    expect(presetExpressPrototypes(adapterOf(app, server))).toBe(true);
    expect(requestClassOf(server)).toBe(preset);
  });

  it('leaves a server built with classes of its own alone', async () => {
    class OwnRequest extends IncomingMessage {}
    const app = express();
    app.get('/x', (_request, response) => {
      response.json({ ok: true });
    });
    const server = serve(app, { IncomingMessage: OwnRequest });
    expect(presetExpressPrototypes(adapterOf(app, server))).toBe(false);
    expect(requestClassOf(server)).toBe(OwnRequest);
    const seen = prototypesOnArrival(server);
    expect(await (await fetch(`${await listening(server)}/x`)).json()).toEqual({ ok: true });
    expect(seen.request).toBe(OwnRequest.prototype);
  });

  it('does nothing but on Express, or without a server', () => {
    const app = express();
    const server = serve(app);
    expect(presetExpressPrototypes(adapterOf(app, server, 'fastify'))).toBe(false);
    expect(presetExpressPrototypes(undefined)).toBe(false);
    expect(
      presetExpressPrototypes({ ...adapterOf(app, server), getHttpServer: () => undefined }),
    ).toBe(false);
    expect(requestClassOf(server)).toBe(IncomingMessage);
  });

  it('does nothing when the app’s prototypes are not Node’s request and response', () => {
    const server = serve(express());
    const notExpress = { request: {}, response: Object.create(ServerResponse.prototype) as object };
    const adapter = { ...adapterOf(express(), server), getInstance: <T>() => notExpress as T };
    expect(presetExpressPrototypes(adapter)).toBe(false);
    expect(requestClassOf(server)).toBe(IncomingMessage);
  });
});
