import { Controller, Get, Header, Req, Res, UseGuards } from '@nestjs/common';
import { Public } from './decorators/public.decorator.js';
import { IssuerOnlyGuard } from './guards/issuer-only.guard.js';
import { KeySet } from './keys/key-set.js';
import { type PublicJwks, publicJwks } from './keys/public-jwks.js';
import { type CacheableResponse, preventCaching } from './response/no-store.js';
import { TenantContexts } from './tenants/tenant-contexts.js';

/**
 * `GET /.well-known/jwks.json`: what other services verify our tokens with, as
 * `application/jwk-set+json` (RFC 7517 section 8.5). Cached for five minutes, so a key added for
 * rotation reaches verifiers well before it starts signing.
 */
@Controller('.well-known')
@UseGuards(IssuerOnlyGuard)
export class JwksController {
  private readonly body: PublicJwks;

  constructor(
    keys: KeySet,
    private readonly tenants: TenantContexts,
  ) {
    this.body = publicJwks(keys.publicKeys());
  }

  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Content-Type', 'application/jwk-set+json')
  jwks(
    @Req() request: object,
    @Res({ passthrough: true }) response: CacheableResponse,
  ): PublicJwks {
    if (!this.tenants.enabled) return this.body;
    // With tenants, the request's tenant's keys: a shared cache must not hand them to another.
    if (this.tenants.vary) response.header('Vary', this.tenants.vary);
    try {
      return this.tenants.jwksOf(request);
    } catch (error) {
      // A refusal is no key set to keep for five minutes.
      preventCaching(response);
      throw error;
    }
  }
}
