/** Body of routes that take none (`POST /auth/logout`): `{}`, and no unknown field is allowed. */
export class EmptyBodyDto {}
