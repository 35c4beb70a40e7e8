import { isAccessTokenType, isForeignAccessTokenType } from './token-type.js';

describe('isAccessTokenType', () => {
  it.each(['at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/AT+JWT'])('accepts %p', (typ) => {
    expect(isAccessTokenType(typ)).toBe(true);
  });

  it.each([undefined, 'JWT', 'at+JWS', 'application/jwt', ['at+jwt'], 'jwt+at', 'application/'])(
    'refuses %p',
    (typ) => {
      expect(isAccessTokenType(typ)).toBe(false);
    },
  );
});

describe('isForeignAccessTokenType', () => {
  it.each([undefined, 'JWT', 'jwt', 'application/jwt', 'at+jwt'])('accepts %p', (typ) => {
    expect(isForeignAccessTokenType(typ)).toBe(true);
  });

  it.each(['JWS', 'id+jwt', 'logout+jwt', 'dpop+jwt', ['JWT'], null, 7])('refuses %p', (typ) => {
    expect(isForeignAccessTokenType(typ)).toBe(false);
  });
});
