import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Req,
  Res,
  type Type,
  UseGuards,
} from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from './auth.constants.js';
import {
  type AuthenticatedRequest,
  AuthRoutes,
  contextOf,
  type RouteRequest,
} from './auth-controller.factory.js';
import { AuthService } from './auth.service.js';
import { Public } from './decorators/public.decorator.js';
import { EmptyBodyDto } from './dto/empty-body.dto.js';
import { MfaCodeDto } from './dto/mfa-code.dto.js';
import { MfaLoginDto } from './dto/mfa-login.dto.js';
import { MfaProofDto } from './dto/mfa-proof.dto.js';
import { AuthErrorCode } from './errors/auth-error-code.js';
import { AuthException } from './errors/auth.exception.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { OwnSessionGuard } from './guards/own-session.guard.js';
import { type TokenPair } from './interfaces/token-pair.interface.js';
import { MfaLogin, type SecondFactorInput } from './mfa/mfa-login.js';
import { RECOVERY_CODE_METHOD, TOTP_METHOD } from './mfa/mfa-methods.js';
import { type TotpProof, TotpFactors } from './mfa/totp-factors.js';
import { type ResolvedAuthOptions } from './options/resolved-auth-options.js';
import { refreshTokenSessionId } from './tokens/refresh-token.js';
import { type HttpResponse, SessionTransport } from './transport/session-transport.js';
import { assertFreshLogin } from './guards/required-authentication.js';

const invalidBody = (detail: string) =>
  new AuthException(AuthErrorCode.ValidationFailed, `The request body is invalid: ${detail}.`);

/** The one second factor of a body: a TOTP code, a recovery code, or a method and its proof. */
function secondFactorOf(body: MfaLoginDto): SecondFactorInput {
  const { code, recoveryCode, method, proof } = body;
  const given = [code, recoveryCode, proof].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw invalidBody('give exactly one of code, recoveryCode and proof (with method)');
  }
  if (code !== undefined && (method ?? TOTP_METHOD) === TOTP_METHOD) return { code };
  if (recoveryCode !== undefined && (method ?? RECOVERY_CODE_METHOD) === RECOVERY_CODE_METHOD) {
    return { recoveryCode };
  }
  if (proof !== undefined && method !== undefined) return { method, proof };
  throw invalidBody('method does not match the proof given (code, recoveryCode, or proof)');
}

/** A TOTP code or a recovery code, exactly one. */
function totpProofOf(body: MfaProofDto): TotpProof {
  if ((body.code === undefined) === (body.recoveryCode === undefined)) {
    throw invalidBody('give exactly one of code and recoveryCode');
  }
  return body.code !== undefined ? { code: body.code } : { recoveryCode: body.recoveryCode! };
}

/** The name an authenticator app shows for the account: the token's `username`, else its `sub`. */
function accountLabel(request: AuthenticatedRequest): string {
  const { username, sub } = request.authInfo as { username?: unknown; sub: string };
  return typeof username === 'string' && username !== '' ? username : sub;
}

/** The controllers {@link createMfaController} built, for the OpenAPI documentation to tell. */
const mfaControllers = new WeakSet<object>();

export const isMfaController = (controller: object) => mfaControllers.has(controller);

/**
 * The `/auth/mfa` routes (docs/mfa.md): the second step of a login, and TOTP enrolment, removal
 * and recovery codes for the signed-in user. Without the `mfa` option they answer 404, as if
 * they did not exist.
 */
export function createMfaController(path: string): Type<unknown> {
  @Controller(`${path}/mfa`)
  @AuthRoutes()
  class MfaController {
    private readonly tokens: SessionTransport;

    constructor(
      private readonly auth: AuthService,
      private readonly login: MfaLogin,
      private readonly totp: TotpFactors,
      @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    ) {
      this.tokens = new SessionTransport(options.transport, path, refreshTokenSessionId);
    }

    private assertEnabled(route: string, totp = false): void {
      if (!this.options.mfa || (totp && !this.totp.enabled)) {
        throw new NotFoundException(`Cannot ${route}`);
      }
    }

    @Public()
    @Post()
    @HttpCode(200)
    async complete(
      @Body() body: MfaLoginDto,
      @Req() request: RouteRequest,
      @Res({ passthrough: true }) response: HttpResponse,
    ): Promise<Partial<TokenPair>> {
      this.assertEnabled(`POST /${path}/mfa`);
      this.tokens.assertSignInOrigin(request);
      const pair = await this.auth.completeMfaLogin(
        body.mfaToken,
        secondFactorOf(body),
        contextOf(request),
      );
      return this.tokens.deliver(request, response, pair);
    }

    @Get()
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    async status(
      @Req() request: AuthenticatedRequest,
    ): Promise<{ methods: string[]; recoveryCodesLeft: number | null }> {
      this.assertEnabled(`GET /${path}/mfa`);
      const { sub } = request.authInfo;
      const factor = await this.totp.find(sub);
      return {
        methods: await this.login.methodsOf(sub),
        recoveryCodesLeft: factor ? factor.recoveryCodes.length : null,
      };
    }

    @Post('totp')
    @HttpCode(200)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    enrol(
      @Body() _body: EmptyBodyDto,
      @Req() request: AuthenticatedRequest,
    ): Promise<{ secret: string; uri: string; expiresIn: number }> {
      this.assertEnabled(`POST /${path}/mfa/totp`, true);
      assertFreshLogin(this.options.mfa!.freshLoginSeconds, request.authInfo, this.options);
      return this.totp.enrol(request.authInfo.sub, accountLabel(request));
    }

    @Post('totp/confirm')
    @HttpCode(200)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    confirm(
      @Body() body: MfaCodeDto,
      @Req() request: AuthenticatedRequest,
    ): Promise<{ recoveryCodes: string[] }> {
      this.assertEnabled(`POST /${path}/mfa/totp/confirm`, true);
      return this.newRecoveryCodes(request, (sub) => this.totp.confirm(sub, body.code));
    }

    @Post('totp/disable')
    @HttpCode(204)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    async disable(@Body() body: MfaProofDto, @Req() request: AuthenticatedRequest): Promise<void> {
      this.assertEnabled(`POST /${path}/mfa/totp/disable`, true);
      const { sub } = request.authInfo;
      await this.login.counted(sub, request.ip, () => this.totp.disable(sub, totpProofOf(body)));
    }

    @Post('recovery-codes')
    @HttpCode(200)
    @UseGuards(JwtAuthGuard, OwnSessionGuard)
    recoveryCodes(
      @Body() body: MfaCodeDto,
      @Req() request: AuthenticatedRequest,
    ): Promise<{ recoveryCodes: string[] }> {
      this.assertEnabled(`POST /${path}/mfa/recovery-codes`, true);
      return this.newRecoveryCodes(request, (sub) =>
        this.totp.regenerateRecoveryCodes(sub, body.code),
      );
    }

    /** Recovery codes made by `check` of the user's code, an attempt counted by the throttle. */
    private async newRecoveryCodes(
      request: AuthenticatedRequest,
      check: (sub: string) => Promise<string[]>,
    ): Promise<{ recoveryCodes: string[] }> {
      const { sub } = request.authInfo;
      return { recoveryCodes: await this.login.counted(sub, request.ip, () => check(sub)) };
    }
  }
  mfaControllers.add(MfaController);
  return MfaController;
}
