import { type ServerResponse } from 'node:http';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { forbidsStoring } from './no-store.js';

/** What Express gives every response of an app as its prototype (`app.response`). */
interface ExpressAppLike {
  response: Pick<ServerResponse, 'writeHead'>;
}

interface FastifyReplyLike {
  getHeader(name: string): unknown;
  removeHeader(name: string): unknown;
}
interface FastifyLike {
  addHook(
    name: 'onSend',
    hook: (
      request: unknown,
      reply: FastifyReplyLike,
      payload: unknown,
      done: (error: null, payload: unknown) => void,
    ) => void,
  ): unknown;
}

/** Apps already hooked: every module instance of an app (tenants, tests) shares one hook. */
const hooked = new WeakSet<object>();

/**
 * Sends every `Cache-Control: no-store` response of the app without an ETag: a response nobody
 * stores has no use for a validator, and Express adds a weak ETag to every body. Hooked once per
 * app, where each adapter lets an app change headers last (Express: the `writeHead` of the app's
 * response prototype; Fastify: an `onSend` hook, after those of plugins such as `@fastify/etag`
 * registered before the app starts). Doing it per response instead (on-headers) made Express
 * rebuild each response object's shape: 25 µs per guarded request (docs/performance.md).
 */
@Injectable()
export class ETagOfNoStore implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    const type = adapter?.getType();
    if (type !== 'express' && type !== 'fastify') return;
    const app = adapter.getInstance<object>();
    if (hooked.has(app)) return;
    hooked.add(app);
    if (type === 'express') hookExpress(app as ExpressAppLike);
    else hookFastify(app as FastifyLike);
  }
}

function hookExpress({ response }: ExpressAppLike): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (this.hasHeader('etag') && forbidsStoring(this.getHeader('cache-control'))) {
      this.removeHeader('etag');
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

function hookFastify(fastify: FastifyLike): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.getHeader('etag') !== undefined && forbidsStoring(reply.getHeader('cache-control'))) {
      reply.removeHeader('etag');
    }
    done(null, payload);
  });
}
