import { LoginDto } from './login.dto.js';
import { StringField } from './string-field.decorator.js';

/**
 * Body of `POST /auth/reauthenticate`: the credentials again, and the session's refresh token
 * (without it, the refresh cookie, if enabled).
 */
export class ReauthenticateDto extends LoginDto {
  @StringField(512, { optional: true })
  refreshToken?: string;
}
