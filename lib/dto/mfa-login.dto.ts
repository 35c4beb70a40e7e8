import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { MfaProofDto } from './mfa-proof.dto.js';

/**
 * Body of `POST /auth/mfa`: the login's mfaToken and one second factor: `code` (TOTP),
 * `recoveryCode`, or `method` with the app factor's `proof`.
 */
export class MfaLoginDto extends MfaProofDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  mfaToken!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  method?: string;

  @IsOptional()
  @IsObject()
  proof?: Record<string, unknown>;
}
