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
      return httpArgument<AuthRequest>(context, 0);
  }
}

/**
 * Argument `index` of an HTTP handler (0 the request, 1 the response), read without
 * `switchToHttp()`, which builds three closures on every call; an app's hand-made context in a
 * unit test may have only `switchToHttp()`.
 */
export function httpArgument<T>(context: ExecutionContext, index: 0 | 1): T {
  if (typeof context.getArgByIndex === 'function') return context.getArgByIndex<T>(index);
  const http = context.switchToHttp();
  return index === 0 ? http.getRequest<T>() : http.getResponse<T>();
}
