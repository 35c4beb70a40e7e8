import { type AuthModuleOptions } from '../options/auth-module-options.interface.js';
import { resolveAccessTokenProfile } from './resolve-access-token-profile.js';

const resolve = (options: Record<string, unknown>) =>
  resolveAccessTokenProfile(options as unknown as AuthModuleOptions);

describe('resolveAccessTokenProfile', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['clientId when given', { clientId: 'web-app', audience: 'api', issuer: 'me' }, 'web-app'],
    ['else the audience', { audience: 'api', issuer: 'me' }, 'api'],
    ['else the issuer', { issuer: 'me' }, 'me'],
    ['else nest-jwt-auth', {}, 'nest-jwt-auth'],
  ])('takes as client_id %s', (_case, options, clientId) => {
    expect(resolve(options).clientId).toBe(clientId);
  });

  it('leaves requireAccessTokenType off unless set', () => {
    expect(resolve({}).requireAccessTokenType).toBe(false);
    expect(resolve({ requireAccessTokenType: true }).requireAccessTokenType).toBe(true);
  });

  it.each(['', 42, null])('refuses clientId %p', (clientId) => {
    expect(() => resolve({ clientId })).toThrow(/^nest-jwt-auth: clientId must be a non-empty/);
  });

  it.each(['yes', 1, null])('refuses requireAccessTokenType %p', (value) => {
    expect(() => resolve({ requireAccessTokenType: value })).toThrow(
      /^nest-jwt-auth: requireAccessTokenType must be true or false/,
    );
  });
});
