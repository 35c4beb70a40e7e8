import { type ExecutionContext } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import { IS_OPTIONAL_AUTH_KEY, IS_PUBLIC_KEY, ROLES_KEY } from '../auth.constants.js';

/** What `@Public()`, `@OptionalAuth()` and `@Roles()` say about one handler of one class. */
export interface RouteAuth {
  readonly isPublic: boolean;
  readonly isOptional: boolean;
  /** The user must hold one of these; empty when there is no `@Roles()`. */
  readonly roles: readonly string[];
}

const NO_ROLES: readonly string[] = Object.freeze([]);

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
    return Object.freeze({
      isPublic: !!value<boolean>(IS_PUBLIC_KEY),
      isOptional: !!value<boolean>(IS_OPTIONAL_AUTH_KEY),
      roles: value<string[]>(ROLES_KEY) ?? NO_ROLES,
    });
  }
}
