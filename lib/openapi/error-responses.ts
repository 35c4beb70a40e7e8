import { NotFoundException } from '@nestjs/common';
import type { ApiResponseOptions } from '@nestjs/swagger';
import { type AuthErrorCode } from '../errors/auth-error-code.js';
import { AUTH_ERROR_MESSAGES, AUTH_ERROR_STATUS } from '../errors/auth-error-messages.js';
import { AuthException } from '../errors/auth.exception.js';
import { AuthError } from './response-schemas.js';
import { type Swagger } from './swagger.js';

/** Every answer of the auth routes: tokens, sessions and refusals are never stored (no ETag). */
export const NO_STORE_HEADER: NonNullable<ApiResponseOptions['headers']> = {
  'Cache-Control': { description: '`no-store`; no ETag.', schema: { type: 'string' } },
};

const HEADERS: Record<number, ApiResponseOptions['headers']> = {
  401: {
    'WWW-Authenticate': {
      description:
        'RFC 6750 challenge: `Bearer realm="nest-jwt-auth"` when no token was sent (`token_missing`), else `Bearer realm="nest-jwt-auth", error="invalid_token", error_description="<code>"`.',
      schema: { type: 'string' },
    },
  },
  429: {
    'Retry-After': {
      description: 'Seconds until a login may be tried again.',
      schema: { type: 'integer' },
    },
  },
};

/**
 * The error responses of a route that can fail with `codes`: one per status, whose schema
 * narrows `code` to the codes of that status and whose examples are the very bodies the module
 * sends.
 */
export function errorResponses(
  { getSchemaPath }: Swagger,
  codes: readonly AuthErrorCode[],
): ApiResponseOptions[] {
  // Map.groupBy needs Node 21.
  const byStatus = new Map<number, AuthErrorCode[]>();
  for (const code of codes) {
    const status = AUTH_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return [...byStatus].map(([status, group]) => ({
    status,
    description: group.map((code) => `- \`${code}\`: ${AUTH_ERROR_MESSAGES[code]}`).join('\n'),
    headers: { ...HEADERS[status], ...NO_STORE_HEADER },
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: getSchemaPath(AuthError) },
            {
              type: 'object',
              properties: { statusCode: { enum: [status] }, code: { enum: group } },
            },
          ],
        },
        examples: Object.fromEntries(
          group.map((code) => [code, { value: new AuthException(code).getResponse() }]),
        ),
      },
    },
  }));
}

/** A 404 as Nest answers it (no `code`: it is no auth failure). */
export function notFoundResponse(description: string): ApiResponseOptions {
  return {
    status: 404,
    description,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: {
            statusCode: { type: 'integer', enum: [404] },
            message: { type: 'string' },
            error: { type: 'string' },
          },
        },
        example: new NotFoundException().getResponse(),
      },
    },
  };
}
