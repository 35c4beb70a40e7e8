import { IsOptional, IsString, Matches } from 'class-validator';
import { TOTP_CODE_MESSAGE, TOTP_CODE_PATTERN } from './mfa-code.dto.js';
import { LoginDto } from './login.dto.js';
import { StringField } from './string-field.decorator.js';

/**
 * Body of `POST /auth/reauthenticate`: the credentials again, and the session's refresh token
 * (without it, the refresh cookie, if enabled); with `code`, also a code of the user's TOTP factor.
 */
export class ReauthenticateDto extends LoginDto {
  @StringField(512, { optional: true })
  refreshToken?: string;

  @IsOptional()
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  code?: string;
}
