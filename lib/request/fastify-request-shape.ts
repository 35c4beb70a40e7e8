import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** What the guard sets on every authenticated request, as passport did. */
const PASSPORT_REQUEST_PROPERTIES = ['user', 'authInfo'];

interface FastifyDecorators {
  hasRequestDecorator(name: string): boolean;
  decorateRequest(name: string, value: null): void;
}

/**
 * On Fastify, declares `user` and `authInfo` on the request up front (`decorateRequest`), so
 * the guard assigning them does not change the shape of every request object, which would
 * deoptimise Fastify's hot paths. Nothing to do on Express or without an HTTP server.
 */
@Injectable()
export class FastifyRequestShape implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyDecorators>();
    for (const name of PASSPORT_REQUEST_PROPERTIES) {
      if (!fastify.hasRequestDecorator(name)) fastify.decorateRequest(name, null);
    }
  }
}
