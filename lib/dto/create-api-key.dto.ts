import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_API_KEY_EXPIRES_IN } from '../api-keys/api-keys.service.js';

/** Body of `POST /auth/api-keys`. */
export class CreateApiKeyDto {
  /** For its owner to recognise the key in the list, e.g. `ci-deploy`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  /** Scopes the key grants, each one the creating token has; none when omitted. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/^[\x21\x23-\x5B\x5D-\x7E]+$/, {
    each: true,
    message: 'each scope must be a scope token',
  })
  scopes?: string[];

  /** Roles the key grants, each one the creating token has; none when omitted. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(256, { each: true })
  roles?: string[];

  /** Seconds until the key expires; omitted, it lives until it is revoked. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_API_KEY_EXPIRES_IN)
  expiresIn?: number;
}
