import { type HttpRequest } from './http-request.js';
import { cookiesOf, findAccessToken, findApiKey, type TokenSource } from './token-lookup.js';

const NAMES = { cookie: 'access_token', query: 'access_token' };

function request(
  headers: Record<string, string | string[] | undefined> = {},
  query?: Record<string, unknown>,
): HttpRequest {
  return { method: 'GET', headers, ...(query ? { query } : {}) };
}

/** A request carrying a token in each of the three places. */
const everywhere = request(
  { authorization: 'Bearer from-header', cookie: 'access_token=from-cookie' },
  { access_token: 'from-query' },
);

describe('findAccessToken', () => {
  it('reads the Authorization header with the default lookup', () => {
    expect(findAccessToken(everywhere, ['header'], NAMES)).toEqual({
      token: 'from-header',
      source: 'header',
    });
  });

  it('ignores the cookie and the query parameter with the default lookup', () => {
    const noHeader = request({ cookie: 'access_token=c' }, { access_token: 'q' });
    expect(findAccessToken(noHeader, ['header'], NAMES)).toBeNull();
  });

  it("prefers the cookie when both are present and the lookup is ['cookie', 'header']", () => {
    expect(findAccessToken(everywhere, ['cookie', 'header'], NAMES)).toEqual({
      token: 'from-cookie',
      source: 'cookie',
    });
  });

  it("prefers the header when both are present and the lookup is ['header', 'cookie']", () => {
    expect(findAccessToken(everywhere, ['header', 'cookie'], NAMES)).toEqual({
      token: 'from-header',
      source: 'header',
    });
  });

  it('falls back to the cookie when the header has no token', () => {
    const cookieOnly = request({ cookie: 'access_token=from-cookie' });
    expect(findAccessToken(cookieOnly, ['header', 'cookie'], NAMES)).toEqual({
      token: 'from-cookie',
      source: 'cookie',
    });
  });

  it('falls back to the header when there is no cookie', () => {
    const headerOnly = request({ authorization: 'Bearer from-header' });
    expect(findAccessToken(headerOnly, ['cookie', 'header'], NAMES)).toEqual({
      token: 'from-header',
      source: 'header',
    });
  });

  it('falls back to the cookie when the Authorization header is not a Bearer credential', () => {
    const basic = request({ authorization: 'Basic dXNlcjpwYXNz', cookie: 'access_token=c' });
    expect(findAccessToken(basic, ['header', 'cookie'], NAMES)).toEqual({
      token: 'c',
      source: 'cookie',
    });
  });

  it("ignores a query token when the lookup is ['header', 'cookie']", () => {
    const queryOnly = request({}, { access_token: 'from-query' });
    expect(findAccessToken(queryOnly, ['header', 'cookie'], NAMES)).toBeNull();
  });

  it("reads the query parameter when 'query' is listed", () => {
    const queryOnly = request({}, { access_token: 'from-query' });
    expect(findAccessToken(queryOnly, ['header', 'cookie', 'query'], NAMES)).toEqual({
      token: 'from-query',
      source: 'query',
    });
  });

  it("reads the query parameter first when 'query' comes first", () => {
    expect(findAccessToken(everywhere, ['query', 'header'], NAMES)).toEqual({
      token: 'from-query',
      source: 'query',
    });
  });

  it('uses the configured cookie and query parameter names', () => {
    const custom = request({ cookie: 'access_token=wrong; sid=right' }, { token: 'q' });
    const names = { cookie: 'sid', query: 'token' };
    expect(findAccessToken(custom, ['cookie'], names)).toEqual({
      token: 'right',
      source: 'cookie',
    });
    expect(
      findAccessToken(request({}, { access_token: 'x', token: 'q' }), ['query'], names),
    ).toEqual({ token: 'q', source: 'query' });
  });

  it('counts an empty cookie value as absent and tries the next source', () => {
    const emptyCookie = request({ cookie: 'access_token=', authorization: 'Bearer h' });
    expect(findAccessToken(emptyCookie, ['cookie', 'header'], NAMES)).toEqual({
      token: 'h',
      source: 'header',
    });
    expect(findAccessToken(emptyCookie, ['cookie'], NAMES)).toBeNull();
  });

  it('counts an empty query value as absent and tries the next source', () => {
    const emptyQuery = request({ cookie: 'access_token=c' }, { access_token: '' });
    expect(findAccessToken(emptyQuery, ['query', 'cookie'], NAMES)).toEqual({
      token: 'c',
      source: 'cookie',
    });
    expect(findAccessToken(emptyQuery, ['query'], NAMES)).toBeNull();
  });

  it('ignores a query parameter that is not a string (sent twice)', () => {
    const twice = request({}, { access_token: ['a', 'b'] });
    expect(findAccessToken(twice, ['query'], NAMES)).toBeNull();
  });

  it('returns null when no listed source has a token', () => {
    expect(findAccessToken(request(), ['header', 'cookie', 'query'], NAMES)).toBeNull();
  });

  it.each<[TokenSource[]]>([[['header']], [['cookie']], [['query']]])(
    'returns null for a request without query object, lookup %p',
    (lookup) => {
      expect(findAccessToken({ headers: {} }, lookup, NAMES)).toBeNull();
    },
  );

  it('finds the cookie among several cookies', () => {
    const many = request({ cookie: 'theme=dark; access_token=tok; csrf_token=abc' });
    expect(findAccessToken(many, ['cookie'], NAMES)).toEqual({ token: 'tok', source: 'cookie' });
  });
});

describe('cookiesOf', () => {
  it('parses several cookies', () => {
    expect(cookiesOf(request({ cookie: 'a=1; b=two;c=3' }))).toMatchObject({
      a: '1',
      b: 'two',
      c: '3',
    });
  });

  it('decodes URL-encoded values', () => {
    const cookies = cookiesOf(request({ cookie: 'name=J%C3%A9r%C3%B4me%20D; eq=a%3Db%3Bc' }));
    expect(cookies.name).toBe('Jérôme D');
    expect(cookies.eq).toBe('a=b;c');
  });

  it('uses the first Cookie header when it was sent twice', () => {
    const twice = request({ cookie: ['access_token=first', 'access_token=second'] });
    expect(cookiesOf(twice).access_token).toBe('first');
    expect(findAccessToken(twice, ['cookie'], NAMES)).toEqual({ token: 'first', source: 'cookie' });
  });

  it.each(['garbage', ';;;', '=', '%%%=%E0%A4%A', 'a=%ZZ; ===', '\u00ff=\u00fe; \t'])(
    'does not throw on the garbage Cookie header %p',
    (header) => {
      let cookies: Record<string, string | undefined> | undefined;
      expect(() => {
        cookies = cookiesOf(request({ cookie: header }));
      }).not.toThrow();
      expect(typeof cookies).toBe('object');
      expect(cookies!.access_token).toBeUndefined();
      expect(findAccessToken(request({ cookie: header }), ['cookie'], NAMES)).toBeNull();
    },
  );

  it('keeps a value that is not valid percent-encoding as it was sent', () => {
    expect(cookiesOf(request({ cookie: 'a=%ZZ' })).a).toBe('%ZZ');
  });

  it('returns no cookies without a Cookie header', () => {
    expect(cookiesOf(request())).toEqual({});
  });
});

describe('findApiKey', () => {
  it('reads X-API-Key, else Authorization: ApiKey (any case), whole', () => {
    expect(findApiKey(request({ 'x-api-key': ' njak_a ' }))).toBe('njak_a');
    expect(findApiKey(request({ authorization: 'ApiKey njak_b' }))).toBe('njak_b');
    expect(findApiKey(request({ authorization: 'APIKEY njak_b extra' }))).toBe('njak_b extra');
    expect(
      findApiKey(request({ 'x-api-key': 'njak_header', authorization: 'ApiKey njak_auth' })),
    ).toBe('njak_header');
  });

  it('finds nothing in a Bearer header, an empty header or another scheme', () => {
    for (const headers of [
      { authorization: 'Bearer njak_a' },
      { authorization: 'ApiKey' },
      { authorization: 'ApiKey   ' },
      { authorization: 'ApiKeys njak_a' },
      { 'x-api-key': '' },
      {},
    ]) {
      expect(findApiKey(request(headers))).toBeUndefined();
    }
  });

  it("is a source of findAccessToken only when 'apiKey' is listed, in its order", () => {
    const both = request({ authorization: 'Bearer jwt', 'x-api-key': 'njak_k' });
    expect(findAccessToken(both, ['header'], NAMES)).toEqual({ token: 'jwt', source: 'header' });
    expect(findAccessToken(both, ['apiKey', 'header'], NAMES)).toEqual({
      token: 'njak_k',
      source: 'apiKey',
    });
    const keyOnly = request({ authorization: 'ApiKey njak_k' });
    expect(findAccessToken(keyOnly, ['header'], NAMES)).toBeNull();
    expect(findAccessToken(keyOnly, ['header', 'apiKey'], NAMES)).toEqual({
      token: 'njak_k',
      source: 'apiKey',
    });
  });
});
