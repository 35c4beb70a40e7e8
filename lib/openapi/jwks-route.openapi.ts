import { JwksController } from '../jwks.controller.js';
import { notFoundResponse } from './error-responses.js';
import { AUTH_TAG } from './openapi-tag.js';
import { AuthJwks } from './response-schemas.js';
import { type Swagger } from './swagger.js';

/**
 * Documents `GET /.well-known/jwks.json`. One class serves every configuration, so the
 * resource-server 404 is described instead of the route being left out.
 */
export function documentJwksController({
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
}: Swagger): void {
  const prototype = JwksController.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'jwks')!;
  ApiTags(AUTH_TAG)(JwksController);
  for (const decorate of [
    ApiOperation({
      summary: 'The public keys that verify the access tokens',
      description:
        'A JWK set (RFC 7517) for other services to verify these tokens with: the public halves of the asymmetric `keys`, never private material. Empty with an HMAC `secret`.',
    }),
    // RFC 7517 section 8.5.
    ApiProduces('application/jwk-set+json'),
    ApiResponse({
      status: 200,
      description: 'The JWK set.',
      type: AuthJwks,
      headers: {
        'Cache-Control': {
          description: '`public, max-age=300`',
          schema: { type: 'string' },
        },
      },
    }),
    ApiResponse(
      notFoundResponse('Resource-server mode (`jwksUrl`): this service issues no tokens.'),
    ),
  ]) {
    decorate(prototype, 'jwks', descriptor);
  }
}
