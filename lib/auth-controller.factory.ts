import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  type Type,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from './auth.constants.js';
import { type AuthService } from './auth.service.js';
import { Public } from './decorators/public.decorator.js';
import { AuthValidationPipe } from './dto/auth-validation.pipe.js';
import { EmptyBodyDto } from './dto/empty-body.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { ReauthenticateDto } from './dto/reauthenticate.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { SessionIdParams } from './dto/session-id.params.js';
import { TicketDto } from './dto/ticket.dto.js';
import { AuthErrorCode } from './errors/auth-error-code.js';
import { AuthExceptionFilter } from './errors/auth-exception.filter.js';
import { AuthException } from './errors/auth.exception.js';
import { IssuerOnlyGuard } from './guards/issuer-only.guard.js';
import { JsonBodyGuard } from './guards/json-body.guard.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { OwnSessionGuard } from './guards/own-session.guard.js';
import { type RequestContext } from './interfaces/auth-event.interface.js';
import { type AccessTokenClaims } from './interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from './interfaces/auth-user.interface.js';
import { type TokenPair } from './interfaces/token-pair.interface.js';
import { type ResolvedAuthOptions } from './options/resolved-auth-options.js';
import { type HttpRequest } from './request/http-request.js';
import { NoStoreInterceptor } from './response/no-store.interceptor.js';
import { type SessionInfo } from './sessions/session.interface.js';
import { sessionMetadataOf } from './sessions/session-metadata.js';
import { refreshTokenSessionId } from './tokens/refresh-token.js';
import { type HttpResponse, SessionTransport } from './transport/session-transport.js';
import { ApiKeys } from './api-keys/api-keys.service.js';
import { type ApiKeyInfo, type CreatedApiKey } from './api-keys/api-key-info.js';
import { grantsBeyond } from './api-keys/grants-beyond.js';
import { assertFreshLogin } from './guards/required-authentication.js';
import { ApiKeyIdParams } from './dto/api-key-id.params.js';
import { CreateApiKeyDto } from './dto/create-api-key.dto.js';
import { type MfaRequired } from './mfa/mfa-login.js';
import { TenantContexts } from './tenants/tenant-contexts.js';

export type RouteRequest = HttpRequest & { ip?: string };
export type AuthenticatedRequest = RouteRequest & { authInfo: AccessTokenClaims };

/** IP and user agent of a request, for the events. */
export function contextOf(request: RouteRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: Array.isArray(userAgent) ? userAgent[0] : userAgent };
}

/** What every auth route shares: its own filter, strict JSON bodies, no-store answers. */
export const AuthRoutes = () =>
  applyDecorators(
    UseGuards(IssuerOnlyGuard, JsonBodyGuard),
    UsePipes(new AuthValidationPipe()),
    UseFilters(AuthExceptionFilter),
    UseInterceptors(NoStoreInterceptor),
  );

/**
 * The `/auth` routes (docs/http-api.md), mounted at `path`. A factory, because a
 * decorator's path is fixed when the class is declared and the prefix is an option.
 *
 * Their own filter answers their refusals, whatever global filters the app has; every answer is
 * `Cache-Control: no-store` without an ETag: it carries tokens, sessions or a refusal.
 */
export function createAuthController(path: string): Type<unknown> {
  @Controller(path)
  @AuthRoutes()
  class AuthController {
    private readonly tokens: SessionTransport;

    constructor(
      @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
      private readonly apiKeys: ApiKeys,
      private readonly tenants: TenantContexts,
    ) {
      this.tokens = new SessionTransport(options.transport, path, refreshTokenSessionId);
    }

    /** The services of the request's tenant (docs/tenants.md); the module's without tenants. */
    private authOf(request: RouteRequest): AuthService {
      return this.tenants.scopeOf(request).auth;
    }

    @Public()
    @Post('login')
    @HttpCode(200)
    async login(
      @Body() body: LoginDto,
      @Req() request: RouteRequest,
      @Res({ passthrough: true }) response: HttpResponse,
    ): Promise<Partial<TokenPair> | MfaRequired> {
      if (!this.options.validateCredentials) {
        // Answer as if the route did not exist: there is no login without validateCredentials.
        throw new NotFoundException(`Cannot POST /${path}/login`);
      }
      this.tokens.assertSignInOrigin(request);
      const metadata = sessionMetadataOf(this.options.sessionMetadata, request);
      const result = await this.authOf(request).login(body.username, body.password, {
        metadata,
        ...contextOf(request),
      });
      // Half a login: no cookie is set until the second factor completes it.
      if ('mfaRequired' in result) return result;
      return this.tokens.deliver(request, response, result);
    }

    @Public()
    @Post('refresh')
    @HttpCode(200)
    async refresh(
      @Body() body: RefreshDto,
      @Req() request: RouteRequest,
      @Res({ passthrough: true }) response: HttpResponse,
    ): Promise<Partial<TokenPair>> {
      this.tokens.assertSignInOrigin(request);
      const pair = await this.authOf(request).refresh(
        this.tokens.refreshTokenOf(request, body.refreshToken),
        contextOf(request),
      );
      return this.tokens.deliver(request, response, pair);
    }

    @Public()
    @Post('reauthenticate')
    @HttpCode(200)
    async reauthenticate(
      @Body() body: ReauthenticateDto,
      @Req() request: RouteRequest,
      @Res({ passthrough: true }) response: HttpResponse,
    ): Promise<Partial<TokenPair>> {
      if (!this.options.validateCredentials) {
        throw new NotFoundException(`Cannot POST /${path}/reauthenticate`);
      }
      this.tokens.assertSignInOrigin(request);
      const pair = await this.authOf(request).reauthenticate(
        this.tokens.refreshTokenOf(request, body.refreshToken),
        body.username,
        body.password,
        { ...contextOf(request), ...(body.code === undefined ? {} : { code: body.code }) },
      );
      return this.tokens.deliver(request, response, pair);
    }

    @Post('logout')
    @HttpCode(204)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    async logout(
      @Body() _body: EmptyBodyDto,
      @Req() request: AuthenticatedRequest,
      @Res({ passthrough: true }) response: HttpResponse,
    ): Promise<void> {
      await this.authOf(request).logout(request.authInfo, contextOf(request));
      this.tokens.clear(request, response);
    }

    @Post('logout-all')
    @HttpCode(204)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    async logoutAll(
      @Body() _body: EmptyBodyDto,
      @Req() request: AuthenticatedRequest,
      @Res({ passthrough: true }) response: HttpResponse,
    ): Promise<void> {
      await this.authOf(request).revokeAllSessions(request.authInfo.sub, contextOf(request));
      this.tokens.clear(request, response);
    }

    @Get('sessions')
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    async sessions(
      @Req() request: AuthenticatedRequest,
    ): Promise<(SessionInfo & { current: boolean })[]> {
      const { sub, sid } = request.authInfo;
      const sessions = await this.authOf(request).listSessions(sub);
      return sessions.map((session) => ({ ...session, current: session.id === sid }));
    }

    @Delete('sessions/:id')
    @HttpCode(204)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    async deleteSession(
      @Param() params: SessionIdParams,
      @Req() request: AuthenticatedRequest,
    ): Promise<void> {
      const session = await this.authOf(request).getSession(params.id);
      // Someone else's session answers exactly like a missing one: ids reveal nothing.
      if (!session || session.sub !== request.authInfo.sub) {
        throw new AuthException(AuthErrorCode.SessionNotFound);
      }
      await this.authOf(request).revokeSession(params.id, contextOf(request));
    }

    @Post('ticket')
    @HttpCode(200)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    ticket(
      @Body() body: TicketDto,
      @Req() request: AuthenticatedRequest & { user: AuthenticatedUser },
    ): Promise<{ ticket: string; expiresIn: number; path: string }> {
      return this.tenants.scopeOf(request).tickets.issue(request.user, request.authInfo, body.path);
    }

    @Post('api-keys')
    @HttpCode(201)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    async createApiKey(
      @Body() body: CreateApiKeyDto,
      @Req() request: AuthenticatedRequest & { user: AuthenticatedUser },
    ): Promise<CreatedApiKey> {
      this.assertApiKeysEnabled('POST', 'api-keys');
      assertFreshLogin(this.options.apiKeys.freshLoginSeconds, request.authInfo, this.options);
      const beyond = grantsBeyond(body, request.user);
      if (beyond) throw new AuthException(AuthErrorCode.Forbidden, beyond);
      const { sub, sid } = request.authInfo;
      const created = await this.apiKeys.create(sub, body);
      // Its session ended meanwhile (a logout, a logout everywhere after a theft): no key from it.
      if (!(await this.authOf(request).getSession(sid!))) {
        await this.apiKeys.revoke(sub, created.id);
        throw new AuthException(AuthErrorCode.TokenRevoked);
      }
      return created;
    }

    @Get('api-keys')
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    listApiKeys(@Req() request: AuthenticatedRequest): Promise<ApiKeyInfo[]> {
      this.assertApiKeysEnabled('GET', 'api-keys');
      return this.apiKeys.list(request.authInfo.sub);
    }

    @Delete('api-keys/:id')
    @HttpCode(204)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    async revokeApiKey(
      @Param() params: ApiKeyIdParams,
      @Req() request: AuthenticatedRequest,
    ): Promise<void> {
      this.assertApiKeysEnabled('DELETE', `api-keys/${params.id}`);
      // Someone else's key answers exactly like a missing one: ids reveal nothing.
      if (!(await this.apiKeys.revoke(request.authInfo.sub, params.id))) {
        throw new AuthException(AuthErrorCode.ApiKeyNotFound);
      }
    }

    /** Without `'apiKey'` in `tokenLookup` no key would be accepted: the routes do not exist. */
    private assertApiKeysEnabled(method: string, route: string): void {
      if (!this.options.transport.lookup.includes('apiKey')) {
        throw new NotFoundException(`Cannot ${method} /${path}/${route}`);
      }
    }
  }
  return AuthController;
}
