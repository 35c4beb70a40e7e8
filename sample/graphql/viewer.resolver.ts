import { Query, Resolver } from '@nestjs/graphql';
import { type AuthenticatedUser, CurrentUser, OptionalAuth, Roles } from 'nest-jwt-auth';
import { Viewer } from './viewer.model.js';

/**
 * The REST routes of AppController as queries. No guard here: the sample's global
 * `JwtAuthGuard` (APP_GUARD) covers resolvers too, and a refusal becomes a GraphQL error.
 */
@Resolver()
export class ViewerResolver {
  @Query(() => Viewer)
  me(@CurrentUser() user: AuthenticatedUser): Viewer {
    const { sub, username, roles } = user;
    return { sub, username: typeof username === 'string' ? username : undefined, roles };
  }

  @Roles('admin')
  @Query(() => String)
  adminReport(@CurrentUser('username') username: string): string {
    return `Admin report for ${username}.`;
  }

  @OptionalAuth()
  @Query(() => String)
  hello(@CurrentUser() user?: AuthenticatedUser): string {
    return user ? `Hello, ${String(user.username)}.` : 'Hello, stranger.';
  }
}
