import { type CanActivate, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';

/**
 * Hides the module's routes in resource-server mode, where it issues nothing: with
 * `forRootAsync()` the options are not known when the controllers are mounted.
 */
@Injectable()
export class IssuerOnlyGuard implements CanActivate {
  constructor(@Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions) {}

  canActivate(): boolean {
    if (this.options.mode === 'resource-server') throw new NotFoundException();
    return true;
  }
}
