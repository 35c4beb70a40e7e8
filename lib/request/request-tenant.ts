/**
 * The tenant whose keys verified a request's token, under a symbol no app code sets by accident:
 * the module trusts only this. `request.tenant` is a copy for the app's own code.
 */
const VERIFIED_TENANT = Symbol('nest-jwt-auth tenant');

interface TenantCarrier {
  [VERIFIED_TENANT]?: string;
  tenant?: string;
}

/** Records the tenant of `request` once it is known. */
export function setRequestTenant(request: object, tenant: string): void {
  const carrier = request as TenantCarrier;
  carrier[VERIFIED_TENANT] = tenant;
  carrier.tenant = tenant;
}

/** The tenant the module found for `request`, or `undefined` (no tenants, or not resolved yet). */
export function tenantOf(request: object | undefined): string | undefined {
  return (request as TenantCarrier | undefined)?.[VERIFIED_TENANT];
}
