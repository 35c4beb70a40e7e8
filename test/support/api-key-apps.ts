import { type AuthModuleOptions, AuthService } from 'nest-jwt-auth';
import { startAuthApp } from './auth-app.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './redis.js';
import { type RunningSample, bearer } from './sample-app.js';
import { OrdersController } from './orders-controller.js';

/** An app of {@link ApiKeyApps.start}, with its Redis key prefix. */
export type ApiKeyApp = RunningSample & { prefix: string };

/** The apps of a suite with API keys on, closed and their Redis keys deleted by `closeAll()`. */
export class ApiKeyApps {
  private readonly apps: RunningSample[] = [];
  private readonly prefixes: string[] = [];

  /**
   * An app with API keys on (and `/orders` of {@link OrdersController}) on this run's adapter,
   * under its own key prefix unless it shares `prefix`.
   */
  async start(
    options: Partial<AuthModuleOptions> = {},
    prefix = uniqueKeyPrefix('keys'),
  ): Promise<ApiKeyApp> {
    this.prefixes.push(prefix);
    const app = await startAuthApp(
      {
        store: { redis: REDIS_URL, keyPrefix: prefix },
        tokenLookup: ['header', 'apiKey'],
        ...options,
      },
      [OrdersController],
    );
    return Object.assign(this.track(app), { prefix });
  }

  /** Closes `app` with the others, deleting `prefix` (if any) from Redis. */
  track<T extends RunningSample>(app: T, prefix?: string): T {
    this.apps.push(app);
    if (prefix !== undefined) this.prefixes.push(prefix);
    return app;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.close()));
    await Promise.all(this.prefixes.map((prefix) => deleteKeys(prefix)));
  }
}

/** A session access token of `sub`, with these roles and scopes. */
export async function sessionToken(
  app: RunningSample,
  sub = 'ann',
  { roles = ['admin', 'user'], scopes = ['orders:read', 'orders:write'] } = {},
): Promise<string> {
  return (await app.app.get(AuthService).issueTokens({ sub, roles, scopes })).accessToken;
}

/** `POST /auth/api-keys` with `token`, expected to answer 201. */
export async function createKey(app: RunningSample, token: string, body: object = { name: 'ci' }) {
  const response = await app.http().post('/auth/api-keys').set(bearer(token)).send(body);
  expect(response.status).toBe(201);
  return response.body as { id: string; key: string; name: string; roles: string[] };
}

/** The header that presents `key`. */
export const apiKey = (key: string) => ({ 'X-API-Key': key });
