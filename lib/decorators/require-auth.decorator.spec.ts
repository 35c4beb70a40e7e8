import { REQUIRE_AUTH_KEY } from '../auth.constants.js';
import { RequireAuth } from './require-auth.decorator.js';

class Target {
  handler() {}
}

const requirementOf = (decorator: MethodDecorator) => {
  const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, 'handler')!;
  decorator(Target.prototype, 'handler', descriptor);
  return Reflect.getMetadata(REQUIRE_AUTH_KEY, descriptor.value) as unknown;
};

describe('@RequireAuth()', () => {
  it('stores maxAge in seconds and acr as a list', () => {
    expect(requirementOf(RequireAuth({ maxAge: '5m', acr: 'mfa' }))).toEqual({
      maxAge: 300,
      acrValues: ['mfa'],
    });
    expect(requirementOf(RequireAuth({ acr: ['mfa', 'hwk'] }))).toEqual({
      acrValues: ['mfa', 'hwk'],
    });
  });

  it.each([
    ['nothing to require', {}],
    ['a maxAge that is no duration', { maxAge: '5 minutes' }],
    ['a negative maxAge', { maxAge: -1 }],
    ['an acr with a space', { acr: 'multi factor' }],
    ['an acr with a quote', { acr: 'mfa"' }],
    ['an empty acr', { acr: '' }],
  ])('refuses %s when the class is declared', (_name, requirement) => {
    expect(() => RequireAuth(requirement as never)).toThrow(/nest-jwt-auth: @RequireAuth/);
  });
});
