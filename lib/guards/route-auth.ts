import { type ExecutionContext } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import {
  IS_OPTIONAL_AUTH_KEY,
  IS_PUBLIC_KEY,
  REQUIRE_AUTH_KEY,
  ROLES_KEY,
  SCOPES_KEY,
} from '../auth.constants.js';
import { type AllRoles } from '../decorators/roles.decorator.js';
import { type StepUpRequirement } from '../errors/auth.exception.js';

/**
 * What `@Public()`, `@OptionalAuth()`, `@Roles()` and `@Scopes()` say about one handler of one
 * class.
 */
export interface RouteAuth {
  readonly isPublic: boolean;
  readonly isOptional: boolean;
  /** The user must hold one of these; empty when there is no `@Roles(...names)`. */
  readonly roles: readonly string[];
  /** The user must hold all of these; empty when there is no `@Roles({ all })`. */
  readonly allRoles: readonly string[];
  /** The token must grant all of these; empty when there is no `@Scopes()`. */
  readonly scopes: readonly string[];
  /** What `@RequireAuth()` asks of the login; undefined without it. */
  readonly authentication: StepUpRequirement | undefined;
  /** Some role, scope or login is required: a request without a user cannot pass. */
  readonly requiresUser: boolean;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * Reads the decorators of a handler once, not on every request. Keyed by the handler, then by
 * the class: a method inherited by two controllers has the class decorators of each. A method's
 * decorator wins over its class's.
 */
export class RouteAuthReader {
  private readonly byHandler = new WeakMap<object, WeakMap<object, RouteAuth>>();

  constructor(private readonly reflector: Reflector) {}

  of(context: ExecutionContext): RouteAuth {
    const handler = context.getHandler();
    const type = context.getClass();
    let byClass = this.byHandler.get(handler);
    if (byClass === undefined) this.byHandler.set(handler, (byClass = new WeakMap()));
    let route = byClass.get(type);
    if (route === undefined) byClass.set(type, (route = this.read([handler, type])));
    return route;
  }

  private read(targets: [object, object]): RouteAuth {
    const value = <T>(key: string) =>
      this.reflector.getAllAndOverride<T | undefined>(key, targets as [() => void, () => void]);
    // One key for both forms of @Roles(): a method's replaces its class's whatever their forms.
    const roles = value<readonly string[] | AllRoles>(ROLES_KEY) ?? NONE;
    const anyRoles = Array.isArray(roles) ? roles : NONE;
    const allRoles = Array.isArray(roles) ? NONE : (roles as AllRoles).all;
    const scopes = value<readonly string[]>(SCOPES_KEY) ?? NONE;
    const authentication = value<StepUpRequirement>(REQUIRE_AUTH_KEY);
    return Object.freeze({
      isPublic: !!value<boolean>(IS_PUBLIC_KEY),
      isOptional: !!value<boolean>(IS_OPTIONAL_AUTH_KEY),
      roles: anyRoles,
      allRoles,
      scopes,
      authentication,
      requiresUser:
        anyRoles.length + allRoles.length + scopes.length > 0 || authentication !== undefined,
    });
  }
}
