import { type Type } from '@nestjs/common';
import type { ApiResponseOptions } from '@nestjs/swagger';
import { EmptyBodyDto } from '../dto/empty-body.dto.js';
import { MfaCodeDto } from '../dto/mfa-code.dto.js';
import { MfaLoginDto } from '../dto/mfa-login.dto.js';
import { MfaProofDto } from '../dto/mfa-proof.dto.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import {
  ACCESS_TOKEN_ERRORS,
  documentRoutes,
  type RouteDocumentation,
  tokenPairResponse,
} from './auth-routes.openapi.js';
import { NO_STORE_HEADER } from './error-responses.js';
import {
  AuthMfaRequired,
  AuthMfaStatus,
  AuthRecoveryCodes,
  AuthTotpEnrolment,
} from './response-schemas.js';
import { type Swagger } from './swagger.js';

const ok = (description: string, type: Type<unknown>): ApiResponseOptions => ({
  status: 200,
  description,
  type,
  headers: NO_STORE_HEADER,
});

/** The `/auth/mfa` routes, by controller method. */
function routesOf(options: ResolvedAuthOptions): Record<string, RouteDocumentation> {
  const throttled = options.loginThrottle ? [AuthErrorCode.TooManyAttempts] : [];
  const body = [AuthErrorCode.ValidationFailed, AuthErrorCode.UnsupportedMediaType];
  /** A signed-in user's route taking a code of the factor. */
  const withCode = {
    authenticated: true,
    readsCookies: true,
    errors: [
      ...body,
      ...ACCESS_TOKEN_ERRORS,
      AuthErrorCode.MfaCodeInvalid,
      AuthErrorCode.MfaNotEnrolled,
      ...throttled,
      AuthErrorCode.AuthStoreUnavailable,
    ],
  };
  return {
    complete: {
      summary: 'Complete a login with its second factor',
      description:
        "The second step of a login that answered `mfaRequired`: the mfaToken and one of the login's `methods`: `code` (TOTP), `recoveryCode`, or `method` with the app factor's `proof`. Starts the session, its tokens saying `acr: mfa` and `amr` `pwd` with `otp`, `rc` or the factor's own. An mfaToken works once, for a few attempts, for minutes; wrong codes are throttled like logins.",
      body: { type: MfaLoginDto, required: true },
      authenticated: false,
      readsCookies: false,
      success: tokenPairResponse(options),
      errors: [
        ...body,
        ...(options.transport.cookies ? [AuthErrorCode.CsrfFailed] : []),
        AuthErrorCode.MfaTokenInvalid,
        AuthErrorCode.MfaCodeInvalid,
        AuthErrorCode.MfaMethodUnavailable,
        ...throttled,
        AuthErrorCode.AuthStoreUnavailable,
      ],
    },
    status: {
      summary: "The user's second factors",
      description: 'The methods a login of this user would offer, and the recovery codes left.',
      authenticated: true,
      readsCookies: false,
      success: ok('The factors.', AuthMfaStatus),
      errors: [...ACCESS_TOKEN_ERRORS, AuthErrorCode.AuthStoreUnavailable],
    },
    enrol: {
      summary: 'Start a TOTP enrolment',
      description:
        'A new secret and its `otpauth://` URI (show it as a QR code), pending for 10 minutes until `POST /auth/mfa/totp/confirm` receives a first code. A user with an active factor must remove it first (409); the login of the access token must be at most `mfa.freshLoginSeconds` old (401 `insufficient_user_authentication`).',
      body: { type: EmptyBodyDto, required: false },
      authenticated: true,
      readsCookies: true,
      success: ok('The pending secret.', AuthTotpEnrolment),
      errors: [
        ...body,
        ...ACCESS_TOKEN_ERRORS,
        AuthErrorCode.InsufficientUserAuthentication,
        AuthErrorCode.MfaAlreadyEnrolled,
        AuthErrorCode.AuthStoreUnavailable,
      ],
    },
    confirm: {
      summary: 'Confirm the TOTP enrolment',
      description:
        'Activates the pending factor with a first code, and answers its recovery codes: shown this once, stored only hashed. Refused (409) while a factor is active.',
      body: { type: MfaCodeDto, required: true },
      success: ok('The recovery codes.', AuthRecoveryCodes),
      ...withCode,
    },
    disable: {
      summary: 'Remove the TOTP factor',
      description:
        'Removes the factor and its recovery codes, given a current code or a recovery code. Logins then need the password alone.',
      body: { type: MfaProofDto, required: true },
      success: { status: 204, description: 'Done; no body.' },
      ...withCode,
    },
    recoveryCodes: {
      summary: 'Replace the recovery codes',
      description: 'New recovery codes, given a current code; the previous ones stop working.',
      body: { type: MfaCodeDto, required: true },
      success: ok('The new recovery codes.', AuthRecoveryCodes),
      ...withCode,
    },
  };
}

/**
 * Documents the `/auth/mfa` controller; without the `mfa` option its routes answer 404 and are
 * left out, and without TOTP so are the TOTP ones.
 */
export function documentMfaController(
  swagger: Swagger,
  controller: Type<unknown>,
  options: ResolvedAuthOptions,
): void {
  const totpOnly = new Set(['enrol', 'confirm', 'disable', 'recoveryCodes']);
  documentRoutes(swagger, controller, options, {
    routes: routesOf(options),
    excluded: !options.mfa || options.mode === 'resource-server',
    hidden: (method) => totpOnly.has(method) && !options.mfa?.totp,
    // Login's answer refers to it, on the other controller.
    models: [AuthMfaRequired],
  });
}
