import { type TenantRequest, type TenantResolver } from '../options/tenants-options.interface.js';

type ResolveTenant = (request: TenantRequest) => string | undefined;

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The host name of a `Host` header: lower-cased, without its port (IPv6 literals kept). */
function hostNameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name.toLowerCase();
}

/**
 * The function that names the tenant of a request, from the resolved `tenants.resolve`. Only
 * ever a lookup: which ids exist is the caller's to check.
 */
export function tenantResolver(resolve: TenantResolver): ResolveTenant {
  if (typeof resolve === 'function') return resolve;
  if ('header' in resolve) {
    const name = resolve.header;
    return (request) => firstOf(request.headers[name]);
  }
  if ('host' in resolve) {
    const hosts = resolve.host;
    return (request) => {
      const name = hostNameOf(firstOf(request.headers.host));
      return name === undefined ? undefined : hosts[name];
    };
  }
  const parameter = resolve.pathParameter;
  return (request) => {
    const value = request.params?.[parameter];
    return typeof value === 'string' ? value : undefined;
  };
}
