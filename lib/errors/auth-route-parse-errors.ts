import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AUTH_ROUTE_PREFIX } from '../auth.constants.js';
import { type CacheableResponse } from '../response/no-store.js';
import { setAuthErrorHeaders } from './auth-error-headers.js';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';

/** The routes of the auth controller, after its prefix. */
const ROUTES = '(?:login|refresh|logout|logout-all|sessions(?:/[^/]+)?)';

interface RawRequest {
  url?: string;
  originalUrl?: string;
}
type ExpressErrorHandler = (
  error: unknown,
  request: RawRequest,
  response: CacheableResponse & { status(code: number): { json(body: unknown): unknown } },
  next: (error: unknown) => void,
) => void;
interface FastifyReplyLike extends CacheableResponse {
  code(status: number): unknown;
  getHeaders(): Record<string, unknown>;
  removeHeader(name: string): unknown;
}
type FastifyHook<Result> = (
  request: object,
  reply: FastifyReplyLike,
  errorOrPayload: unknown,
) => Promise<Result>;
interface FastifyLike {
  addHook(name: 'onError', hook: FastifyHook<void>): unknown;
  addHook(name: 'onSend', hook: FastifyHook<unknown>): unknown;
}

/** body-parser (Express) fails with a 400 SyntaxError; Fastify's parsers with a 400 FST_ERR_CTP_*. */
function isUnparsableBody(error: unknown): boolean {
  const { status, statusCode, code } = (error ?? {}) as Record<string, unknown>;
  if (error instanceof SyntaxError) return status === 400;
  return statusCode === 400 && typeof code === 'string' && code.startsWith('FST_ERR_CTP_');
}

const unparsable = () =>
  new AuthException(
    AuthErrorCode.ValidationFailed,
    'The request body is invalid: it is not valid JSON.',
  );

/**
 * Answers a body that the app's body parser cannot parse with 400 `validation_failed` on the auth
 * routes, and on no other route. The parser fails before routing, so neither a filter of the
 * controller nor any pipe sees it, and a global filter would take the app's own 400s: this hooks
 * the adapter instead, between the routes and Nest's exception layer (Express: an error
 * middleware; Fastify: `onError` notes the failure, `onSend` replaces the answer).
 */
@Injectable()
export class AuthRouteParseErrors implements OnModuleInit {
  private readonly authRoute: RegExp;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(AUTH_ROUTE_PREFIX) routePrefix: string,
  ) {
    const prefix = routePrefix.replace(/^\/+|\/+$/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Whatever global prefix or version precedes it.
    this.authRoute = new RegExp(`(?:^|/)${prefix}/${ROUTES}/?$`);
  }

  /** Runs after the routes are registered and before Nest adds its exception layer. */
  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    switch (adapter?.getType()) {
      case 'express':
        adapter.use(this.expressHandler);
        break;
      case 'fastify':
        this.hookFastify(adapter.getInstance<FastifyLike>());
        break;
    }
  }

  private isAuthRoute(request: RawRequest): boolean {
    return this.authRoute.test((request.originalUrl ?? request.url ?? '').split('?')[0]);
  }

  private readonly expressHandler: ExpressErrorHandler = (error, request, response, next) => {
    if (!isUnparsableBody(error) || !this.isAuthRoute(request)) return next(error);
    const exception = unparsable();
    setAuthErrorHeaders(response, exception);
    response.status(400).json(exception.getResponse());
  };

  private hookFastify(fastify: FastifyLike): void {
    /** Requests whose body failed to parse, with the headers their reply had before that. */
    const failed = new WeakMap<object, Set<string>>();
    fastify.addHook('onError', async (request, reply, error) => {
      if (isUnparsableBody(error) && this.isAuthRoute(request as RawRequest)) {
        failed.set(request, new Set(Object.keys(reply.getHeaders())));
      }
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      const before = failed.get(request);
      if (!before) return payload;
      // What the app's error handling added belongs to its answer, which this one replaces.
      for (const name of Object.keys(reply.getHeaders())) {
        if (!before.has(name)) reply.removeHeader(name);
      }
      const exception = unparsable();
      reply.code(400);
      reply.header('Content-Type', 'application/json; charset=utf-8');
      setAuthErrorHeaders(reply, exception);
      return JSON.stringify(exception.getResponse());
    });
  }
}
