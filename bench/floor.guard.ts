import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { BENCH_SECRET } from './bench-configs.js';

/**
 * The physical floor of JWT authentication: one HMAC-SHA256 and one JSON.parse, nothing else
 * (no claim checks, no revocation). Not safe; a yardstick only.
 */
@Injectable()
export class FloorGuard implements CanActivate {
  private readonly secret = Buffer.from(BENCH_SECRET);

  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string>; user?: unknown }>();
    const token = (request.headers.authorization ?? '').slice(7);
    const dot = token.lastIndexOf('.');
    const expected = createHmac('sha256', this.secret).update(token.slice(0, dot)).digest();
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedException();
    }
    request.user = JSON.parse(
      Buffer.from(token.slice(token.indexOf('.') + 1, dot), 'base64url').toString(),
    );
    return true;
  }
}
