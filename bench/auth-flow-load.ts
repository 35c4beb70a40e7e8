import { type Request } from 'autocannon';

/** Loads of the auth-flow server: logins only, or each login followed by REFRESHES refreshes. */
export type AuthFlow = 'login' | 'refresh';

export const REFRESHES = 9;

const USERNAMES = ['alice', 'bob', 'carol', 'dave', 'erin'];
const headers = { 'content-type': 'application/json' };

type Context = { refreshToken?: string };

/** Keeps the refresh token of a login or refresh answer for the connection's next refresh. */
function keepRefreshToken(status: number, body: string, context: object): void {
  if (status === 200) (context as Context).refreshToken = JSON.parse(body).refreshToken;
}

/**
 * The per-connection request sequence of `flow`. Each refresh token works once, so each refresh
 * sends the token of the answer before it: a `refresh_token_reused` 401 means the chain broke.
 */
export function authFlowRequests(flow: AuthFlow): Request[] {
  let next = 0;
  const login: Request = {
    method: 'POST',
    path: '/auth/login',
    headers,
    setupRequest: (request) => ({
      ...request,
      body: JSON.stringify({ username: USERNAMES[next++ % USERNAMES.length], password: 'x' }),
    }),
    onResponse: keepRefreshToken,
  };
  const refresh: Request = {
    method: 'POST',
    path: '/auth/refresh',
    headers,
    setupRequest: (request, context) => ({
      ...request,
      body: JSON.stringify({ refreshToken: (context as Context).refreshToken }),
    }),
    onResponse: keepRefreshToken,
  };
  return flow === 'login' ? [login] : [login, ...Array<Request>(REFRESHES).fill(refresh)];
}
