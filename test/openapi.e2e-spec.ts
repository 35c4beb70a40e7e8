import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { type AuthModuleExtras, AuthModule, type AuthModuleOptions } from 'nest-jwt-auth';
import { createHttpApp } from './support/http-app.js';
import {
  bearer,
  HTTP_ADAPTER,
  login,
  type RunningSample,
  startSample,
} from './support/sample-app.js';
import { TEST_SECRET } from './support/test-secret.js';
import { ACCESS_TOKEN_CODES } from './support/token-codes.js';

/** The parts of an OpenAPI document these tests read. */
interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  parameters: { name: string; in: string; required?: boolean; schema?: { format?: string } }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, Response>;
}
interface Response {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaType>;
}
interface MediaType {
  schema: {
    $ref?: string;
    type?: string;
    items?: { $ref: string };
    oneOf?: { $ref: string }[];
    allOf?: [{ $ref: string }, { properties: { code: { enum: string[] } } }];
  };
  examples?: Record<string, { value: unknown }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }>;
    securitySchemes?: Record<string, { type: string; scheme?: string }>;
  };
}

/** The error codes an operation documents, by status. */
function codesOf(operation: Operation): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(operation.responses)
      .filter(([, response]) => response.content?.['application/json']?.schema.allOf)
      .map(([status, response]) => [
        status,
        response.content!['application/json'].schema.allOf![1].properties.code.enum,
      ]),
  );
}

const json = (response: Response) => response.content!['application/json'];

describe('the sample’s OpenAPI document', () => {
  let sample: RunningSample;
  let document: OpenApiDocument;
  beforeAll(async () => {
    sample = await startSample({});
    // No Authorization header: the docs are public despite the sample's global guard.
    const response = await sample.http().get('/docs-json').expect(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    document = response.body as OpenApiDocument;
  });
  afterAll(() => sample.close());

  const operation = (path: string, method: string) => {
    const found = document.paths[path]?.[method];
    if (!found) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return found;
  };

  it('documents every auth route, tagged auth', () => {
    for (const [path, method] of [
      ['/auth/login', 'post'],
      ['/auth/refresh', 'post'],
      ['/auth/logout', 'post'],
      ['/auth/logout-all', 'post'],
      ['/auth/sessions', 'get'],
      ['/auth/sessions/{id}', 'delete'],
      ['/auth/ticket', 'post'],
      ['/.well-known/jwks.json', 'get'],
    ]) {
      expect(operation(path, method)).toMatchObject({
        summary: expect.any(String),
        tags: ['auth'],
      });
    }
  });

  it('documents the request bodies and their rules', () => {
    const login = operation('/auth/login', 'post');
    expect(login.requestBody).toMatchObject({ required: true });
    expect(login.requestBody!.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/AuthLoginRequest',
    );
    expect(document.components.schemas.AuthLoginRequest).toMatchObject({
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 256 },
        password: { type: 'string', minLength: 1, maxLength: 1024 },
      },
      required: ['username', 'password'],
    });
    // The sample reads the refresh cookie too, so the body is optional there.
    expect(operation('/auth/refresh', 'post').requestBody).toMatchObject({
      required: false,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/AuthRefreshRequest' } },
      },
    });
    expect(document.components.schemas.AuthRefreshRequest.properties).toMatchObject({
      refreshToken: { type: 'string', maxLength: 512 },
    });
    expect(operation('/auth/logout', 'post').requestBody).toMatchObject({
      required: false,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/AuthEmptyRequest' } },
      },
    });
    expect(operation('/auth/sessions/{id}', 'delete').parameters).toContainEqual(
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ format: 'uuid' }),
      }),
    );
  });

  it('documents the token pair and the sessions list', () => {
    for (const path of ['/auth/refresh', '/auth/mfa']) {
      const ok = operation(path, 'post').responses['200'];
      expect(json(ok).schema.$ref).toBe('#/components/schemas/AuthTokenPair');
      expect(ok.headers).toHaveProperty('Set-Cookie');
    }
    // The sample has MFA on: a login answers a token pair, or the mfaToken step.
    const login = operation('/auth/login', 'post').responses['200'];
    expect(json(login).schema.oneOf).toEqual([
      { $ref: '#/components/schemas/AuthTokenPair' },
      { $ref: '#/components/schemas/AuthMfaRequired' },
    ]);
    expect(login.headers).toHaveProperty('Set-Cookie');
    expect(Object.keys(document.components.schemas.AuthMfaRequired.properties)).toEqual([
      'mfaRequired',
      'mfaToken',
      'expiresIn',
      'methods',
    ]);
    expect(document.components.schemas.AuthTokenPair).toMatchObject({
      properties: {
        accessToken: { type: 'string' },
        refreshToken: { type: 'string' },
        tokenType: { enum: ['Bearer'] },
        expiresIn: { type: 'integer' },
        refreshExpiresIn: { type: 'integer' },
      },
      required: ['tokenType', 'expiresIn', 'refreshExpiresIn'],
    });
    expect(json(operation('/auth/sessions', 'get').responses['200']).schema).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/AuthSession' },
    });
    expect(Object.keys(document.components.schemas.AuthSession.properties)).toEqual([
      'id',
      'createdAt',
      'lastRefreshedAt',
      'expiresAt',
      'metadata',
      'current',
    ]);
    for (const [path, method] of [
      ['/auth/logout', 'post'],
      ['/auth/logout-all', 'post'],
      ['/auth/sessions/{id}', 'delete'],
    ]) {
      expect(operation(path, method).responses['204']).toBeDefined();
    }
    expect(
      operation('/.well-known/jwks.json', 'get').responses['200'].content?.[
        'application/jwk-set+json'
      ]?.schema.$ref,
    ).toBe('#/components/schemas/AuthJwks');
    // Only the JWK set is application/jwk-set+json (RFC 7517 section 8.5); errors stay JSON.
    expect(json(operation('/.well-known/jwks.json', 'get').responses['404'])).toBeDefined();
  });

  it('documents the error codes of each route, by status', () => {
    // The sample has cookies on: login refuses foreign origins too.
    expect(codesOf(operation('/auth/login', 'post'))).toEqual({
      400: ['validation_failed'],
      401: ['invalid_credentials'],
      403: ['csrf_failed'],
      415: ['unsupported_media_type'],
      429: ['too_many_attempts'],
      503: ['auth_store_unavailable'],
    });
    expect(codesOf(operation('/auth/refresh', 'post'))).toEqual({
      400: ['validation_failed'],
      401: ['refresh_token_invalid', 'refresh_token_reused'],
      403: ['csrf_failed'],
      415: ['unsupported_media_type'],
      503: ['auth_store_unavailable'],
    });
    // The sample accepts API keys, which the session routes refuse: 403 forbidden.
    for (const path of ['/auth/logout', '/auth/logout-all']) {
      expect(codesOf(operation(path, 'post'))).toEqual({
        400: ['validation_failed'],
        401: ACCESS_TOKEN_CODES,
        403: ['forbidden', 'csrf_failed'],
        415: ['unsupported_media_type'],
        503: ['auth_store_unavailable'],
      });
    }
    expect(codesOf(operation('/auth/sessions', 'get'))).toEqual({
      401: ACCESS_TOKEN_CODES,
      403: ['forbidden'],
      503: ['auth_store_unavailable'],
    });
    const deleteSession = operation('/auth/sessions/{id}', 'delete');
    expect(codesOf(deleteSession)).toEqual({
      400: ['validation_failed'],
      401: ACCESS_TOKEN_CODES,
      403: ['forbidden', 'csrf_failed'],
      404: ['session_not_found'],
      415: ['unsupported_media_type'],
      503: ['auth_store_unavailable'],
    });
    expect(operation('/auth/login', 'post').responses['429'].headers).toHaveProperty('Retry-After');
    expect(operation('/auth/sessions', 'get').responses['401'].headers).toHaveProperty(
      'WWW-Authenticate',
    );
  });

  it('documents the MFA routes, their bodies and their refusals', () => {
    expect(codesOf(operation('/auth/mfa', 'post'))).toEqual({
      400: ['validation_failed', 'mfa_method_unavailable'],
      401: ['mfa_token_invalid', 'mfa_code_invalid'],
      403: ['csrf_failed'],
      415: ['unsupported_media_type'],
      429: ['too_many_attempts'],
      503: ['auth_store_unavailable'],
    });
    expect(operation('/auth/mfa', 'post').security).toBeUndefined();
    expect(json(operation('/auth/mfa', 'get').responses['200']).schema.$ref).toBe(
      '#/components/schemas/AuthMfaStatus',
    );
    expect(json(operation('/auth/mfa/totp', 'post').responses['200']).schema.$ref).toBe(
      '#/components/schemas/AuthTotpEnrolment',
    );
    expect(codesOf(operation('/auth/mfa/totp', 'post'))).toMatchObject({
      409: ['mfa_already_enrolled'],
    });
    for (const path of ['/auth/mfa/totp/confirm', '/auth/mfa/recovery-codes']) {
      expect(json(operation(path, 'post').responses['200']).schema.$ref).toBe(
        '#/components/schemas/AuthRecoveryCodes',
      );
      expect(operation(path, 'post').requestBody!.content['application/json'].schema.$ref).toBe(
        '#/components/schemas/AuthMfaCodeRequest',
      );
    }
    const disable = operation('/auth/mfa/totp/disable', 'post');
    expect(disable.responses['204']).toBeDefined();
    expect(codesOf(disable)).toMatchObject({
      401: [...ACCESS_TOKEN_CODES, 'mfa_code_invalid'],
      404: ['mfa_not_enrolled'],
      429: ['too_many_attempts'],
    });
    expect(document.components.schemas.AuthMfaRequest).toMatchObject({
      properties: {
        mfaToken: { type: 'string' },
        code: { type: 'string', pattern: '^\\d{6}$' },
        recoveryCode: { type: 'string' },
        method: { type: 'string' },
        proof: { type: 'object' },
      },
      required: ['mfaToken'],
    });
    expect(document.components.schemas.AuthReauthenticateRequest.properties).toHaveProperty('code');
    expect(codesOf(operation('/auth/reauthenticate', 'post'))['401']).toContain('mfa_code_invalid');
  });

  it('describes the error body { statusCode, error, code, message } with every stable code', () => {
    const error = document.components.schemas.AuthError;
    expect(error.required).toEqual(['statusCode', 'error', 'code', 'message']);
    expect(error.properties.code).toMatchObject({
      enum: expect.arrayContaining([
        ...ACCESS_TOKEN_CODES,
        'invalid_credentials',
        'refresh_token_reused',
      ]),
    });
  });

  it('gives as examples the very bodies the routes answer with', async () => {
    const refused = await sample
      .http()
      .post('/auth/login')
      .send({ username: 'alice', password: 'not-her-password' })
      .expect(401);
    const examples = json(operation('/auth/login', 'post').responses['401']).examples!;
    expect(examples.invalid_credentials.value).toEqual(refused.body);

    const missing = await sample.http().get('/auth/sessions').expect(401);
    const tokenExamples = json(operation('/auth/sessions', 'get').responses['401']).examples!;
    expect(tokenExamples.token_missing.value).toEqual(missing.body);

    const { accessToken } = await login(sample);
    const unknown = await sample
      .http()
      .delete(`/auth/sessions/${randomUUID()}`)
      .set(bearer(accessToken))
      .expect(404);
    const sessionExamples = json(
      operation('/auth/sessions/{id}', 'delete').responses['404'],
    ).examples!;
    expect(sessionExamples.session_not_found.value).toEqual(unknown.body);
  });

  it('documents Cache-Control: no-store on the answers that carry tokens, sessions or refusals', () => {
    for (const [path, method, status] of [
      ['/auth/login', 'post', '200'],
      ['/auth/refresh', 'post', '200'],
      ['/auth/sessions', 'get', '200'],
      ['/auth/sessions', 'get', '401'],
      ['/auth/login', 'post', '429'],
    ]) {
      expect(operation(path, method).responses[status].headers).toHaveProperty('Cache-Control');
    }
  });

  it('declares the bearer scheme and requires it where an access token is needed', () => {
    expect(document.components.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const [path, method] of [
      ['/auth/logout', 'post'],
      ['/auth/logout-all', 'post'],
      ['/auth/sessions', 'get'],
      ['/auth/sessions/{id}', 'delete'],
      ['/auth/ticket', 'post'],
    ]) {
      expect(operation(path, method).security).toEqual([{ bearer: [] }]);
    }
    for (const [path, method] of [
      ['/auth/login', 'post'],
      ['/auth/refresh', 'post'],
      ['/.well-known/jwks.json', 'get'],
    ]) {
      expect(operation(path, method).security).toBeUndefined();
    }
  });

  it('documents the CSRF header of cookie-authenticated requests', () => {
    expect(operation('/auth/logout', 'post').parameters).toContainEqual(
      expect.objectContaining({ name: 'x-csrf-token', in: 'header', required: false }),
    );
    expect(operation('/auth/sessions', 'get').parameters).not.toContainEqual(
      expect.objectContaining({ name: 'x-csrf-token' }),
    );
  });

  (HTTP_ADAPTER === 'express' ? it : it.skip)(
    'serves Swagger UI at /docs, without a token',
    async () => {
      const page = await sample.http().get('/docs').expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('swagger-ui');
      await sample.http().get('/docs/swagger-ui-init.js').expect(200);
    },
  );
});

describe('the OpenAPI document of other configurations', () => {
  it('leaves out the auth routes of a resource server, which answer 404', async () => {
    const resource = await startSample({ jwksUrl: 'http://127.0.0.1:1/.well-known/jwks.json' });
    try {
      const { body } = await resource.http().get('/docs-json').expect(200);
      const paths = Object.keys((body as OpenApiDocument).paths);
      expect(paths.filter((path) => path.startsWith('/auth'))).toEqual([]);
      expect(paths).toContain('/me');
    } finally {
      await resource.close();
    }
  });

  /** The OpenAPI document of an app importing the module with `options`. */
  async function documentOf(options: Partial<AuthModuleOptions> & AuthModuleExtras) {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ secret: TEST_SECRET, store: 'memory', ...options })],
    }).compile();
    let app: INestApplication | undefined;
    try {
      app = await createHttpApp(moduleRef);
      return SwaggerModule.createDocument(
        app,
        new DocumentBuilder().build(),
      ) as unknown as OpenApiDocument;
    } finally {
      await (app ?? moduleRef).close();
    }
  }

  it('leaves out login without validateCredentials, and follows the route prefix', async () => {
    const document = await documentOf({ routePrefix: 'account' });
    expect(Object.keys(document.paths).sort()).toEqual([
      '/.well-known/jwks.json',
      '/account/logout',
      '/account/logout-all',
      '/account/refresh',
      '/account/sessions',
      '/account/sessions/{id}',
      '/account/ticket',
    ]);
    // Without session cookies, the refresh token must be in the body, and no CSRF applies.
    const refresh = document.paths['/account/refresh'].post;
    expect(refresh.requestBody?.required).toBe(true);
    expect(codesOf(refresh)).not.toHaveProperty('403');
    expect(codesOf(refresh)).toHaveProperty('415');
    expect(codesOf(document.paths['/account/sessions'].get)).not.toHaveProperty('403');
    const ticket = document.paths['/account/ticket'].post;
    expect(ticket.requestBody?.required).toBe(true);
    expect(ticket.responses['200']).toBeDefined();
    expect(codesOf(ticket)).toHaveProperty('400', ['validation_failed']);
  });

  it("documents the API-key routes only with 'apiKey' in tokenLookup", async () => {
    const document = await documentOf({ tokenLookup: ['header', 'apiKey'] });
    const create = document.paths['/auth/api-keys'].post;
    expect(create.responses['201'].content!['application/json'].schema.$ref).toBe(
      '#/components/schemas/AuthCreatedApiKey',
    );
    expect(create.requestBody!.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/AuthCreateApiKeyRequest',
    );
    expect(codesOf(create)).toMatchObject({
      400: ['validation_failed'],
      403: ['forbidden'],
      409: ['api_key_limit_reached'],
      503: ['auth_store_unavailable'],
    });
    expect(document.paths['/auth/api-keys'].get.responses['200']).toBeDefined();
    expect(codesOf(document.paths['/auth/api-keys/{id}'].delete)).toMatchObject({
      404: ['api_key_not_found'],
    });
    expect(Object.keys(document.components.schemas.AuthApiKey.properties)).not.toContain('key');
    // A key is refused on the session routes.
    expect(codesOf(document.paths['/auth/sessions'].get)).toHaveProperty('403', ['forbidden']);
  });

  it("documents the session routes' refusal of other issuers' tokens with issuers", async () => {
    const document = await documentOf({
      issuer: 'https://shop.example',
      issuers: [
        { issuer: 'https://sso.example', audience: 'shop-api', jwksUrl: 'http://127.0.0.1:1/jwks' },
      ],
    });
    const sessionRoutes = [
      document.paths['/auth/logout'].post,
      document.paths['/auth/logout-all'].post,
      document.paths['/auth/sessions'].get,
      document.paths['/auth/sessions/{id}'].delete,
    ];
    for (const operation of sessionRoutes) {
      expect(codesOf(operation)).toMatchObject({
        403: ['forbidden'],
        503: expect.arrayContaining(['jwks_unavailable', 'auth_store_unavailable']),
      });
    }
    expect(codesOf(document.paths['/auth/refresh'].post)).not.toHaveProperty('403');
  });

  it('documents the tenant header and 400 tenant_unknown on every auth route with tenants', async () => {
    const tenant = { issuer: 'https://a.example', secret: `${TEST_SECRET}-a` };
    const document = await documentOf({
      tenants: { resolve: { header: 'X-Tenant-Id' }, tenants: { a: tenant } },
    });
    const authPaths = Object.keys(document.paths).filter((path) => path.startsWith('/auth/'));
    expect(authPaths.length).toBeGreaterThan(5);
    for (const [path, operations] of Object.entries(document.paths)) {
      if (authPaths.includes(path)) {
        for (const operation of Object.values(operations)) {
          expect(codesOf(operation)['400']).toContain('tenant_unknown');
          expect(operation.parameters).toContainEqual(
            expect.objectContaining({ name: 'x-tenant-id', in: 'header', required: true }),
          );
        }
      }
    }
    const plain = await documentOf({});
    expect(codesOf(plain.paths['/auth/refresh'].post)['400']).not.toContain('tenant_unknown');
  });
});
