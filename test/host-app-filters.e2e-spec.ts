// An app with its own global exception filter and its own error body keeps them for its errors,
// however it registered the filter (app.useGlobalFilters() ranks above every APP_FILTER), and
// the module's 401/403/429/503 keep their status, code and headers: on HTTP (both adapters),
// in GraphQL and on sockets.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import {
  type ArgumentsHost,
  BadRequestException,
  Body,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  HttpException,
  type INestApplication,
  Post,
  type Type,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Args, GraphQLModule, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { GraphQLError } from 'graphql';
import {
  AuthExceptionFilter,
  AuthModule,
  AuthService,
  AuthTestingModule,
  CurrentUser,
  Denylist,
  JwtAuthGuard,
  Public,
  Roles,
  TestTokens,
  type TokenPair,
  WsAuthExceptionFilter,
} from 'nest-jwt-auth';
import { type Socket } from 'socket.io-client';
import request, { type Response } from 'supertest';
import { challengeFor, expectAuthError } from './support/expect-auth-error.js';
import { HTTP_ADAPTER, initHttpApp, newHttpApp } from './support/http-app.js';
import { TEST_SECRET } from './support/test-secret.js';
import { connectSocket, refusal, send } from './support/ws-client.js';

/** The app's own error answer: another body, its own header, and a GraphQL code of its own. */
function answerAsTheApp(exception: unknown, host: ArgumentsHost): unknown {
  const status = exception instanceof HttpException ? exception.getStatus() : 500;
  if (host.getType<string>() === 'graphql') {
    return new GraphQLError(`app: ${String(exception)}`, {
      extensions: { code: 'APP_ERROR', status },
    });
  }
  const detail = exception instanceof HttpException ? exception.getResponse() : String(exception);
  host
    .switchToHttp()
    .getResponse<{
      status(code: number): { header(n: string, v: string): { send(b: unknown): void } };
    }>()
    .status(status)
    .header('X-App-Filter', 'yes')
    .send({ app: 'mine', status, detail });
  return undefined;
}

@Catch(HttpException)
class AppHttpExceptionFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost) {
    return answerAsTheApp(exception, host);
  }
}

@Catch()
class AppCatchAllFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    return answerAsTheApp(exception, host);
  }
}

@Controller()
class AppController {
  @Get('me')
  me(@CurrentUser('sub') sub: string) {
    return { sub };
  }

  @Roles('admin')
  @Get('admin')
  admin() {
    return { admin: true };
  }

  @Public()
  @Get('boom')
  boom() {
    throw new BadRequestException('The app says no.');
  }

  @Public()
  @Post('echo')
  echo(@Body() body: unknown) {
    return body;
  }
}

const USERS: Record<string, { sub: string; roles: string[] }> = {
  'alice:wonderland': { sub: 'alice', roles: ['user'] },
};
const validateCredentials = async (username: string, password: string) =>
  USERS[`${username}:${password}`] ?? null;

/** What the app's filter answered: its body around our exception's `getResponse()`. */
function expectAppAnswer(response: Response, status: number, detail: unknown): void {
  expect(response.status).toBe(status);
  expect(response.headers['x-app-filter']).toBe('yes');
  expect(response.body).toEqual({ app: 'mine', status, detail });
}

const ourBody = (statusCode: number, error: string, code: string) => ({
  statusCode,
  error,
  code,
  message: expect.any(String),
});

describe.each<[string, 'useGlobalFilters' | 'APP_FILTER', Type<ExceptionFilter>]>([
  ['@Catch(HttpException)', 'useGlobalFilters', AppHttpExceptionFilter],
  ['@Catch(HttpException)', 'APP_FILTER', AppHttpExceptionFilter],
  ['@Catch()', 'useGlobalFilters', AppCatchAllFilter],
  ['@Catch()', 'APP_FILTER', AppCatchAllFilter],
])('HTTP: an app whose global %s filter is registered with %s', (_kind, registration, Filter) => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          secret: TEST_SECRET,
          store: 'memory',
          validateCredentials,
          loginThrottle: { maxAttemptsPerUsernameAndIp: 2, windowSeconds: 60 },
        }),
      ],
      controllers: [AppController],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        ...(registration === 'APP_FILTER' ? [{ provide: APP_FILTER, useClass: Filter }] : []),
      ],
    }).compile();
    app = newHttpApp(moduleRef);
    if (registration === 'useGlobalFilters') app.useGlobalFilters(new Filter());
    await initHttpApp(app);
  });
  afterAll(() => app?.close());

  const accessToken = async () =>
    (
      await http()
        .post('/auth/login')
        .send({ username: 'alice', password: 'wonderland' })
        .expect(200)
    ).body.accessToken as string;

  /** Makes the denylist fail for the duration of `run`: revocations cannot be checked. */
  async function withStoreDown<T>(run: () => Promise<T>): Promise<T> {
    const has = jest.spyOn(app.get<Denylist>(Denylist), 'has').mockRejectedValue(new Error('down'));
    try {
      return await run();
    } finally {
      has.mockRestore();
    }
  }

  describe("the app's own errors keep the app's filter", () => {
    it('an exception of its route', async () => {
      expectAppAnswer(await http().get('/boom'), 400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'The app says no.',
      });
    });

    it('an unknown route', async () => {
      const response = await http().get('/nowhere');
      expect(response.status).toBe(404);
      expect(response.headers['x-app-filter']).toBe('yes');
      expect(response.body).toMatchObject({ app: 'mine', status: 404 });
    });

    it('a body its route cannot parse: no validation_failed there', async () => {
      const response = await http().post('/echo').set('Content-Type', 'application/json').send('{');
      expect(response.status).toBe(400);
      expect(response.headers['x-app-filter']).toBe('yes');
      expect(response.body).toMatchObject({ app: 'mine', status: 400 });
      expect(JSON.stringify(response.body)).not.toContain('validation_failed');
    });
  });

  describe('the auth routes keep their own answers', () => {
    it('401 token_missing, with the challenge', async () => {
      const response = await http().get('/auth/sessions');
      expectAuthError(response, 401, 'token_missing');
      expect(response.headers['x-app-filter']).toBeUndefined();
    });

    it('400 validation_failed for a body that is not JSON', async () => {
      const response = await http()
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"username":');
      expectAuthError(response, 400, 'validation_failed');
      expect(response.headers['x-app-filter']).toBeUndefined();
    });

    it('503 auth_store_unavailable', async () => {
      const token = await accessToken();
      const response = await withStoreDown(() =>
        http().get('/auth/sessions').set('Authorization', `Bearer ${token}`),
      );
      expectAuthError(response, 503, 'auth_store_unavailable');
    });

    it('429 too_many_attempts, with Retry-After', async () => {
      const attempt = () => http().post('/auth/login').send({ username: 'eve', password: 'guess' });
      for (let failures = 0; failures < 2; failures++) {
        expectAuthError(await attempt(), 401, 'invalid_credentials');
      }
      const response = await attempt();
      expectAuthError(response, 429, 'too_many_attempts');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe("the guard's refusals on the app's routes: the app's body, our status and headers", () => {
    it('401: the challenge and no-store are already on the response', async () => {
      const response = await http().get('/me');
      expectAppAnswer(response, 401, ourBody(401, 'Unauthorized', 'token_missing'));
      expect(response.headers['www-authenticate']).toBe(challengeFor('token_missing'));
      expect(response.headers['cache-control']).toBe('no-store');

      const forged = await http().get('/me').set('Authorization', 'Bearer not-a-jwt');
      expectAppAnswer(forged, 401, ourBody(401, 'Unauthorized', 'token_malformed'));
      expect(forged.headers['www-authenticate']).toBe(challengeFor('token_malformed'));
    });

    it('403 forbidden', async () => {
      const response = await http()
        .get('/admin')
        .set('Authorization', `Bearer ${await accessToken()}`);
      expectAppAnswer(response, 403, ourBody(403, 'Forbidden', 'forbidden'));
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('503 auth_store_unavailable', async () => {
      const token = await accessToken();
      const response = await withStoreDown(() =>
        http().get('/me').set('Authorization', `Bearer ${token}`),
      );
      expectAppAnswer(response, 503, ourBody(503, 'Service Unavailable', 'auth_store_unavailable'));
    });
  });
});

@Resolver()
class AppResolver {
  @Query(() => String)
  me(@CurrentUser('sub') sub: string): string {
    return sub;
  }

  @Roles('admin')
  @Query(() => String)
  admin(): string {
    return 'admin';
  }

  @Public()
  @Query(() => String)
  boom(): string {
    throw new BadRequestException('The app says no.');
  }

  /** The app's own login, through AuthService, with the module's filter applied. */
  @Public()
  @UseFilters(AuthExceptionFilter)
  @Mutation(() => String)
  async login(@Args('username') username: string, @Args('password') password: string) {
    return ((await this.auth.login(username, password)) as TokenPair).accessToken;
  }

  constructor(private readonly auth: AuthService) {}
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

(HTTP_ADAPTER === 'express' ? describe : describe.skip)(
  "GraphQL: an app with its own global filter and formatError (Apollo's on Express)",
  () => {
    let app: INestApplication;
    let tokens: TestTokens;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          AuthTestingModule.forRoot({ validateCredentials }),
          GraphQLModule.forRoot<ApolloDriverConfig>({
            driver: ApolloDriver,
            autoSchemaFile: true,
            graphiql: false,
            formatError: (formatted) => ({
              ...formatted,
              extensions: { ...formatted.extensions, formattedByApp: true },
            }),
          }),
        ],
        providers: [AppResolver, { provide: APP_GUARD, useClass: JwtAuthGuard }],
      }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      app.useGlobalFilters(new AppHttpExceptionFilter());
      await app.init();
      tokens = app.get(TestTokens);
    });
    afterAll(() => app?.close());

    async function graphql(query: string, token?: string): Promise<GraphQLBody> {
      const response = await request(app.getHttpServer())
        .post('/graphql')
        .set(token ? { Authorization: `Bearer ${token}` } : {})
        .send({ query });
      expect(response.status).toBe(200);
      return response.body as GraphQLBody;
    }

    const only = (body: GraphQLBody) => {
      expect(body.errors).toHaveLength(1);
      return body.errors![0].extensions;
    };

    it('401: UNAUTHENTICATED with authCode, through the app’s formatError', async () => {
      expect(only(await graphql('{ me }'))).toEqual({
        code: 'UNAUTHENTICATED',
        authCode: 'token_missing',
        statusCode: 401,
        formattedByApp: true,
      });
    });

    it('403: FORBIDDEN with authCode', async () => {
      const token = await tokens.accessToken({ sub: 'ann', roles: ['user'] });
      expect(only(await graphql('{ admin }', token))).toMatchObject({
        code: 'FORBIDDEN',
        authCode: 'forbidden',
      });
    });

    it('503: SERVICE_UNAVAILABLE with authCode', async () => {
      const token = await tokens.accessToken({ sub: 'ann' });
      const has = jest.spyOn(app.get<Denylist>(Denylist), 'has').mockRejectedValue(new Error('x'));
      try {
        expect(only(await graphql('{ me }', token))).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          authCode: 'auth_store_unavailable',
          statusCode: 503,
        });
      } finally {
        has.mockRestore();
      }
    });

    it('AuthService in the app’s resolver, under AuthExceptionFilter: UNAUTHENTICATED', async () => {
      const body = await graphql('mutation { login(username: "alice", password: "no") }');
      expect(only(body)).toMatchObject({
        code: 'UNAUTHENTICATED',
        authCode: 'invalid_credentials',
      });
    });

    it("the app's own error keeps the app's filter", async () => {
      expect(only(await graphql('{ boom }'))).toEqual({
        code: 'APP_ERROR',
        status: 400,
        formattedByApp: true,
      });
    });
  },
);

@UseFilters(WsAuthExceptionFilter)
@UseGuards(JwtAuthGuard)
@WebSocketGateway()
class WsGateway {
  @SubscribeMessage('whoami')
  whoami(@CurrentUser('sub') sub: string) {
    return sub;
  }

  @Roles('admin')
  @SubscribeMessage('admin')
  admin() {
    return 'admin';
  }
}

/** The same gateway under the module's all-transport filter. */
@UseFilters(AuthExceptionFilter)
@UseGuards(JwtAuthGuard)
@WebSocketGateway({ namespace: 'all' })
class AllTransportsGateway {
  @SubscribeMessage('whoami')
  whoami(@CurrentUser('sub') sub: string) {
    return sub;
  }
}

describe('WebSockets: an app with its own global filters', () => {
  let app: INestApplication;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthTestingModule.forRoot()],
      providers: [
        WsGateway,
        AllTransportsGateway,
        { provide: APP_FILTER, useClass: AppCatchAllFilter },
      ],
    }).compile();
    app = newHttpApp(moduleRef);
    app.useGlobalFilters(new AppHttpExceptionFilter());
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => app?.close());

  async function connect(path: string, token?: string): Promise<Socket> {
    const socket = await connectSocket(`${url}${path}`, token ? { auth: { token } } : {});
    sockets.push(socket);
    return socket;
  }

  it('a refused message gets our exception event: 401 token_missing, 403 forbidden', async () => {
    const anonymous = await connect('');
    expect(await send(anonymous, 'whoami')).toEqual(refusal(401, 'token_missing', 'whoami'));
    const user = await connect('', await app.get(TestTokens).accessToken({ sub: 'ann' }));
    expect(await send(user, 'whoami')).toEqual({ ack: 'ann' });
    expect(await send(user, 'admin')).toEqual(refusal(403, 'forbidden', 'admin'));
  });

  it('AuthExceptionFilter answers on a gateway as WsAuthExceptionFilter does', async () => {
    const anonymous = await connect('/all');
    expect(await send(anonymous, 'whoami')).toEqual(refusal(401, 'token_missing', 'whoami'));
  });
});
