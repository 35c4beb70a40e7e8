import jwt from 'jsonwebtoken';
import { AuthException } from '../errors/auth.exception.js';
import { toAuthException } from './jwt-error.mapper.js';

describe('toAuthException', () => {
  it.each([
    ['TokenExpiredError', new jwt.TokenExpiredError('jwt expired', new Date()), 'token_expired'],
    ['NotBeforeError', new jwt.NotBeforeError('jwt not active', new Date()), 'token_not_active'],
    ['jwt malformed', new jwt.JsonWebTokenError('jwt malformed'), 'token_malformed'],
    ['invalid token', new jwt.JsonWebTokenError('invalid token'), 'token_malformed'],
    ['jwt must be provided', new jwt.JsonWebTokenError('jwt must be provided'), 'token_malformed'],
    ['jwt must be a string', new jwt.JsonWebTokenError('jwt must be a string'), 'token_malformed'],
    ['invalid signature', new jwt.JsonWebTokenError('invalid signature'), 'token_invalid'],
    ['invalid algorithm', new jwt.JsonWebTokenError('invalid algorithm'), 'token_invalid'],
    [
      'a wrong audience',
      new jwt.JsonWebTokenError('jwt audience invalid. expected: api'),
      'token_invalid',
    ],
    ["passport-jwt's 'No auth token'", new Error('No auth token'), 'token_missing'],
    ['any other Error', new TypeError('boom'), 'token_invalid'],
    ['a string', 'jwt malformed', 'token_invalid'],
    ['undefined', undefined, 'token_invalid'],
  ])('maps %s to %s', (_case, error, code) => {
    const mapped = toAuthException(error);
    expect(mapped).toBeInstanceOf(AuthException);
    expect(mapped.code).toBe(code);
  });

  it('never passes on the library message', () => {
    const mapped = toAuthException(new jwt.JsonWebTokenError('jwt audience invalid. expected: x'));
    expect(mapped.message).not.toContain('expected');
    expect(mapped.getResponse().message).toBe('The access token failed verification.');
  });

  it('passes an AuthException through unchanged', () => {
    const original = new AuthException('token_revoked', 'custom');
    expect(toAuthException(original)).toBe(original);
  });
});
