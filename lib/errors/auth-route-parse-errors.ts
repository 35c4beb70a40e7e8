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

/**
 * What a body parser's failure becomes on an auth route, or `undefined` for any other error:
 * body-parser (Express) fails with a 400 SyntaxError, Fastify's parsers with a 400 FST_ERR_CTP_*;
 * a content type no parser takes (Fastify: multipart, unknown types; body-parser: an unsupported
 * charset) fails with 415.
 */
function parseFailureOf(error: unknown): AuthException | undefined {
  const { status, statusCode, code } = (error ?? {}) as Record<string, unknown>;
  if ((status ?? statusCode) === 415) return new AuthException(AuthErrorCode.UnsupportedMediaType);
  const unparsable =
    error instanceof SyntaxError
      ? status === 400
      : statusCode === 400 && typeof code === 'string' && code.startsWith('FST_ERR_CTP_');
  return unparsable
    ? new AuthException(
        AuthErrorCode.ValidationFailed,
        'The request body is invalid: it is not valid JSON.',
      )
    : undefined;
}

/**
 * Answers a body that the app's body parser cannot parse with 400 `validation_failed` (415
 * `unsupported_media_type` for a content type it has no parser for) on the auth routes, and on no
 * other route. The parser fails before routing, so neither a filter of the
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
    const exception = this.isAuthRoute(request) ? parseFailureOf(error) : undefined;
    if (!exception) return next(error);
    setAuthErrorHeaders(response, exception);
    response.status(exception.getStatus()).json(exception.getResponse());
  };

  private hookFastify(fastify: FastifyLike): void {
    /** Requests whose body failed to parse, with the headers their reply had before that. */
    const failed = new WeakMap<object, { exception: AuthException; headers: Set<string> }>();
    fastify.addHook('onError', async (request, reply, error) => {
      const exception = this.isAuthRoute(request as RawRequest) ? parseFailureOf(error) : undefined;
      if (exception)
        failed.set(request, { exception, headers: new Set(Object.keys(reply.getHeaders())) });
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      const failure = failed.get(request);
      if (!failure) return payload;
      const { exception, headers: before } = failure;
      // What the app's error handling added belongs to its answer, which this one replaces.
      for (const name of Object.keys(reply.getHeaders())) {
        if (!before.has(name)) reply.removeHeader(name);
      }
      reply.code(exception.getStatus());
      reply.header('Content-Type', 'application/json; charset=utf-8');
      setAuthErrorHeaders(reply, exception);
      return JSON.stringify(exception.getResponse());
    });
  }
}
