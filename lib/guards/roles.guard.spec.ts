import 'reflect-metadata';
import { type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../auth.constants.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { Public } from '../decorators/public.decorator.js';
import { Roles } from '../decorators/roles.decorator.js';
import { AuthException } from '../errors/auth.exception.js';
import { RolesGuard } from './roles.guard.js';

@Roles('staff')
class AdminController {
  @Roles('admin', 'owner')
  admin() {}

  inherited() {}

  @Public()
  open() {}

  me(@CurrentUser() _user: unknown, @CurrentUser('sub') _sub: string) {}
}

class PlainController {
  plain() {}
}

const reflector = new Reflector();

/** The context of a request with `user` to `Controller.prototype[method]`. */
function contextOf(user: unknown, controller: new () => object, method: string): ExecutionContext {
  const handler = (controller.prototype as Record<string, () => void>)[method];
  return new ExecutionContextHost([{ user }, {}, () => undefined], controller, handler);
}

describe('@Roles and @Public', () => {
  it('set their metadata on methods and classes', () => {
    expect(reflector.get(ROLES_KEY, AdminController.prototype.admin)).toEqual(['admin', 'owner']);
    expect(reflector.get(ROLES_KEY, AdminController)).toEqual(['staff']);
    expect(reflector.get(IS_PUBLIC_KEY, AdminController.prototype.open)).toBe(true);
    expect(reflector.get(IS_PUBLIC_KEY, AdminController.prototype.admin)).toBeUndefined();
  });
});

describe('@CurrentUser', () => {
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, AdminController, 'me') as Record<
    string,
    { index: number; data: unknown; factory: (data: unknown, ctx: ExecutionContext) => unknown }
  >;
  const byIndex = (index: number) => Object.values(args).find((arg) => arg.index === index)!;
  const user = { sub: 'ann', sid: 's1', roles: ['user'], username: 'Ann' };
  const context = contextOf(user, AdminController, 'me');

  it('gives the request user', () => {
    const { factory, data } = byIndex(0);
    expect(factory(data, context)).toBe(user);
  });

  it('gives one property of it', () => {
    const { factory, data } = byIndex(1);
    expect(data).toBe('sub');
    expect(factory(data, context)).toBe('ann');
  });

  it('gives undefined when no user is on the request', () => {
    const { factory, data } = byIndex(1);
    expect(factory(data, contextOf(undefined, AdminController, 'me'))).toBeUndefined();
  });
});

describe('RolesGuard', () => {
  const guard = new RolesGuard(reflector);

  /** The code the guard threw, or 'allowed'. */
  function outcome(user: unknown, controller: new () => object, method: string): string {
    try {
      expect(guard.canActivate(contextOf(user, controller, method))).toBe(true);
      return 'allowed';
    } catch (error) {
      expect(error).toBeInstanceOf(AuthException);
      expect((error as AuthException).getStatus()).toBe(403);
      return (error as AuthException).code;
    }
  }

  it.each([
    [['admin'], 'allowed'],
    [['user', 'owner'], 'allowed'],
    [['user'], 'forbidden'],
    [['staff'], 'forbidden'], // the method's @Roles replaces the controller's
    [[], 'forbidden'],
    ['admin', 'forbidden'], // a string is not a list of roles
  ])('with roles %p on @Roles("admin", "owner"): %s', (roles, expected) => {
    expect(outcome({ sub: 'ann', roles }, AdminController, 'admin')).toBe(expected);
  });

  it('refuses a request without a user when roles are required', () => {
    expect(outcome(undefined, AdminController, 'admin')).toBe('forbidden');
  });

  it("applies the controller's @Roles to methods without their own", () => {
    expect(outcome({ sub: 'ann', roles: ['staff'] }, AdminController, 'inherited')).toBe('allowed');
    expect(outcome({ sub: 'ann', roles: ['admin'] }, AdminController, 'inherited')).toBe(
      'forbidden',
    );
  });

  it('names the required roles in the message', () => {
    expect(() =>
      guard.canActivate(contextOf({ sub: 'ann', roles: [] }, AdminController, 'admin')),
    ).toThrow('This route requires one of the roles: admin, owner.');
  });

  it('lets everyone through when there is no @Roles', () => {
    expect(outcome({ sub: 'ann', roles: [] }, PlainController, 'plain')).toBe('allowed');
    expect(outcome(undefined, PlainController, 'plain')).toBe('allowed');
  });
});
