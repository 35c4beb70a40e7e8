import { type FactoryProvider, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { LoginDto } from '../dto/login.dto.js';
import { JwksController } from '../jwks.controller.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { importOptionalPeer } from '../optional-peers/import-optional-peer.js';
import { documentAuthController } from './auth-routes.openapi.js';
import { documentJwksController } from './jwks-route.openapi.js';
import { documentMfaController } from './mfa-routes.openapi.js';
import { isMfaController } from '../mfa-controller.factory.js';
import { describeRequestSchemas } from './request-schemas.js';
import { describeResponseSchemas } from './response-schemas.js';
import { loadSwagger, type Swagger } from './swagger.js';

/** Classes already documented: decorating twice would repeat tags and extra models. */
const documented = new WeakSet<object>();

function once(target: object, document: () => void): void {
  if (documented.has(target)) return;
  documented.add(target);
  document();
}

/** The controllers of the AuthModule these options belong to. */
function controllersOf(modules: ModulesContainer, options: ResolvedAuthOptions): Type<unknown>[] {
  const own = [...modules.values()].find(
    (module) => module.providers.get(RESOLVED_AUTH_OPTIONS)?.instance === options,
  );
  return [...(own?.controllers.values() ?? [])].map((wrapper) => wrapper.metatype as Type<unknown>);
}

/**
 * Writes the `@nestjs/swagger` metadata of the module's routes and schemas, when that package is
 * installed. The decorators only write reflect-metadata, so applying them now documents the
 * classes as if they had been declared with them, without a static import of an optional peer.
 */
export async function documentAuthRoutes(
  modules: ModulesContainer,
  options: ResolvedAuthOptions,
  load: () => Promise<Swagger> = loadSwagger,
): Promise<void> {
  const swagger = await importOptionalPeer('@nestjs/swagger', load);
  if (!swagger) return;
  // The DTOs and response schemas are shared by every AuthModule: keyed on one of them.
  once(LoginDto, () => {
    describeRequestSchemas(swagger);
    describeResponseSchemas(swagger);
  });
  for (const controller of controllersOf(modules, options)) {
    // The module mounts three controllers: the JWKS one, and the auth and MFA ones built for
    // its prefix.
    once(controller, () => {
      if (controller === JwksController) documentJwksController(swagger);
      else if (isMfaController(controller)) documentMfaController(swagger, controller, options);
      else documentAuthController(swagger, controller, options);
    });
  }
}

/**
 * Documents the routes while the app is being created: an async factory is awaited by
 * `NestFactory.create()`, so this runs before the app can call `SwaggerModule.createDocument()`
 * (lifecycle hooks such as `onModuleInit` would run only at `app.init()`, too late).
 */
export const openApiDocumentationProvider: FactoryProvider<void> = {
  provide: Symbol('nest-jwt-auth:openapi-documentation'),
  inject: [ModulesContainer, RESOLVED_AUTH_OPTIONS],
  useFactory: documentAuthRoutes,
};
