import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TOTP_CODE_MESSAGE, TOTP_CODE_PATTERN } from './mfa-code.dto.js';

/** A TOTP code or a recovery code (one of them): body of `POST /auth/mfa/totp/disable`. */
export class MfaProofDto {
  @IsOptional()
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  code?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  recoveryCode?: string;
}
