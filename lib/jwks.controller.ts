import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { Public } from './decorators/public.decorator.js';
import { IssuerOnlyGuard } from './guards/issuer-only.guard.js';
import { KeySet } from './keys/key-set.js';
import { type PublicJwks, publicJwks } from './keys/public-jwks.js';

/**
 * `GET /.well-known/jwks.json`: what other services verify our tokens with, as
 * `application/jwk-set+json` (RFC 7517 section 8.5). Cached for five minutes, so a key added for
 * rotation reaches verifiers well before it starts signing.
 */
@Controller('.well-known')
@UseGuards(IssuerOnlyGuard)
export class JwksController {
  private readonly body: PublicJwks;

  constructor(keys: KeySet) {
    this.body = publicJwks(keys.publicKeys());
  }

  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Content-Type', 'application/jwk-set+json')
  jwks(): PublicJwks {
    return this.body;
  }
}
