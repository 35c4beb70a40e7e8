import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';

export const mfaCodeInvalid = () => new AuthException(AuthErrorCode.MfaCodeInvalid);
export const mfaTokenInvalid = () => new AuthException(AuthErrorCode.MfaTokenInvalid);
export const mfaNotEnrolled = (detail?: string) =>
  new AuthException(AuthErrorCode.MfaNotEnrolled, detail);
