import { STATUS_CODES } from 'node:http';
import { type Response } from 'supertest';

/** The RFC 6750 challenge of a 401 with `code`: no error code when no token came (§3.1). */
export function challengeFor(code: string): string {
  return code === 'token_missing'
    ? 'Bearer realm="nest-jwt-auth"'
    : `Bearer realm="nest-jwt-auth", error="invalid_token", error_description="${code}"`;
}

/**
 * Asserts the documented error shape (docs/errors.md): status, JSON body with the code, the RFC 6750 challenge on
 * 401s, `Cache-Control: no-store` without an ETag, and nothing that looks like a stack trace or a
 * library's message.
 */
export function expectAuthError(response: Response, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.body).toEqual({
    statusCode: status,
    error: STATUS_CODES[status],
    code,
    message: expect.any(String),
  });
  if (status === 401) expect(response.headers['www-authenticate']).toBe(challengeFor(code));
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers.etag).toBeUndefined();
  expect(response.text).not.toMatch(
    /\bat .+\.(js|ts):\d+|jwt (malformed|expired)|invalid signature|Error:/,
  );
}
