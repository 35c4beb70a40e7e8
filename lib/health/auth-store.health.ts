import { Inject, Injectable } from '@nestjs/common';
import { Denylist } from '../denylist/denylist.interface.js';

const PROBE_TIMEOUT_MS = 1000;

/** The result shape of a `@nestjs/terminus` health indicator. */
export type AuthStoreHealth<Key extends string> = Record<
  Key,
  { status: 'up' } | { status: 'down'; message: string }
>;

/**
 * Health of the store revocations are checked against, for `@nestjs/terminus`
 * (`health.check([() => authStore.isHealthy()])`): `down` when the guard would answer 503. It
 * asks the denylist a question, as the guard does, so it works for every store; it does not
 * import terminus, which stays the app's optional dependency.
 */
@Injectable()
export class AuthStoreHealthIndicator {
  constructor(@Inject(Denylist) private readonly denylist: Denylist) {}

  async isHealthy<const Key extends string = 'auth_store'>(
    key: Key = 'auth_store' as Key,
  ): Promise<AuthStoreHealth<Key>> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.denylist.has('nest-jwt-auth:health', ['probe']),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer within 1 s')), PROBE_TIMEOUT_MS);
        }),
      ]);
      return { [key]: { status: 'up' } } as AuthStoreHealth<Key>;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { [key]: { status: 'down', message } } as AuthStoreHealth<Key>;
    } finally {
      clearTimeout(timer);
    }
  }
}
