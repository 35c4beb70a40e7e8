import { Query, Resolver } from '@nestjs/graphql';
import { type AuthenticatedUser, CurrentUser, OptionalAuth, Roles } from 'nest-jwt-auth';
import { Viewer } from './viewer.model.js';
import { greetingFor, profileOf } from '../user-profile.js';

/**
 * The REST routes of AppController as queries. No guard here: the sample's global
 * `JwtAuthGuard` (APP_GUARD) covers resolvers too, and a refusal becomes a GraphQL error.
 */
@Resolver()
export class ViewerResolver {
  @Query(() => Viewer)
  me(@CurrentUser() user: AuthenticatedUser): Viewer {
    return profileOf(user);
  }

  @Roles('admin')
  @Query(() => String)
  adminReport(@CurrentUser('username') username: string): string {
    return `Admin report for ${username}.`;
  }

  @OptionalAuth()
  @Query(() => String)
  hello(@CurrentUser() user?: AuthenticatedUser): string {
    return greetingFor(user);
  }
}
