import type { ApiPropertyOptions } from '@nestjs/swagger';
import { EmptyBodyDto } from '../dto/empty-body.dto.js';
import { LoginDto } from '../dto/login.dto.js';
import { MfaCodeDto } from '../dto/mfa-code.dto.js';
import { MfaLoginDto } from '../dto/mfa-login.dto.js';
import { MfaProofDto } from '../dto/mfa-proof.dto.js';
import { ReauthenticateDto } from '../dto/reauthenticate.dto.js';
import { RefreshDto } from '../dto/refresh.dto.js';
import { SessionIdParams } from '../dto/session-id.params.js';
import { TicketDto } from '../dto/ticket.dto.js';
import { ApiKeyIdParams } from '../dto/api-key-id.params.js';
import { CreateApiKeyDto } from '../dto/create-api-key.dto.js';
import { optional, type Swagger } from './swagger.js';

interface RequestSchema {
  /** Schema name: `LoginDto` would clash with an app's own class of that name. */
  name: string;
  description: string;
  /** What the class-validator rules of the DTO allow. */
  properties: Record<string, ApiPropertyOptions>;
}

const UNKNOWN_FIELDS = 'Unknown fields are refused with 400 `validation_failed`.';

const totpCode: ApiPropertyOptions = {
  type: 'string',
  pattern: '^\\d{6}$',
  example: '492039',
  description: 'The 6 digits the authenticator app shows now.',
};
const recoveryCode: ApiPropertyOptions = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  example: '7hq2k-x9m4d',
  description: 'One of the recovery codes (case, dashes and spaces do not matter).',
};

const REQUEST_SCHEMAS = new Map<{ prototype: object }, RequestSchema>([
  [
    LoginDto,
    {
      name: 'AuthLoginRequest',
      description: `Credentials checked by the app's \`validateCredentials\`. ${UNKNOWN_FIELDS}`,
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 256, example: 'alice' },
        password: { type: 'string', format: 'password', minLength: 1, maxLength: 1024 },
      },
    },
  ],
  [
    RefreshDto,
    {
      name: 'AuthRefreshRequest',
      description: `The refresh token to rotate. ${UNKNOWN_FIELDS}`,
      properties: {
        refreshToken: optional({
          type: 'string',
          minLength: 1,
          maxLength: 512,
          description:
            'Required unless the session cookies are enabled (`tokenLookup` with `cookie`): then the refresh cookie is used when it is left out.',
        }),
      },
    },
  ],
  [
    ReauthenticateDto,
    {
      name: 'AuthReauthenticateRequest',
      description: `The credentials again, and the session's refresh token. ${UNKNOWN_FIELDS}`,
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 256, example: 'alice' },
        password: { type: 'string', format: 'password', minLength: 1, maxLength: 1024 },
        refreshToken: optional({
          type: 'string',
          minLength: 1,
          maxLength: 512,
          description:
            'Required unless the session cookies are enabled: then the refresh cookie is used when it is left out.',
        }),
        code: optional({
          ...totpCode,
          description:
            "With `mfa`: a code of the user's TOTP factor too, for `acr` `mfa` (amr `pwd`, `otp`).",
        }),
      },
    },
  ],
  [
    MfaLoginDto,
    {
      name: 'AuthMfaRequest',
      description: `The login's mfaToken and exactly one second factor: \`code\`, \`recoveryCode\`, or \`method\` with \`proof\`. ${UNKNOWN_FIELDS}`,
      properties: {
        mfaToken: { type: 'string', minLength: 1, maxLength: 64 },
        code: optional(totpCode),
        recoveryCode: optional(recoveryCode),
        method: optional({
          type: 'string',
          maxLength: 32,
          example: 'webauthn',
          description: "One of the login's `methods`; required with `proof`.",
        }),
        proof: optional({
          type: 'object',
          additionalProperties: true,
          description: "What the app's factor checks (its `verify(sub, proof)`).",
        }),
      },
    },
  ],
  [
    MfaCodeDto,
    {
      name: 'AuthMfaCodeRequest',
      description: `A code. ${UNKNOWN_FIELDS}`,
      properties: { code: totpCode },
    },
  ],
  [
    MfaProofDto,
    {
      name: 'AuthMfaProofRequest',
      description: `Exactly one of a code and a recovery code. ${UNKNOWN_FIELDS}`,
      properties: { code: optional(totpCode), recoveryCode: optional(recoveryCode) },
    },
  ],
  [
    EmptyBodyDto,
    {
      name: 'AuthEmptyRequest',
      description: `No fields: send \`{}\` or no body. ${UNKNOWN_FIELDS}`,
      properties: {},
    },
  ],
  [
    TicketDto,
    {
      name: 'AuthTicketRequest',
      description: `The path the ticket will open. ${UNKNOWN_FIELDS}`,
      properties: {
        path: {
          type: 'string',
          maxLength: 2048,
          pattern: '^/[!-~]*$',
          example: '/events',
          description:
            'Absolute, visible ASCII, no query or fragment: exactly the path the GET will request.',
        },
      },
    },
  ],
  [
    SessionIdParams,
    {
      name: 'AuthSessionIdParams',
      description: 'Path parameters of `DELETE /auth/sessions/{id}`.',
      properties: {
        id: {
          type: 'string',
          format: 'uuid',
          description: 'A session id from `GET /auth/sessions`.',
        },
      },
    },
  ],
  [
    CreateApiKeyDto,
    {
      name: 'AuthCreateApiKeyRequest',
      description: `What the new key may do, and for how long. ${UNKNOWN_FIELDS}`,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100, example: 'ci-deploy' },
        roles: optional({
          type: 'array',
          maxItems: 100,
          items: { type: 'string', minLength: 1, maxLength: 256 },
          description: "Roles of the access token's user the key grants; none when left out.",
        }),
        scopes: optional({
          type: 'array',
          maxItems: 100,
          items: { type: 'string', pattern: '^[!#-\\[\\]-~]+$' },
          description: 'Scopes of the access token the key grants; none when left out.',
        }),
        expiresIn: optional({
          type: 'integer',
          minimum: 1,
          maximum: 10 * 366 * 86400,
          description: 'Seconds until the key expires; left out, it lives until it is revoked.',
        }),
      },
    },
  ],
  [
    ApiKeyIdParams,
    {
      name: 'AuthApiKeyIdParams',
      description: 'Path parameters of `DELETE /auth/api-keys/{id}`.',
      properties: {
        id: {
          type: 'string',
          pattern: '^[A-Za-z0-9_-]{22}$',
          description: 'A key id from `GET /auth/api-keys` or its creation.',
        },
      },
    },
  ],
]);

/** Names and describes the DTO classes of the auth routes, from their validation rules. */
export function describeRequestSchemas({ ApiProperty, ApiSchema }: Swagger): void {
  for (const [type, { name, description, properties }] of REQUEST_SCHEMAS) {
    ApiSchema({ name, description })(type as never);
    for (const [property, options] of Object.entries(properties)) {
      ApiProperty(options)(type.prototype, property);
    }
  }
}
