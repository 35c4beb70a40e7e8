import { Matches } from 'class-validator';

/** Route parameters of `DELETE /auth/api-keys/:id`. */
export class ApiKeyIdParams {
  /** 16 bytes in base64url: the id shown in the list and at creation. */
  @Matches(/^[A-Za-z0-9_-]{22}$/, { message: 'id must be the id of an API key' })
  id!: string;
}
