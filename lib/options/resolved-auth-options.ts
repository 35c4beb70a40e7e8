import { type KeyObject } from 'node:crypto';
import {
  type AuthModuleOptions,
  type AuthStoreOptions,
  type HmacAlgorithm,
  type LoginThrottleOptions,
} from '../interfaces/auth-module-options.interface.js';

/** The options after defaults and validation: what every provider reads. */
export interface ResolvedAuthOptions {
  /** The secret as a KeyObject: jsonwebtoken verifies ~50x faster with it than with a string. */
  key: KeyObject;
  algorithm: HmacAlgorithm;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  sessionMaxLifetime: number;
  issuer?: string;
  audience?: string;
  clockToleranceSeconds: number;
  refreshReuseGraceSeconds: number;
  maxTokenLength: number;
  store: AuthStoreOptions;
  validateCredentials?: AuthModuleOptions['validateCredentials'];
  claims: NonNullable<AuthModuleOptions['claims']>;
  sessionMetadata?: AuthModuleOptions['sessionMetadata'];
  loginThrottle: Required<LoginThrottleOptions> | null;
}
