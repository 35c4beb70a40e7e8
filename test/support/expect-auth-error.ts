import { type Response } from 'supertest';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

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
    error: STATUS_TEXT[status],
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
