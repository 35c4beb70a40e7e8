import { type ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { authRequestOf } from './auth-request.js';
import { SocketRequest } from './socket-request.js';

/** The context Nest builds for a handler of `type` called with `args`. */
function contextOf(type: string, args: unknown[]): ExecutionContext {
  const context = new ExecutionContextHost(args);
  context.setType(type);
  return context;
}

const request = { headers: { authorization: 'Bearer t' } };

describe('authRequestOf', () => {
  it('gives the HTTP request of a controller', () => {
    expect(authRequestOf(contextOf('http', [request, {}, () => undefined]))).toBe(request);
  });

  it("gives the request of a GraphQL operation: Apollo's context.req", () => {
    const args = [undefined, {}, { req: request }, {}];
    expect(authRequestOf(contextOf('graphql', args))).toBe(request);
  });

  it("gives the request of a GraphQL operation: Mercurius's context.reply.request", () => {
    const args = [undefined, {}, { reply: { request } }, {}];
    expect(authRequestOf(contextOf('graphql', args))).toBe(request);
  });

  it('explains a GraphQL context without a request', () => {
    expect(() => authRequestOf(contextOf('graphql', [undefined, {}, { user: 1 }, {}]))).toThrow(
      /GraphQL context has no HTTP request.*keep `req`/,
    );
  });

  it("gives a gateway's message a SocketRequest over its socket", () => {
    const socket = { handshake: { auth: { token: 't' }, headers: {} }, data: {} };
    const found = authRequestOf(contextOf('ws', [socket, { some: 'data' }]));
    expect(found).toBeInstanceOf(SocketRequest);
    expect((found as SocketRequest).accessToken).toBe('t');
  });
});
