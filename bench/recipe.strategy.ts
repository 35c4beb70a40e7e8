import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { BENCH_SECRET } from './bench-configs.js';

/** The NestJS docs recipe: passport-jwt with a string secret, no revocation. */
@Injectable()
export class RecipeStrategy extends PassportStrategy(Strategy, 'bench-recipe') {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: BENCH_SECRET });
  }

  validate(payload: Record<string, unknown>) {
    return { sub: payload.sub };
  }
}

/** The same recipe with the secret as a KeyObject (jsonwebtoken skips its PEM parsing attempt). */
@Injectable()
export class RecipeKeyObjectStrategy extends PassportStrategy(Strategy, 'bench-recipe-keyobject') {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // @types/passport-jwt omits KeyObject, which jsonwebtoken accepts.
      secretOrKey: createSecretKey(Buffer.from(BENCH_SECRET)) as unknown as Buffer,
    });
  }

  validate(payload: Record<string, unknown>) {
    return { sub: payload.sub };
  }
}
