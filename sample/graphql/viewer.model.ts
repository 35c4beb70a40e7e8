import { Field, ObjectType } from '@nestjs/graphql';

/** The signed-in user as GraphQL sees it: the same fields as `GET /me`. */
@ObjectType()
export class Viewer {
  @Field()
  sub!: string;

  // Optional because a token of another issuer (resource-server mode) may carry no username.
  @Field({ nullable: true })
  username?: string;

  @Field(() => [String])
  roles!: string[];
}
