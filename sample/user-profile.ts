import { type AuthenticatedUser } from 'nest-jwt-auth';

/** What the sample shows of the signed-in user, the same over REST, GraphQL and socket.io. */
export interface UserProfile {
  sub: string;
  /** Absent from a token of another issuer (resource-server mode). */
  username?: string;
  roles: string[];
}

export function profileOf({ sub, username, roles }: AuthenticatedUser): UserProfile {
  return { sub, username: typeof username === 'string' ? username : undefined, roles };
}

/** The greeting of the `@OptionalAuth()` routes: personal with a valid token, generic without. */
export function greetingFor(user: AuthenticatedUser | undefined): string {
  return user ? `Hello, ${String(user.username)}.` : 'Hello, stranger.';
}
