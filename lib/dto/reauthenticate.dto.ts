import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LoginDto } from './login.dto.js';

/**
 * Body of `POST /auth/reauthenticate`: the credentials again, and the session's refresh token
 * (without it, the refresh cookie, if enabled).
 */
export class ReauthenticateDto extends LoginDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken?: string;
}
