import { grantsBeyond } from './grants-beyond.js';

describe('grantsBeyond', () => {
  const creator = { roles: ['user', 'admin'], scopes: ['orders:read'] };

  it('allows what the creator holds, or less', () => {
    expect(grantsBeyond({}, creator)).toBeUndefined();
    expect(grantsBeyond({ roles: ['admin'], scopes: ['orders:read'] }, creator)).toBeUndefined();
  });

  it('names every role and scope the creator lacks, compared whole', () => {
    expect(
      grantsBeyond({ roles: ['admin', 'root'], scopes: ['orders:read', 'orders'] }, creator),
    ).toBe(
      'An API key cannot grant what your access token does not: roles root and scopes orders.',
    );
    expect(grantsBeyond({ scopes: ['orders:read'] }, { roles: [] })).toMatch(/scopes orders:read/);
  });
});
