import 'reflect-metadata';
import { jest } from '@jest/globals';
import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { Roles } from '../decorators/roles.decorator.js';
import { Scopes } from '../decorators/scopes.decorator.js';
import { AuthException } from '../errors/auth.exception.js';
import { RolesGuard } from './roles.guard.js';
import { RouteAuthReader } from './route-auth.js';

@Scopes('orders:read')
@Roles({ all: ['admin', 'auditor'] })
class OrdersController {
  inherited() {}

  @Scopes('orders:read', 'orders:write')
  write() {}

  @Roles('admin', 'editor')
  anyRole() {}

  @Roles()
  @Scopes()
  open() {}
}

function contextOf(user: unknown, method: keyof OrdersController): ExecutionContext {
  const handler = OrdersController.prototype[method];
  const headers: Record<string, string> = {};
  const response = { headers, header: (name: string, value: string) => (headers[name] = value) };
  return new ExecutionContextHost([{ user }, response], OrdersController, handler);
}

const guard = new RolesGuard(new Reflector());

/** The code the guard threw, or 'allowed'. */
function outcome(user: unknown, method: keyof OrdersController): string {
  try {
    expect(guard.canActivate(contextOf(user, method))).toBe(true);
    return 'allowed';
  } catch (error) {
    expect(error).toBeInstanceOf(AuthException);
    return (error as AuthException).code;
  }
}

const auditor = { sub: 'ann', roles: ['admin', 'auditor'] };

describe('@Roles({ all })', () => {
  it.each([
    [['admin', 'auditor'], 'allowed'],
    [['auditor', 'admin', 'user'], 'allowed'],
    [['admin'], 'forbidden'],
    [['auditor'], 'forbidden'],
    [[], 'forbidden'],
  ])('with roles %p: %s', (roles, expected) => {
    expect(outcome({ sub: 'ann', roles, scopes: ['orders:read'] }, 'inherited')).toBe(expected);
  });

  it('names every required role', () => {
    expect(() =>
      guard.canActivate(contextOf({ sub: 'ann', roles: ['admin'] }, 'inherited')),
    ).toThrow('This route requires all of the roles: admin, auditor.');
  });

  it("is replaced by a method's any-of @Roles, and the reverse", () => {
    expect(outcome({ sub: 'ann', roles: ['editor'], scopes: ['orders:read'] }, 'anyRole')).toBe(
      'allowed',
    );
  });

  it('refuses a list that holds no role names when the class is declared', () => {
    expect(() => Roles({ all: ['admin', ''] })).toThrow(/non-empty role names/);
    expect(() => Roles({ all: 'admin' as never })).toThrow(/non-empty role names/);
  });
});

describe('@Scopes', () => {
  it.each([
    [['orders:read', 'orders:write'], 'allowed'],
    [['orders:write', 'orders:read', 'other'], 'allowed'],
    [['orders:read'], 'insufficient_scope'],
    [['orders:read-all', 'orders:write'], 'insufficient_scope'],
    [['orders', 'orders:write'], 'insufficient_scope'],
    [['ORDERS:READ', 'orders:write'], 'insufficient_scope'],
    [[], 'insufficient_scope'],
    [undefined, 'insufficient_scope'],
  ])('requires all of them, whole: with %p, %s', (scopes, expected) => {
    expect(outcome({ ...auditor, scopes }, 'write')).toBe(expected);
  });

  it('refuses a string where the list of scopes should be', () => {
    expect(outcome({ ...auditor, scopes: 'orders:read orders:write' }, 'write')).toBe(
      'insufficient_scope',
    );
  });

  it('answers 403 insufficient_scope naming the scopes, with its challenge on HTTP', () => {
    const context = contextOf({ ...auditor, scopes: ['orders:read'] }, 'write');
    const error = (() => {
      try {
        guard.canActivate(context);
      } catch (caught) {
        return caught as AuthException;
      }
      throw new Error('allowed');
    })();
    expect(error.getStatus()).toBe(403);
    expect(error.requiredScopes).toEqual(['orders:read', 'orders:write']);
    expect(error.message).toBe('This route requires the scopes: orders:read orders:write.');
    expect(
      context.switchToHttp().getResponse<{ headers: Record<string, string> }>().headers,
    ).toMatchObject({
      'WWW-Authenticate':
        'Bearer realm="nest-jwt-auth", error="insufficient_scope", scope="orders:read orders:write"',
    });
  });

  it("applies the controller's @Scopes to methods without their own; empty ones lift it", () => {
    expect(outcome(auditor, 'inherited')).toBe('insufficient_scope');
    expect(outcome(undefined, 'open')).toBe('allowed');
  });

  it('checks roles before scopes', () => {
    expect(outcome({ sub: 'ann', roles: [], scopes: [] }, 'write')).toBe('forbidden');
  });

  it.each(['', 'orders read', 'a"b', 'a\\b', 'é'])(
    'refuses %j when the class is declared',
    (scope) => {
      expect(() => Scopes('ok', scope)).toThrow(/@Scopes\(/);
    },
  );
});

describe('RouteAuthReader', () => {
  it('reads the decorators of a handler once, not on every request', () => {
    const reflector = new Reflector();
    const read = jest.spyOn(reflector, 'getAllAndOverride');
    const routes = new RouteAuthReader(reflector);
    const first = routes.of(contextOf(undefined, 'write'));
    const reads = read.mock.calls.length;
    expect(routes.of(contextOf(undefined, 'write'))).toBe(first);
    expect(read.mock.calls.length).toBe(reads);
    expect(first).toMatchObject({
      roles: [],
      allRoles: ['admin', 'auditor'],
      scopes: ['orders:read', 'orders:write'],
      requiresUser: true,
    });
    expect(routes.of(contextOf(undefined, 'open'))).toMatchObject({ requiresUser: false });
  });
});
