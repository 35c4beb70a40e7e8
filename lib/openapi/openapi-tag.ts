/** The OpenAPI tag grouping the module's routes. */
export const AUTH_TAG = 'auth';
