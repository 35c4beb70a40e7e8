import 'reflect-metadata';
import { type ModulesContainer } from '@nestjs/core';
import { LoginDto } from '../dto/login.dto.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { documentAuthRoutes } from './openapi-documentation.provider.js';

describe('documentAuthRoutes', () => {
  it('does nothing, and does not fail, when @nestjs/swagger is not installed', async () => {
    const notInstalled = () =>
      Promise.reject(
        Object.assign(new Error("Cannot find package '@nestjs/swagger' imported from x.js"), {
          code: 'ERR_MODULE_NOT_FOUND',
        }),
      );
    const modules = new Map() as unknown as ModulesContainer;
    await expect(
      documentAuthRoutes(modules, {} as ResolvedAuthOptions, notInstalled),
    ).resolves.toBeUndefined();
    expect(Reflect.getMetadataKeys(LoginDto.prototype, 'username')).not.toContain(
      'swagger/apiModelProperties',
    );
  });
});
