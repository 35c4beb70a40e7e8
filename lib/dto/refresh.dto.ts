import { StringField } from './string-field.decorator.js';

/** Body of `POST /auth/refresh`; without `refreshToken` the refresh cookie is used, if enabled. */
export class RefreshDto {
  @StringField(512, { optional: true })
  refreshToken?: string;
}
