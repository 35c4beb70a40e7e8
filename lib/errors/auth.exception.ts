import { HttpException } from '@nestjs/common';
import { type AuthErrorCode } from './auth-error-code.js';
import { AUTH_ERROR_MESSAGES, AUTH_ERROR_STATUS } from './auth-error-messages.js';

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** What `@RequireAuth()` asks of the login: `acr` one of `acrValues`, and at most `maxAge` seconds old. */
export interface StepUpRequirement {
  acrValues?: readonly string[];
  maxAge?: number;
}

/** The JSON body of every auth failure (docs/errors.md). */
export interface AuthErrorBody {
  statusCode: number;
  error: string;
  code: AuthErrorCode;
  message: string;
}

/**
 * The one exception type of every request-time auth failure. It carries a stable `code`; its
 * status and default message follow from the code, so a code can never be sent with the wrong
 * status.
 */
export class AuthException extends HttpException {
  readonly code: AuthErrorCode;
  /** Seconds the client should wait (sent as `Retry-After`), for `too_many_attempts`. */
  readonly retryAfterSeconds?: number;
  /** The scopes the route requires (sent in the challenge), for `insufficient_scope`. */
  readonly requiredScopes?: readonly string[];
  /** What the route requires of the login (sent in the challenge, RFC 9470), for `insufficient_user_authentication`. */
  readonly stepUp?: StepUpRequirement;

  constructor(
    code: AuthErrorCode,
    message?: string,
    options?: {
      cause?: unknown;
      retryAfterSeconds?: number;
      requiredScopes?: readonly string[];
      stepUp?: StepUpRequirement;
    },
  ) {
    const statusCode = AUTH_ERROR_STATUS[code];
    const body: AuthErrorBody = {
      statusCode,
      error: REASON_PHRASES[statusCode] ?? 'Error',
      code,
      message: message ?? AUTH_ERROR_MESSAGES[code],
    };
    super(body, statusCode, options);
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.requiredScopes = options?.requiredScopes;
    this.stepUp = options?.stepUp;
  }

  override getResponse(): AuthErrorBody {
    return super.getResponse() as AuthErrorBody;
  }
}
