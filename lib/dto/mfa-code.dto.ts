import { IsString, Matches } from 'class-validator';

/** The six digits an authenticator app shows. */
export const TOTP_CODE_PATTERN = /^\d{6}$/;
export const TOTP_CODE_MESSAGE = 'code must be the 6 digits of the authenticator app';

/** Body of `POST /auth/mfa/totp/confirm` and `POST /auth/mfa/recovery-codes`. */
export class MfaCodeDto {
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  code!: string;
}
