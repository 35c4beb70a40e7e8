import { type Type } from '@nestjs/common';
import type { ApiResponseOptions } from '@nestjs/swagger';
import { EmptyBodyDto } from '../dto/empty-body.dto.js';
import { LoginDto } from '../dto/login.dto.js';
import { ReauthenticateDto } from '../dto/reauthenticate.dto.js';
import { RefreshDto } from '../dto/refresh.dto.js';
import { TicketDto } from '../dto/ticket.dto.js';
import { CreateApiKeyDto } from '../dto/create-api-key.dto.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { CSRF_HEADER } from '../transport/csrf.js';
import { errorResponses, NO_STORE_HEADER } from './error-responses.js';
import { AUTH_TAG } from './openapi-tag.js';
import {
  AuthApiKey,
  AuthCreatedApiKey,
  AuthError,
  AuthSession,
  AuthTicket,
  AuthTokenPair,
} from './response-schemas.js';
import { type Swagger } from './swagger.js';

/** What the guard answers for a missing, bad or revoked access token. */
export const ACCESS_TOKEN_ERRORS = [
  AuthErrorCode.TokenMissing,
  AuthErrorCode.TokenMalformed,
  AuthErrorCode.TokenInvalid,
  AuthErrorCode.TokenExpired,
  AuthErrorCode.TokenNotActive,
  AuthErrorCode.TokenRevoked,
];

export interface RouteDocumentation {
  summary: string;
  description: string;
  /** The request body, when the route reads one. */
  body?: { type: Type<unknown>; required: boolean };
  /** Needs an access token. */
  authenticated: boolean;
  /** With session cookies, the route reads one, and so needs CSRF proof. */
  readsCookies: boolean;
  success: ApiResponseOptions;
  errors: AuthErrorCode[];
}

/** A token pair answered (login, refresh, the second step of a login), with its cookies. */
export function tokenPairResponse(options: ResolvedAuthOptions): ApiResponseOptions {
  const cookies = options.transport.cookies;
  const setsCookies = cookies
    ? {
        'Set-Cookie': {
          description: `The session cookies: \`${cookies.accessTokenName}\` and \`${cookies.refreshTokenName}\` (HttpOnly) and \`${cookies.csrfTokenName}\` (readable, to echo in \`${CSRF_HEADER}\`).`,
          schema: { type: 'string' },
        },
      }
    : undefined;
  return {
    status: 200,
    description: 'A new token pair.',
    type: AuthTokenPair,
    headers: { ...setsCookies, ...NO_STORE_HEADER },
  };
}

/** Login's 200 when users may have a second factor: a token pair, or the mfaToken step. */
function loginWithMfa(tokenPair: ApiResponseOptions): ApiResponseOptions {
  const { type: _type, ...rest } = tokenPair as ApiResponseOptions & { type?: unknown };
  return {
    ...rest,
    description:
      'A new token pair; for a user with a second factor, `mfaRequired` and an mfaToken instead (no token, no cookie): complete the login with `POST /auth/mfa`.',
    schema: {
      oneOf: [
        { $ref: '#/components/schemas/AuthTokenPair' },
        { $ref: '#/components/schemas/AuthMfaRequired' },
      ],
    },
  };
}

/** The auth routes as this configuration serves them, by controller method. */
function routesOf(options: ResolvedAuthOptions): Record<string, RouteDocumentation> {
  const cookies = options.transport.cookies;
  const tokenPair = tokenPairResponse(options);
  const noContent: ApiResponseOptions = { status: 204, description: 'Done; no body.' };
  const clearsCookies = cookies ? ' Clears the session cookies.' : '';
  const emptyBody = { type: EmptyBodyDto, required: false };
  const apiKeys = options.transport.lookup.includes('apiKey');
  /**
   * What the session routes answer for their access token: with `issuers`, also another issuer's
   * token refused (403) or waiting on its JWKS (503); with API keys, a key refused (403).
   */
  const sessionTokenErrors = [
    ...ACCESS_TOKEN_ERRORS,
    ...(options.issuers.length > 0 || apiKeys ? [AuthErrorCode.Forbidden] : []),
    ...(options.issuers.length > 0 ? [AuthErrorCode.JwksUnavailable] : []),
  ];
  /** What a refresh can answer, and a reauthentication too (it rotates the same way). */
  const refreshErrors = [
    AuthErrorCode.ValidationFailed,
    AuthErrorCode.UnsupportedMediaType,
    AuthErrorCode.RefreshTokenInvalid,
    AuthErrorCode.RefreshTokenReused,
    AuthErrorCode.AuthStoreUnavailable,
  ];
  /** What logout, logout-all and ending one session share: an access token in, 204 out. */
  const endsSessions = {
    authenticated: true,
    readsCookies: true,
    success: noContent,
    errors: [
      AuthErrorCode.ValidationFailed,
      AuthErrorCode.UnsupportedMediaType,
      ...sessionTokenErrors,
      AuthErrorCode.AuthStoreUnavailable,
    ],
  };
  return {
    login: {
      summary: 'Log in with a username and password',
      description:
        "Checks the credentials with the app's `validateCredentials` and starts a session: answers its first token pair. Failed logins are counted per username and per IP." +
        (cookies
          ? ' Refused from a foreign origin, which would sign the browser in as someone else.'
          : ''),
      body: { type: LoginDto, required: true },
      authenticated: false,
      readsCookies: false,
      success: options.mfa ? loginWithMfa(tokenPair) : tokenPair,
      errors: [
        AuthErrorCode.ValidationFailed,
        AuthErrorCode.UnsupportedMediaType,
        ...(cookies ? [AuthErrorCode.CsrfFailed] : []),
        AuthErrorCode.InvalidCredentials,
        ...(options.loginThrottle ? [AuthErrorCode.TooManyAttempts] : []),
        AuthErrorCode.AuthStoreUnavailable,
      ],
    },
    refresh: {
      summary: 'Exchange a refresh token for a new token pair',
      description:
        'Rotates the refresh token: it works once. Presented again, it revokes the whole session (theft detection).' +
        (cookies
          ? ` Without \`refreshToken\` in the body, the \`${cookies.refreshTokenName}\` cookie is used. Refused from a foreign origin.`
          : ''),
      body: { type: RefreshDto, required: !cookies },
      authenticated: false,
      readsCookies: true,
      success: tokenPair,
      errors: refreshErrors,
    },
    logout: {
      summary: 'End this session',
      description:
        'Revokes the session of the access token: its access and refresh tokens stop working at once.' +
        clearsCookies,
      body: emptyBody,
      ...endsSessions,
    },
    logoutAll: {
      summary: 'End every session of the user',
      description:
        "Revokes all the user's sessions, this one included (logout everywhere)." + clearsCookies,
      body: emptyBody,
      ...endsSessions,
    },
    sessions: {
      summary: "List the user's live sessions",
      description: 'Oldest first; `current` marks the session of the access token asking.',
      authenticated: true,
      readsCookies: false,
      success: {
        status: 200,
        description: 'The live sessions.',
        type: AuthSession,
        isArray: true,
        headers: NO_STORE_HEADER,
      },
      errors: [...sessionTokenErrors, AuthErrorCode.AuthStoreUnavailable],
    },
    reauthenticate: {
      summary: 'Prove the user again (step-up)',
      description:
        "Checks the credentials again, like a login, and rotates the session of the refresh token (the body's, else the refresh cookie) to a pair whose `auth_time` is now, with the `acr` and `amr` of this proof: what `@RequireAuth()` routes ask for (RFC 9470). No new session starts; later refreshes keep the new `auth_time`. Credentials of another user than the session's: 403 `forbidden`." +
        (options.mfa?.totp
          ? " With `code`, a code of the user's TOTP factor too: `acr` `mfa`, `amr` `pwd` and `otp`."
          : ''),
      body: { type: ReauthenticateDto, required: true },
      authenticated: false,
      readsCookies: true,
      success: tokenPair,
      // A refresh's refusals, and a login's.
      errors: [
        ...refreshErrors,
        AuthErrorCode.InvalidCredentials,
        AuthErrorCode.Forbidden,
        ...(options.loginThrottle ? [AuthErrorCode.TooManyAttempts] : []),
        ...(options.mfa?.totp ? [AuthErrorCode.MfaCodeInvalid] : []),
      ],
    },
    ticket: {
      summary: 'Get a stream ticket',
      description:
        "Trades the access token for a single-use ticket bound to one path, for what cannot send an `Authorization` header (a browser's `EventSource`, a download link): a GET of exactly that path with `?ticket=<ticket>` within 30 seconds is authenticated as this token's user. The access token never goes in a URL.",
      body: { type: TicketDto, required: true },
      authenticated: true,
      readsCookies: true,
      success: {
        status: 200,
        description: 'The ticket.',
        type: AuthTicket,
        headers: NO_STORE_HEADER,
      },
      errors: [
        AuthErrorCode.ValidationFailed,
        AuthErrorCode.UnsupportedMediaType,
        ...sessionTokenErrors,
        AuthErrorCode.AuthStoreUnavailable,
      ],
    },
    deleteSession: {
      summary: "End one of the user's sessions",
      description:
        "Revokes the session `id` of the user, e.g. a device they lost. Another user's session answers 404 `session_not_found`, like a missing one.",
      ...endsSessions,
      errors: [...endsSessions.errors, AuthErrorCode.SessionNotFound],
    },
    createApiKey: {
      summary: 'Create an API key',
      description:
        "Creates a key of the user for scripts and services, sent as `X-API-Key: <key>` or `Authorization: ApiKey <key>`. The answer holds the key itself, this once only: only its hash is stored. It grants the `roles` and `scopes` asked, none by default, and only ones the access token has (else 403 `forbidden`). Needs a session's access token: an API key cannot create keys.",
      body: { type: CreateApiKeyDto, required: true },
      authenticated: true,
      readsCookies: true,
      success: {
        status: 201,
        description: 'The new key, with its secret: store it now, it is never shown again.',
        type: AuthCreatedApiKey,
        headers: NO_STORE_HEADER,
      },
      errors: [
        AuthErrorCode.ValidationFailed,
        AuthErrorCode.UnsupportedMediaType,
        // With API keys on, these hold `forbidden`: a key refused, or grants beyond the token's.
        ...sessionTokenErrors,
        // A login older than apiKeys.freshLoginSeconds.
        AuthErrorCode.InsufficientUserAuthentication,
        AuthErrorCode.ApiKeyLimitReached,
        AuthErrorCode.AuthStoreUnavailable,
      ],
    },
    listApiKeys: {
      summary: "List the user's API keys",
      description: 'Oldest first, without their secrets.',
      authenticated: true,
      readsCookies: false,
      success: {
        status: 200,
        description: 'The live keys.',
        type: AuthApiKey,
        isArray: true,
        headers: NO_STORE_HEADER,
      },
      errors: [...sessionTokenErrors, AuthErrorCode.AuthStoreUnavailable],
    },
    revokeApiKey: {
      summary: "Revoke one of the user's API keys",
      description:
        "Revokes the key `id`: refused at once by every instance. Another user's key answers 404 `api_key_not_found`, like a missing one.",
      authenticated: true,
      readsCookies: true,
      success: noContent,
      errors: [
        AuthErrorCode.ValidationFailed,
        ...sessionTokenErrors,
        AuthErrorCode.ApiKeyNotFound,
        AuthErrorCode.AuthStoreUnavailable,
      ],
    },
  };
}

/** The routes of API keys, mounted only when `tokenLookup` lists `'apiKey'`. */
const API_KEY_ROUTES = new Set(['createApiKey', 'listApiKeys', 'revokeApiKey']);

/**
 * Documents the auth controller built for this configuration: every route with its body, its
 * answers and the error codes it can send. Routes the configuration disables (login without
 * `validateCredentials`, API keys without `'apiKey'` in `tokenLookup`, all of them in
 * resource-server mode) answer 404 and are left out.
 */
export function documentAuthController(
  swagger: Swagger,
  controller: Type<unknown>,
  options: ResolvedAuthOptions,
): void {
  documentRoutes(swagger, controller, options, {
    routes: routesOf(options),
    excluded: options.mode === 'resource-server',
    hidden: (method) =>
      ((method === 'login' || method === 'reauthenticate') && !options.validateCredentials) ||
      (API_KEY_ROUTES.has(method) && !options.transport.lookup.includes('apiKey')),
  });
}

/**
 * Tags `controller` and writes the documentation of each of its `routes`; an `excluded`
 * controller, and its `hidden` routes, are left out of the document.
 */
export function documentRoutes(
  swagger: Swagger,
  controller: Type<unknown>,
  options: ResolvedAuthOptions,
  documentation: {
    routes: Record<string, RouteDocumentation>;
    excluded: boolean;
    hidden: (method: string) => boolean;
    models?: Type<unknown>[];
  },
): void {
  const { ApiBearerAuth, ApiBody, ApiExcludeEndpoint, ApiHeader, ApiOperation, ApiResponse } =
    swagger;
  const { ApiExcludeController, ApiExtraModels, ApiTags } = swagger;
  const { routes, excluded, hidden, models = [] } = documentation;
  ApiTags(AUTH_TAG)(controller);
  ApiExtraModels(AuthError, ...models)(controller);
  if (excluded) ApiExcludeController()(controller);
  const cookies = options.transport.cookies;
  const prototype = controller.prototype as object;
  const resolve = options.tenants?.resolve;
  const tenantHeader = resolve && 'header' in resolve ? resolve.header : undefined;
  for (const [method, route] of Object.entries(routes)) {
    const csrf = cookies !== null && route.readsCookies;
    const decorators = [
      ApiOperation({ summary: route.summary, description: route.description }),
      ApiResponse(route.success),
      ...errorResponses(swagger, [
        ...route.errors,
        ...(csrf ? [AuthErrorCode.CsrfFailed] : []),
        ...(options.tenants ? [AuthErrorCode.TenantUnknown] : []),
      ]).map((response) => ApiResponse(response)),
      ...(route.body ? [ApiBody(route.body)] : []),
      ...(route.authenticated ? [ApiBearerAuth()] : []),
      ...(csrf
        ? [
            ApiHeader({
              name: CSRF_HEADER,
              required: false,
              description: `Only when a cookie authenticates the request: the value of the \`${cookies.csrfTokenName}\` cookie (the session's CSRF token), sent from a trusted origin.`,
            }),
          ]
        : []),
      ...(tenantHeader
        ? [ApiHeader({ name: tenantHeader, required: true, description: 'The tenant (an id).' })]
        : []),
      ...(hidden(method) ? [ApiExcludeEndpoint()] : []),
    ];
    const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
    for (const decorate of decorators) decorate(prototype, method, descriptor);
  }
}
