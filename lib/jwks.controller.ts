import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { Public } from './decorators/public.decorator.js';
import { IssuerOnlyGuard } from './guards/issuer-only.guard.js';
import { KeySet } from './keys/key-set.js';
import { type PublicJwks, publicJwks } from './keys/public-jwks.js';

/**
 * `GET /.well-known/jwks.json`: what other services verify our tokens with. Cached for five
 * minutes, so a key added for rotation reaches verifiers well before it starts signing.
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
  jwks(): PublicJwks {
    return this.body;
  }
}
