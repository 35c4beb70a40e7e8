import { AuthException } from '../errors/auth.exception.js';
import { inspectToken } from './inspect-token.js';
import { b64url } from '../../test/support/forge-token.js';

/** A compact JWS with this header (an object, or raw header text) and a dummy payload and signature. */
function tokenWith(header: Record<string, unknown> | string): string {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  return `${b64url(text)}.${b64url('{"sub":"ann"}')}.c2lnbmF0dXJl`;
}

const VALID = tokenWith({ alg: 'HS256', typ: 'at+jwt' });

/** The AuthException `inspectToken` throws, or undefined. */
function refusalOf(token: string, maxLength = 8192): AuthException | undefined {
  try {
    inspectToken(token, maxLength);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthException);
    return error as AuthException;
  }
  return undefined;
}

/** The code of the AuthException `inspectToken` throws, or 'no error'. */
const codeOf = (token: string, maxLength = 8192) => refusalOf(token, maxLength)?.code ?? 'no error';

/** The message of the AuthException `inspectToken` throws: it tells the client which check. */
const messageOf = (token: string, maxLength = 8192) => refusalOf(token, maxLength)?.message;

describe('inspectToken', () => {
  it('returns the header and payload of a well-formed compact JWS', () => {
    expect(inspectToken(VALID, 8192)).toEqual({
      header: { alg: 'HS256', typ: 'at+jwt' },
      payload: { sub: 'ann' },
    });
  });

  it('refuses a token longer than maxLength as token_malformed', () => {
    expect(codeOf(VALID, VALID.length)).toBe('no error');
    expect(codeOf(VALID, VALID.length - 1)).toBe('token_malformed');
    expect(messageOf(VALID, 20)).toBe('The access token is longer than 20 characters.');
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
    expect(messageOf(token)).toBe(
      'The access token must be three non-empty base64url segments joined by dots.',
    );
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

  it('says which part is not JSON, or not a JSON object', () => {
    const [header, , signature] = VALID.split('.');
    const withPayload = (text: string) => `${header}.${b64url(text)}.${signature}`;
    expect(messageOf(tokenWith('not json'))).toBe('The access token header is not JSON.');
    expect(messageOf(tokenWith('[]'))).toBe('The access token header is not a JSON object.');
    expect(messageOf(withPayload('not json'))).toBe('The access token payload is not JSON.');
    expect(messageOf(withPayload('null'))).toBe('The access token payload is not a JSON object.');
  });

  it.each([[['exp']], [[]], ['b64']])('calls a token with crit %p token_invalid', (crit) => {
    expect(codeOf(tokenWith({ alg: 'HS256', typ: 'at+jwt', crit }))).toBe('token_invalid');
    expect(messageOf(tokenWith({ alg: 'HS256', typ: 'at+jwt', crit }))).toBe(
      'The token has unsupported critical headers.',
    );
  });

  describe('non-canonical base64url (RFC 4648 section 3.5)', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    /** The segment with the unused low bit of its last character set: the same bytes. */
    const flipUnusedBit = (segment: string) =>
      segment.slice(0, -1) + ALPHABET[ALPHABET.indexOf(segment.at(-1)!) | 1];

    it.each([0, 1])('refuses segment %i with its unused trailing bits set', (index) => {
      const segments = VALID.split('.');
      const canonical = [b64url('{"alg":"HS256","x":12}'), b64url('{"sub":"anna"}')][index];
      expect(canonical.length % 4).not.toBe(0);
      segments[index] = canonical;
      expect(codeOf(segments.join('.'))).toBe('no error');
      segments[index] = flipUnusedBit(canonical);
      expect(Buffer.from(segments[index], 'base64url')).toEqual(
        Buffer.from(canonical, 'base64url'),
      );
      expect(codeOf(segments.join('.'))).toBe('token_malformed');
      expect(messageOf(segments.join('.'))).toBe(
        'The access token has a segment that is not canonical base64url.',
      );
    });

    it('refuses a signature with its unused trailing bits set', () => {
      const [header, payload] = VALID.split('.');
      const signature = Buffer.alloc(64, 0xaa).toString('base64url');
      expect(codeOf(`${header}.${payload}.${signature}`)).toBe('no error');
      expect(codeOf(`${header}.${payload}.${flipUnusedBit(signature)}`)).toBe('token_malformed');
    });

    it('refuses a segment of length 1 modulo 4, which encodes no whole byte', () => {
      expect(VALID.split('.')[2].length % 4).toBe(0);
      expect(codeOf(`${VALID}A`)).toBe('token_malformed');
    });
  });
});
