import { type SocketLike, SocketRequest } from './socket-request.js';

function socket(
  auth?: Record<string, unknown>,
  headers: Record<string, string | undefined> = {},
): SocketLike {
  return { handshake: { auth, headers }, data: {} };
}

const user = { sub: 'ann', sid: 's1', roles: ['user'] };

describe('SocketRequest', () => {
  it('reads the token of the handshake auth', () => {
    expect(new SocketRequest(socket({ token: 'from-auth' })).accessToken).toBe('from-auth');
  });

  it('reads the Authorization Bearer header of the handshake when auth has no token', () => {
    const headers = { authorization: 'Bearer from-header' };
    expect(new SocketRequest(socket({}, headers)).accessToken).toBe('from-header');
    expect(new SocketRequest(socket(undefined, headers)).accessToken).toBe('from-header');
  });

  it('prefers the handshake auth to the header', () => {
    const both = socket({ token: 'from-auth' }, { authorization: 'Bearer from-header' });
    expect(new SocketRequest(both).accessToken).toBe('from-auth');
  });

  it.each([
    ['an empty auth token', socket({ token: '' })],
    ['an auth token that is not a string', socket({ token: ['a'] })],
    ['a Basic header', socket({}, { authorization: 'Basic dXNlcjpwYXNz' })],
    ['a cookie', socket({}, { cookie: 'access_token=from-cookie' })],
    ['no handshake (not a socket.io socket)', {}],
  ])('finds no token with %s', (_case, client) => {
    expect(new SocketRequest(client).accessToken).toBeNull();
  });

  it('keeps the user on socket.data, where every later message finds it', () => {
    const client = socket({ token: 't' });
    new SocketRequest(client).user = user;
    expect(client.data).toEqual({ user });
    expect(new SocketRequest(client).user).toBe(user);
  });

  it('keeps the rest of socket.data, and the object itself', () => {
    const data = { room: 'lobby' };
    const client: SocketLike = { handshake: { headers: {} }, data };
    new SocketRequest(client).user = user;
    expect(client.data).toBe(data);
    expect(data).toEqual({ room: 'lobby', user });
  });

  it('gives no user on a fresh socket, or one without data', () => {
    expect(new SocketRequest(socket({ token: 't' })).user).toBeUndefined();
    expect(new SocketRequest({}).user).toBeUndefined();
  });
});
