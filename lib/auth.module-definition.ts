import { ConfigurableModuleBuilder } from '@nestjs/common';
import { createAuthController } from './auth-controller.factory.js';
import { AUTH_ROUTE_PREFIX } from './auth.constants.js';
import { AuthRouteParseErrors } from './errors/auth-route-parse-errors.js';
import { JwksController } from './jwks.controller.js';
import { createMfaController } from './mfa-controller.factory.js';
import { DEFAULTS } from './options/defaults.js';
import {
  type AuthModuleExtras,
  type AuthModuleOptions,
} from './options/auth-module-options.interface.js';

const DEFAULT_EXTRAS: Required<AuthModuleExtras> = DEFAULTS.extras;

/** `forRoot()` / `forRootAsync()`, with the extras that must be known before options resolve. */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: AUTH_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthModuleOptions>({ moduleName: 'NestJwtAuth' })
  .setClassMethodName('forRoot')
  .setExtras<AuthModuleExtras>(DEFAULT_EXTRAS, (definition, extras) => {
    const { isGlobal, controller, routePrefix } = { ...DEFAULT_EXTRAS, ...extras };
    return {
      ...definition,
      global: isGlobal,
      controllers: controller
        ? [createAuthController(routePrefix), createMfaController(routePrefix), JwksController]
        : [],
      providers: [
        ...(definition.providers ?? []),
        { provide: AUTH_ROUTE_PREFIX, useValue: routePrefix },
        ...(controller ? [AuthRouteParseErrors] : []),
      ],
    };
  })
  .build();
