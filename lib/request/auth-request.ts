import { type ExecutionContext } from '@nestjs/common';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type SocketLike, SocketRequest } from './socket-request.js';

/**
 * What the guard authenticates and `@CurrentUser()` reads: once verified it holds the user and,
 * as passport's `authInfo`, the token's claims.
 */
export interface AuthRequest {
  user?: AuthenticatedUser;
  authInfo?: unknown;
}

/** A resolver's GraphQL context: `{ req }` with Apollo, `{ reply }` with Mercurius. */
interface GraphQLContextLike {
  req?: AuthRequest;
  reply?: { request?: AuthRequest };
}

function graphQLRequestOf(graphQLContext: GraphQLContextLike | undefined): AuthRequest {
  const request = graphQLContext?.req ?? graphQLContext?.reply?.request;
  if (!request) {
    throw new Error(
      'nest-jwt-auth: the GraphQL context has no HTTP request to authenticate. ' +
        'A custom `context` function of GraphQLModule must keep `req` (Apollo) or `reply` (Mercurius).',
    );
  }
  return request;
}

/**
 * The request of any kind of handler, told apart by `context.getType()` so that neither
 * `@nestjs/graphql` nor `@nestjs/websockets` has to be installed: the HTTP request of a
 * controller or of a GraphQL operation, or a {@link SocketRequest} for a gateway's message.
 */
export function authRequestOf(context: ExecutionContext): AuthRequest {
  switch (context.getType<string>()) {
    case 'graphql':
      return graphQLRequestOf(context.getArgByIndex<GraphQLContextLike | undefined>(2));
    case 'ws':
      return new SocketRequest(context.switchToWs().getClient<SocketLike>());
    default:
      return context.switchToHttp().getRequest<AuthRequest>();
  }
}
