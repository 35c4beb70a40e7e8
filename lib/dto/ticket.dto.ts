import { IsString, Matches, MaxLength } from 'class-validator';

/** Body of `POST /auth/ticket`. */
export class TicketDto {
  /**
   * The path the ticket opens, as the browser will request it: absolute, without query or
   * fragment (the ticket is added as `?ticket=`), e.g. `/events`.
   */
  @IsString()
  @MaxLength(2048)
  @Matches(/^\/[\x21-\x7e]*$/, { message: 'path must be an absolute path of visible ASCII' })
  @Matches(/^[^?#]*$/, { message: 'path must have no query or fragment' })
  path!: string;
}
