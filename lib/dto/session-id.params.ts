import { IsUUID } from 'class-validator';

/** Route parameters of `DELETE /auth/sessions/:id`. */
export class SessionIdParams {
  @IsUUID()
  id!: string;
}
