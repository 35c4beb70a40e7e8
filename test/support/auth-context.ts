import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, type AuthModuleExtras, type AuthModuleOptions } from 'nest-jwt-auth';
import { TEST_SECRET } from './test-secret.js';

/** `AuthModule.forRoot()` options where the secret defaults to the tests' one. */
export type TestAuthOptions = Omit<AuthModuleOptions, 'secret'> &
  Partial<Pick<AuthModuleOptions, 'secret'>> &
  AuthModuleExtras;

/**
 * An initialised `AuthModule.forRoot(options)` without HTTP (no controller), signing with the
 * tests' secret unless `options` say otherwise: for suites that drive AuthService, the guard or
 * the stores directly. Close it after the suite.
 */
export async function startAuthContext(options: TestAuthOptions): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        controller: false,
        ...options,
      } as AuthModuleOptions),
    ],
  }).compile();
  return moduleRef.init();
}
