import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of `POST /auth/login`. */
export class LoginDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  username!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}
