import { type TenantRequest } from '../options/tenants-options.interface.js';
import { tenantResolver } from './tenant-resolver.js';

const request = (headers: TenantRequest['headers'], params?: Record<string, unknown>) =>
  ({ headers, ...(params ? { params } : {}) }) as TenantRequest;

describe('tenantResolver', () => {
  it('reads a header, its first value when sent twice', () => {
    const resolve = tenantResolver({ header: 'x-tenant-id' });
    expect(resolve(request({ 'x-tenant-id': 'a' }))).toBe('a');
    expect(resolve(request({ 'x-tenant-id': ['b', 'a'] }))).toBe('b');
    expect(resolve(request({}))).toBeUndefined();
  });

  it('maps the host name, without port and case, and nothing else', () => {
    const hosts = Object.assign(Object.create(null) as Record<string, string>, {
      'a.example.com': 'a',
      '[::1]': 'local',
    });
    const resolve = tenantResolver({ host: hosts });
    expect(resolve(request({ host: 'A.Example.com:8443' }))).toBe('a');
    expect(resolve(request({ host: '[::1]:3000' }))).toBe('local');
    expect(resolve(request({ host: 'evil.a.example.com' }))).toBeUndefined();
    expect(resolve(request({ host: '__proto__' }))).toBeUndefined();
    expect(resolve(request({}))).toBeUndefined();
  });

  it('reads a route parameter, only when it is a string', () => {
    const resolve = tenantResolver({ pathParameter: 'tenant' });
    expect(resolve(request({}, { tenant: 'a' }))).toBe('a');
    expect(resolve(request({}, { tenant: ['a'] }))).toBeUndefined();
    expect(resolve(request({}))).toBeUndefined();
  });

  it("calls the app's function", () => {
    const resolve = tenantResolver((req) => (req.headers['x-org'] === 'A' ? 'a' : undefined));
    expect(resolve(request({ 'x-org': 'A' }))).toBe('a');
    expect(resolve(request({ 'x-org': 'B' }))).toBeUndefined();
  });
});
