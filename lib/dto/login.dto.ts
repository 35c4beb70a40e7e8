import { StringField } from './string-field.decorator.js';

/** Body of `POST /auth/login`. */
export class LoginDto {
  @StringField(256)
  username!: string;

  @StringField(1024)
  password!: string;
}
