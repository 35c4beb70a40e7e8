// Stream tickets: POST /auth/ticket trades an access token for a single-use ticket bound to one
// path, redeemed from ?ticket= on a GET of that path (an EventSource cannot send headers).
import 'reflect-metadata';
import { Controller, type INestApplication, type MessageEvent, Post, Sse } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import {
  AuthModule,
  AuthService,
  CurrentUser,
  JwtAuthGuard,
  TICKET_TTL_SECONDS,
  type TokenPair,
} from 'nest-jwt-auth';
import { of, type Observable } from 'rxjs';
import { HTTP_ADAPTER, newHttpApp } from './support/http-app.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { TEST_SECRET } from './support/test-secret.js';

@Controller()
class StreamController {
  @Sse('events')
  events(@CurrentUser('sub') sub: string): Observable<MessageEvent> {
    return of({ data: { hello: sub } });
  }

  @Sse('other')
  other(): Observable<MessageEvent> {
    return of({ data: 'other' });
  }

  @Post('events')
  post(@CurrentUser('sub') sub: string) {
    return { changedBy: sub };
  }
}

const prefix = uniqueKeyPrefix('tickets');
let app: INestApplication;
let auth: AuthService;
let url: string;
let redis: Redis;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({ secret: TEST_SECRET, store: { redis: REDIS_URL, keyPrefix: prefix } }),
    ],
    controllers: [StreamController],
    providers: [{ provide: APP_GUARD, useExisting: JwtAuthGuard }],
  }).compile();
  app = newHttpApp(moduleRef);
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  auth = app.get(AuthService);
  redis = new Redis(REDIS_URL);
});

afterAll(async () => {
  await app.close();
  redis.disconnect();
  await deleteKeys(prefix);
});

const claimsOf = (pair: TokenPair) =>
  JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString());

async function ticketFor(pair: TokenPair, path: string) {
  const response = await fetch(`${url}/auth/ticket`, {
    method: 'POST',
    headers: { authorization: `Bearer ${pair.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ path }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A GET as an EventSource sends it: the status, and the first event or the error's code. */
async function open(path: string, method = 'GET'): Promise<{ status: number; got: string }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { accept: 'text/event-stream' },
  });
  if (response.status >= 300) {
    return { status: response.status, got: ((await response.json()) as { code: string }).code };
  }
  return { status: response.status, got: await response.text() };
}

describe('a stream ticket', () => {
  it('opens an SSE stream as its user, once', async () => {
    const pair = await auth.issueTokens({ sub: 'ann' });
    const { status, body } = await ticketFor(pair, '/events');
    expect(status).toBe(200);
    expect(body).toEqual({
      ticket: expect.any(String),
      expiresIn: TICKET_TTL_SECONDS,
      path: '/events',
    });
    const opened = await open(`/events?ticket=${body.ticket as string}`);
    expect(opened.status).toBe(200);
    expect(opened.got).toContain('data: {"hello":"ann"}');
    expect(await open(`/events?ticket=${body.ticket as string}`)).toEqual({
      status: 401,
      got: 'token_invalid',
    });
  });

  it('is redeemed once by a burst of 10 concurrent opens', async () => {
    const pair = await auth.issueTokens({ sub: 'bea' });
    const { ticket } = (await ticketFor(pair, '/events')).body as { ticket: string };
    const statuses = (
      await Promise.all(Array.from({ length: 10 }, () => open(`/events?ticket=${ticket}`)))
    ).map(({ status }) => status);
    expect(statuses.sort()).toEqual([200, ...Array(9).fill(401)]);
  });

  it('opens only its own path, with GET only; a wrong use spends it', async () => {
    const pair = await auth.issueTokens({ sub: 'cid' });
    const { ticket } = (await ticketFor(pair, '/events')).body as { ticket: string };
    expect(await open(`/other?ticket=${ticket}`)).toEqual({ status: 401, got: 'token_invalid' });
    expect(await open(`/events?ticket=${ticket}`)).toEqual({ status: 401, got: 'token_invalid' });
    const second = (await ticketFor(pair, '/events')).body.ticket as string;
    expect(await open(`/events?ticket=${second}`, 'POST')).toEqual({
      status: 401,
      got: 'token_invalid',
    });
    const third = (await ticketFor(pair, '/events')).body.ticket as string;
    // Express routes /events/ to the handler, whose ticket names /events; Fastify has no such route.
    const trailing = await open(`/events/?ticket=${third}`);
    expect(trailing.status).toBe(HTTP_ADAPTER === 'express' ? 401 : 404);
  });

  it('is refused once its session is logged out', async () => {
    const pair = await auth.issueTokens({ sub: 'dan' });
    const { ticket } = (await ticketFor(pair, '/events')).body as { ticket: string };
    await auth.logout(claimsOf(pair));
    expect(await open(`/events?ticket=${ticket}`)).toEqual({ status: 401, got: 'token_revoked' });
  });

  it('is not an access token, and an access token is not a ticket', async () => {
    const pair = await auth.issueTokens({ sub: 'eve' });
    const { ticket } = (await ticketFor(pair, '/events')).body as { ticket: string };
    const asBearer = await fetch(`${url}/events`, {
      headers: { authorization: `Bearer ${ticket}` },
    });
    expect(asBearer.status).toBe(401);
    expect(await open(`/events?ticket=${pair.accessToken}`)).toEqual({
      status: 401,
      got: 'token_malformed',
    });
    expect(await open('/events?ticket=')).toEqual({ status: 401, got: 'token_malformed' });
  });

  it('is kept in Redis only as a hash, for 30 s at most', async () => {
    const pair = await auth.issueTokens({ sub: 'fay' });
    const { ticket } = (await ticketFor(pair, '/events')).body as { ticket: string };
    const keys = await redis.keys(`${prefix}ticket:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((key) => key.includes(ticket))).toBe(false);
    for (const key of keys) {
      expect(await redis.pttl(key)).toBeLessThanOrEqual(TICKET_TTL_SECONDS * 1000);
      expect(await redis.get(key)).not.toContain(ticket);
    }
  });

  it.each([
    ['a relative path', 'events'],
    ['a query', '/events?x=1'],
    ['a fragment', '/events#x'],
    ['a space', '/ev ents'],
    ['a path over 2048 characters', `/${'a'.repeat(2048)}`],
    ['a number', 42],
  ])('is refused for %s: 400 validation_failed', async (_name, path) => {
    const pair = await auth.issueTokens({ sub: 'gus' });
    const response = await fetch(`${url}/auth/ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pair.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('validation_failed');
  });

  it('needs an access token to be issued', async () => {
    const response = await fetch(`${url}/auth/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/events' }),
    });
    expect(response.status).toBe(401);
  });
});
