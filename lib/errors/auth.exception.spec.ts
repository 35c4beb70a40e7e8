import { HttpException } from '@nestjs/common';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';

/** Every code with its status and error (docs/errors.md). */
const CODES: [AuthErrorCode, number, string][] = [
  ['token_missing', 401, 'Unauthorized'],
  ['token_malformed', 401, 'Unauthorized'],
  ['token_invalid', 401, 'Unauthorized'],
  ['token_expired', 401, 'Unauthorized'],
  ['token_not_active', 401, 'Unauthorized'],
  ['token_revoked', 401, 'Unauthorized'],
  ['api_key_invalid', 401, 'Unauthorized'],
  ['invalid_credentials', 401, 'Unauthorized'],
  ['refresh_token_invalid', 401, 'Unauthorized'],
  ['refresh_token_reused', 401, 'Unauthorized'],
  ['forbidden', 403, 'Forbidden'],
  ['insufficient_scope', 403, 'Forbidden'],
  ['session_not_found', 404, 'Not Found'],
  ['api_key_not_found', 404, 'Not Found'],
  ['api_key_limit_reached', 409, 'Conflict'],
  ['validation_failed', 400, 'Bad Request'],
  ['unsupported_media_type', 415, 'Unsupported Media Type'],
  ['auth_store_unavailable', 503, 'Service Unavailable'],
];

describe('AuthException', () => {
  it('knows every code of the contract', () => {
    expect(Object.values(AuthErrorCode)).toEqual(
      expect.arrayContaining(CODES.map(([code]) => code)),
    );
  });

  it.each(CODES)('%s is %i %s with a default message', (code, status, error) => {
    const exception = new AuthException(code);
    expect(exception).toBeInstanceOf(HttpException);
    expect(exception.code).toBe(code);
    expect(exception.getStatus()).toBe(status);
    const body = exception.getResponse();
    expect(body).toEqual({ statusCode: status, error, code, message: expect.any(String) });
    expect(body.message.length).toBeGreaterThan(10);
    expect(Object.keys(body).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
  });

  it('gives every code its own message', () => {
    const messages = CODES.map(([code]) => new AuthException(code).getResponse().message);
    expect(new Set(messages).size).toBe(CODES.length);
  });

  it('takes a custom message, keeping status and code', () => {
    const exception = new AuthException('forbidden', 'Admins only.');
    expect(exception.getResponse()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      code: 'forbidden',
      message: 'Admins only.',
    });
    expect(exception.message).toBe('Admins only.');
  });

  it('keeps the cause out of the body', () => {
    const cause = new Error('ECONNREFUSED 127.0.0.1:6379');
    const exception = new AuthException('auth_store_unavailable', undefined, { cause });
    expect(exception.cause).toBe(cause);
    expect(JSON.stringify(exception.getResponse())).not.toContain('ECONNREFUSED');
  });
});
