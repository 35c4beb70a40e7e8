import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /auth/refresh`; without `refreshToken` the refresh cookie is used, if enabled. */
export class RefreshDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken?: string;
}
