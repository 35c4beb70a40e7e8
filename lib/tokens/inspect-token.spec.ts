import { AuthException } from '../errors/auth.exception.js';
import { inspectToken } from './inspect-token.js';

const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** A compact JWS with this header (an object, or raw header text) and a dummy payload and signature. */
function tokenWith(header: Record<string, unknown> | string): string {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  return `${b64url(text)}.${b64url('{"sub":"ann"}')}.c2lnbmF0dXJl`;
}

const VALID = tokenWith({ alg: 'HS256', typ: 'at+jwt' });

/** The code of the AuthException `inspectToken` throws, or 'no error'. */
function codeOf(token: string, maxLength = 8192): string {
  try {
    inspectToken(token, 'HS256', maxLength);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthException);
    return (error as AuthException).code;
  }
  return 'no error';
}

describe('inspectToken', () => {
  it('returns the header of a well-formed access token', () => {
    expect(inspectToken(VALID, 'HS256', 8192)).toEqual({ alg: 'HS256', typ: 'at+jwt' });
  });

  it('refuses a token longer than maxLength as token_malformed', () => {
    expect(codeOf(VALID, VALID.length)).toBe('no error');
    expect(codeOf(VALID, VALID.length - 1)).toBe('token_malformed');
  });

  it.each([
    ['two segments', VALID.split('.').slice(0, 2).join('.')],
    ['four segments', `${VALID}.c2ln`],
    ['an empty signature', `${VALID.slice(0, VALID.lastIndexOf('.'))}.`],
    ['an empty header', `.${VALID.split('.').slice(1).join('.')}`],
    ['a "+"', `${VALID}+`],
    ['a "/"', VALID.replace('.', '/.')],
    ['padding "="', `${VALID}=`],
    ['a space', ` ${VALID}`],
    ['nothing at all', ''],
  ])('calls a token with %s token_malformed', (_case, token) => {
    expect(codeOf(token)).toBe('token_malformed');
  });

  it.each([
    ['not JSON', 'not json'],
    ['a JSON array', '[{"alg":"HS256","typ":"at+jwt"}]'],
    ['a JSON string', '"HS256"'],
    ['JSON null', 'null'],
    ['a JSON number', '256'],
  ])('calls a header that is %s token_malformed', (_case, header) => {
    expect(codeOf(tokenWith(header))).toBe('token_malformed');
  });

  it.each(['not json', '[]', '"ann"', 'null'])('calls a payload of %p token_malformed', (text) => {
    const [header, , signature] = VALID.split('.');
    expect(codeOf(`${header}.${b64url(text)}.${signature}`)).toBe('token_malformed');
  });

  it.each([
    ['none', { alg: 'none', typ: 'at+jwt' }],
    ['NONE', { alg: 'NONE', typ: 'at+jwt' }],
    ['HS512', { alg: 'HS512', typ: 'at+jwt' }],
    ['hs256', { alg: 'hs256', typ: 'at+jwt' }],
    ['RS256', { alg: 'RS256', typ: 'at+jwt' }],
    ['missing', { typ: 'at+jwt' }],
  ])('calls algorithm %s token_invalid when HS256 is configured', (_alg, header) => {
    expect(codeOf(tokenWith(header))).toBe('token_invalid');
  });

  it.each([
    ['missing', undefined],
    ['JWT', 'JWT'],
    ['at+JWS', 'at+JWS'],
    ['application/jwt', 'application/jwt'],
    ['an array', ['at+jwt']],
  ])('calls typ %s token_invalid', (_case, typ) => {
    expect(codeOf(tokenWith({ alg: 'HS256', typ }))).toBe('token_invalid');
  });

  it.each(['at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/AT+JWT'])(
    'accepts typ %p',
    (typ) => {
      expect(codeOf(tokenWith({ alg: 'HS256', typ }))).toBe('no error');
    },
  );

  it.each([[['exp']], [[]], ['b64']])('calls a token with crit %p token_invalid', (crit) => {
    expect(codeOf(tokenWith({ alg: 'HS256', typ: 'at+jwt', crit }))).toBe('token_invalid');
  });

  it('checks against the configured algorithm', () => {
    const hs512 = tokenWith({ alg: 'HS512', typ: 'at+jwt' });
    expect(() => inspectToken(hs512, 'HS512', 8192)).not.toThrow();
    expect(() => inspectToken(VALID, 'HS512', 8192)).toThrow(AuthException);
  });
});
