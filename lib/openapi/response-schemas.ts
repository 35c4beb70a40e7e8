import type { ApiPropertyOptions } from '@nestjs/swagger';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { optional, type Swagger } from './swagger.js';

/**
 * Documentation-only classes, named after the OpenAPI schemas they become (`@nestjs/swagger`
 * builds a component schema from a class): the bodies the auth routes answer with. The `Auth`
 * prefix keeps them apart from an app's own `TokenPair` or `Session` schema.
 */
export class AuthTokenPair {}
export class AuthSession {}
export class AuthError {}
export class AuthJwks {}
export class AuthTicket {}
export class AuthApiKey {}
export class AuthCreatedApiKey {}
export class AuthMfaRequired {}
export class AuthMfaStatus {}
export class AuthTotpEnrolment {}
export class AuthRecoveryCodes {}

const recoveryCodes: ApiPropertyOptions = {
  type: 'array',
  items: { type: 'string', example: '7hq2k-x9m4d' },
  description: 'Each usable once instead of a code (`recoveryCode`); shown only now.',
};
const methods: ApiPropertyOptions = {
  type: 'array',
  items: { type: 'string', example: 'totp' },
  description: "The user's second factors: `totp`, `recovery_code`, the app's own `method`s.",
};

const seconds = (description: string): ApiPropertyOptions => ({
  type: 'integer',
  minimum: 0,
  description,
});
const isoTime = (description: string): ApiPropertyOptions => ({
  type: 'string',
  format: 'date-time',
  description,
});

/** What `GET /auth/api-keys` shows of a key, and its creation answers too. */
const API_KEY_PROPERTIES: Record<string, ApiPropertyOptions> = {
  id: {
    type: 'string',
    pattern: '^[A-Za-z0-9_-]{22}$',
    description: 'The key id: characters 6 to 27 of the key, and the `api_key_id` of its requests.',
  },
  name: { type: 'string', description: 'As given at creation.' },
  roles: { type: 'array', items: { type: 'string' }, description: 'Checked by `@Roles()`.' },
  scopes: { type: 'array', items: { type: 'string' }, description: 'Checked by `@Scopes()`.' },
  createdAt: isoTime('When the key was created.'),
  lastUsedAt: {
    ...isoTime('Its last recorded use (at most one write a minute); null until it is used.'),
    nullable: true,
  },
  expiresAt: {
    ...isoTime('When it expires; null: it lives until it is revoked.'),
    nullable: true,
  },
};

const PROPERTIES = new Map<{ prototype: object }, Record<string, ApiPropertyOptions>>([
  [
    AuthTokenPair,
    {
      accessToken: optional({
        type: 'string',
        description:
          'The access token (a JWS), to send as `Authorization: Bearer <token>`. Left out when the session cookies carry it, unless `cookies.omitTokensFromBody` is false.',
      }),
      refreshToken: optional({
        type: 'string',
        description:
          'Opaque, single-use: `POST /auth/refresh` rotates it. Left out like `accessToken`.',
      }),
      tokenType: { type: 'string', enum: ['Bearer'] },
      expiresIn: seconds('Seconds until the access token expires.'),
      refreshExpiresIn: seconds('Seconds until the refresh token expires.'),
    },
  ],
  [
    AuthSession,
    {
      id: { type: 'string', format: 'uuid', description: 'The session id (`sid` claim).' },
      createdAt: isoTime('When the session started (its login).'),
      lastRefreshedAt: isoTime('Last refresh, or the login.'),
      expiresAt: isoTime('When its refresh token, and with it the session, expires.'),
      metadata: optional({
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'What the app recorded at login (`sessionMetadata` option), e.g. user agent.',
      }),
      current: {
        type: 'boolean',
        description: 'Whether this is the session of the access token asking.',
      },
    },
  ],
  [
    AuthTicket,
    {
      ticket: {
        type: 'string',
        description:
          'Single-use: add it as `?ticket=` to a GET of `path` (e.g. `new EventSource(path + "?ticket=" + ticket)`).',
      },
      expiresIn: seconds(
        'Seconds it stays redeemable: 30, or less if the access token expires sooner.',
      ),
      path: { type: 'string', description: 'The path it opens, as asked.' },
    },
  ],
  [AuthApiKey, API_KEY_PROPERTIES],
  [
    AuthCreatedApiKey,
    {
      ...API_KEY_PROPERTIES,
      key: {
        type: 'string',
        pattern: '^njak_[A-Za-z0-9_-]{65}$',
        description:
          'The API key itself, shown this once: send it as `X-API-Key: <key>` or `Authorization: ApiKey <key>`.',
      },
    },
  ],
  [
    AuthMfaRequired,
    {
      mfaRequired: { type: 'boolean', enum: [true] },
      mfaToken: {
        type: 'string',
        description: 'Single-use: send it to `POST /auth/mfa` with the second factor.',
      },
      expiresIn: seconds('Seconds the mfaToken stays usable.'),
      methods,
    },
  ],
  [
    AuthMfaStatus,
    {
      methods,
      recoveryCodesLeft: {
        type: 'integer',
        nullable: true,
        description: 'Unused recovery codes; null without a TOTP factor.',
      },
    },
  ],
  [
    AuthTotpEnrolment,
    {
      secret: { type: 'string', description: 'The base32 secret, for typing into an app.' },
      uri: {
        type: 'string',
        example:
          'otpauth://totp/Shop:alice?issuer=Shop&secret=...&algorithm=SHA1&digits=6&period=30',
        description: 'The `otpauth://` URI, for a QR code.',
      },
      expiresIn: seconds('Seconds the enrolment waits for its first code.'),
    },
  ],
  [AuthRecoveryCodes, { recoveryCodes }],
  [
    AuthError,
    {
      statusCode: { type: 'integer', description: 'The HTTP status, repeated.' },
      error: { type: 'string', description: 'Its reason phrase.' },
      code: {
        type: 'string',
        enum: Object.values(AuthErrorCode),
        description: 'Stable machine-readable code: branch on it, never on `message`.',
      },
      message: { type: 'string', description: 'For the developer; may change between releases.' },
    },
  ],
  [
    AuthJwks,
    {
      keys: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        description:
          'Public JWKs (RFC 7517) with `kid`, `alg` and `use: "sig"`; empty with an HMAC `secret`.',
      },
    },
  ],
]);

/** Writes the properties of the response schemas. */
export function describeResponseSchemas({ ApiProperty }: Swagger): void {
  for (const [type, properties] of PROPERTIES) {
    for (const [name, options] of Object.entries(properties)) {
      ApiProperty(options)(type.prototype, name);
    }
  }
}
