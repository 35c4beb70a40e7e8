import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of `POST /auth/refresh`. */
export class RefreshDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken!: string;
}
